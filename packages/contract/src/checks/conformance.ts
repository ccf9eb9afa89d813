// Check 4: build and start the real edge app, then run the live conformance check against it.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { checkConformance, describeFailures } from '../conformance.ts'
import { type Check, readHeadSpec } from '../context.ts'
import { buildEdge, startEdge } from '../edge-process.ts'
import { CONFORMANCE_INPUTS, skipReason } from '../inputs.ts'
import type { RequestCase } from '../request-case.ts'
import { tail } from '../run.ts'
import type { CheckResult } from '../types.ts'
import { fence } from './lint.ts'

const fail = (summary: string, details?: string): CheckResult => ({
  name: 'conformance',
  ok: false,
  summary,
  ...(details === undefined ? {} : { details }),
})

/** The fixture corpus as wire requests, each with the answer it must get. */
async function fixtureRequests(): Promise<RequestCase[]> {
  const { invalidRequests, validRequests } = await import('@joinlink/validation/fixtures')
  return [
    ...validRequests.map((f) => ({
      name: `valid fixture "${f.name}"`,
      body: JSON.stringify(f.body),
      contentType: 'application/json',
      expect: { status: 200 },
    })),
    ...invalidRequests.map((f) => ({
      name: `invalid fixture "${f.name}"`,
      body: f.rawBody,
      contentType: f.contentType === undefined ? 'application/json' : f.contentType,
      expect: { status: f.status, code: f.code },
    })),
  ]
}

/** Starts @joinlink/edge on a free port and sends it the fixtures plus `--count` generated requests. */
export const conformanceCheck: Check = {
  name: 'conformance',
  async run(ctx) {
    const { root, options, log } = ctx
    const skip = await skipReason(ctx, 'conformance', CONFORMANCE_INPUTS)
    if (skip !== undefined)
      return { name: 'conformance', ok: true, skipped: true, summary: `skipped: ${skip}` }
    const pkgFile = join(root, 'apps/edge/package.json')
    const pkg = existsSync(pkgFile)
      ? (JSON.parse(readFileSync(pkgFile, 'utf8')) as { name?: string; scripts?: Record<string, string> })
      : undefined
    if (pkg?.name !== '@joinlink/edge')
      return fail('the edge app (@joinlink/edge in apps/edge) does not exist yet')
    if (pkg.scripts?.start === undefined) return fail('@joinlink/edge has no start script')
    let requests: RequestCase[]
    try {
      requests = await fixtureRequests()
    } catch (error) {
      return fail(
        `could not load @joinlink/validation/fixtures: ${error instanceof Error ? error.message : String(error)}`,
      )
    }
    // The edge bundles its workspace dependencies from source, so building it alone is enough; a
    // build from the same inputs is reused.
    if (pkg.scripts?.build !== undefined) {
      const built = await buildEdge(root, pkg.scripts.build, log)
      if (!built.ok) return fail(built.summary, built.details)
    }
    let edge: Awaited<ReturnType<typeof startEdge>>
    try {
      edge = await startEdge(root, process.env, 60_000, pkg.scripts.start)
    } catch (error) {
      return fail(error instanceof Error ? error.message : String(error))
    }
    try {
      log(
        `edge listening at ${edge.baseUrl}; sending ${requests.length} fixtures + ${options.count} generated requests (seed ${options.seed})`,
      )
      const result = await checkConformance({
        baseUrl: edge.baseUrl,
        spec: readHeadSpec(root),
        requests,
        count: options.count,
        seed: options.seed,
      })
      const statuses = Object.entries(result.statusCounts)
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([s, n]) => `${s}×${n}`)
        .join(' ')
      const crashed = !edge.alive()
      const replay = `Replay with \`pnpm contract --only conformance --seed ${result.seed}\` (or \`FC_SEED=${result.seed}\`).`
      if (result.ok && !crashed) {
        return {
          name: 'conformance',
          ok: true,
          summary: `${result.sent} answers all conform (seed ${result.seed}; ${statuses})`,
        }
      }
      const why = crashed
        ? 'the edge app crashed during the run'
        : result.timedOut
          ? `time bound ran out after ${result.sent} of ${result.planned} requests`
          : `${result.failures.length} of ${result.sent} answers broke the contract`
      const details = [
        `Seed ${result.seed}; statuses: ${statuses}.`,
        replay,
        '',
        describeFailures(result),
        ...(crashed ? ['', 'Edge output (tail):', fence(tail(edge.output(), 30))] : []),
      ].join('\n')
      return fail(`${why} (seed ${result.seed})`, details)
    } finally {
      await edge.stop()
    }
  },
}
