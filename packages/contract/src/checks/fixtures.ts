// Check 3: the three judges of @joinlink/validation — Ajv over the spec and the zod schemas (judges.test.ts),
// and the TypeScript compiler (the typed fixtures and types-agree.test-d.ts, through tsc and vitest --typecheck).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Check } from '../context.ts'
import { FIXTURES_INPUTS, skipReason } from '../inputs.ts'
import { run, tail } from '../run.ts'
import { fence } from './lint.ts'

const TEST = 'src/judges.test.ts'
const TYPE_TEST = 'src/types-agree.test-d.ts'

/** Runs the judge tests (Ajv, zod, and tsc through `--typecheck`) and `tsc` over the typed fixtures. */
export const fixturesCheck: Check = {
  name: 'fixtures',
  async run(ctx) {
    const { root } = ctx
    const skip = await skipReason(ctx, 'fixtures', FIXTURES_INPUTS)
    if (skip !== undefined) return { name: 'fixtures', ok: true, skipped: true, summary: `skipped: ${skip}` }
    for (const file of [TEST, TYPE_TEST]) {
      if (!existsSync(join(root, 'packages/validation', file))) {
        return {
          name: 'fixtures',
          ok: false,
          summary: `packages/validation/${file} does not exist, so not every judge sees the fixtures`,
        }
      }
    }
    const env = { ...process.env, FORCE_COLOR: '0' }
    const tsc = await run('pnpm', ['--filter', '@joinlink/validation', 'run', 'typecheck'], {
      cwd: root,
      timeoutMs: 300_000,
      env,
    })
    if (tsc.code !== 0) {
      return {
        name: 'fixtures',
        ok: false,
        summary: 'the TypeScript judge (tsc over the typed fixtures) failed',
        details: fence(tail(tsc.output, 40)),
      }
    }
    const args = ['--filter', '@joinlink/validation', 'exec', 'vitest', 'run', '--typecheck', TEST, TYPE_TEST]
    const r = await run('pnpm', args, { cwd: root, timeoutMs: 300_000, env })
    const counts = /Tests\s+(.*)/.exec(tail(r.output, 40))?.[1]?.trim()
    if (r.code === 0) {
      return {
        name: 'fixtures',
        ok: true,
        summary: `examples and fixtures agree across Ajv, zod and tsc (${counts ?? 'tests passed'})`,
      }
    }
    const failing = [
      ...new Set(
        tail(r.output, 400)
          .split('\n')
          .filter((l) => /^\s*(×|✗|FAIL)\s/.test(l)),
      ),
    ]
    return {
      name: 'fixtures',
      ok: false,
      summary: r.timedOut
        ? 'the judge test timed out'
        : `the judge test failed (${counts ?? `exit ${r.code}`})`,
      details: [...failing.slice(0, 20).map((l) => `- ${l.trim()}`), '', fence(tail(r.output, 40))].join(
        '\n',
      ),
    }
  },
}
