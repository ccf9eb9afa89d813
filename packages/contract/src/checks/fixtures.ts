// Check 3: the three judges of @joinlink/validation — Ajv over the spec and the zod schemas
// (judges.test.ts, run by vitest), and the TypeScript compiler (one tsc pass over the package: the
// typed fixtures that `satisfies` the generated types, and types-agree.test-d.ts, whose
// expectTypeOf assertions are type errors when z.infer and @joinlink/types disagree). The two run
// side by side.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Check } from '../context.ts'
import { FIXTURES_INPUTS, skipReason } from '../inputs.ts'
import { binOf, run, tail } from '../run.ts'
import { fence } from './lint.ts'

const PKG = 'packages/validation'
const TEST = 'src/judges.test.ts'
const TYPE_TEST = 'src/types-agree.test-d.ts'

/** Runs the Ajv and zod judges (vitest) and tsc over the typed fixtures and the type test, together. */
export const fixturesCheck: Check = {
  name: 'fixtures',
  async run(ctx) {
    const { root } = ctx
    const skip = await skipReason(ctx, 'fixtures', FIXTURES_INPUTS)
    if (skip !== undefined) return { name: 'fixtures', ok: true, skipped: true, summary: `skipped: ${skip}` }
    for (const file of [TEST, TYPE_TEST]) {
      if (!existsSync(join(root, PKG, file))) {
        return {
          name: 'fixtures',
          ok: false,
          summary: `${PKG}/${file} does not exist, so not every judge sees the fixtures`,
        }
      }
    }
    const cwd = join(root, PKG)
    const env = { ...process.env, FORCE_COLOR: '0' }
    const node = process.execPath
    const [tsc, r] = await Promise.all([
      run(node, [binOf(cwd, 'typescript', 'tsc'), '-p', 'tsconfig.json'], { cwd, timeoutMs: 300_000, env }),
      run(node, [binOf(cwd, 'vitest', 'vitest'), 'run', TEST], { cwd, timeoutMs: 300_000, env }),
    ])
    if (tsc.code !== 0) {
      return {
        name: 'fixtures',
        ok: false,
        summary: `the TypeScript judge (tsc over the typed fixtures and ${TYPE_TEST}) failed`,
        details: fence(tail(tsc.output, 40)),
      }
    }
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
