// Check 2: every package's `check:generated` script (regenerate and compare with what is committed).
import type { Check } from '../context.ts'
import { run, tail } from '../run.ts'
import { fence } from './lint.ts'

/** `pnpm -r run check:generated`: passes when regenerating changes nothing anywhere. */
export const generatedCheck: Check = {
  name: 'generated',
  async run({ root }) {
    const r = await run('pnpm', ['-r', '--no-bail', 'run', 'check:generated'], {
      cwd: root,
      timeoutMs: 300_000,
    })
    if (r.code === 0) {
      return { name: 'generated', ok: true, summary: 'regenerating types and schemas changes nothing' }
    }
    const plain = tail(r.output, 400).split('\n')
    const named = plain.filter((l) => /out of date|differs|drift|stale|not up to date|pnpm generate/i.test(l))
    const why =
      named.length > 0 ? `${named.length} generated file(s) out of date with the spec` : `exit ${r.code}`
    const hint = 'Run `pnpm generate` and commit the result.'
    const details = [...named.map((l) => `- ${l.trim()}`), '', hint, '', fence(tail(r.output, 25))].join('\n')
    return {
      name: 'generated',
      ok: false,
      summary: r.timedOut ? 'timed out' : `${why} — run \`pnpm generate\``,
      details,
    }
  },
}
