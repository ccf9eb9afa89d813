// Check 3: the validation package's judge test (spec examples and fixtures across the three judges).
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import type { Check } from '../context.ts'
import { run, tail } from '../run.ts'
import { fence } from './lint.ts'

const TEST = 'src/judges.test.ts'

/** Runs `vitest run src/judges.test.ts` in @joinlink/validation; a missing test file is a failure. */
export const fixturesCheck: Check = {
  name: 'fixtures',
  async run({ root }) {
    if (!existsSync(join(root, 'packages/validation', TEST))) {
      return {
        name: 'fixtures',
        ok: false,
        summary: `packages/validation/${TEST} does not exist, so nothing judges the fixtures`,
      }
    }
    const args = ['--filter', '@joinlink/validation', 'exec', 'vitest', 'run', TEST]
    const r = await run('pnpm', args, {
      cwd: root,
      timeoutMs: 300_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    })
    const counts = /Tests\s+(.*)/.exec(tail(r.output, 40))?.[1]?.trim()
    if (r.code === 0) {
      return {
        name: 'fixtures',
        ok: true,
        summary: `examples and fixtures agree across the judges (${counts ?? 'tests passed'})`,
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
