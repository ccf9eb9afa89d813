// Check 6: the changesets added since the base give the bump the spec change needs.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Check } from '../context.ts'
import { newChangesets } from '../git.ts'
import { foundBumps, gate, requiredBump } from '../version-gate.ts'

/** Fails when @joinlink/types or @joinlink/client is bumped less than the spec change needs. */
export const versionCheck: Check = {
  name: 'version',
  async run({ root, comparison }) {
    const c = await comparison()
    if (c.kind === 'error') return { name: 'version', ok: false, summary: c.message }
    if (c.kind === 'no-base') return { name: 'version', ok: true, summary: `${c.reason}; no bump required` }
    const files = await newChangesets(root, c.base.sha)
    const texts = files.map((f) => readFileSync(join(root, f), 'utf8'))
    const verdict = gate(requiredBump(c.changes, c.specChanged), foundBumps(texts))
    const list = files.length > 0 ? files.map((f) => `- \`${f}\``).join('\n') : '- none'
    const details = `Changesets added since ${c.base.sha.slice(0, 12)}:\n${list}`
    const show = !verdict.ok || files.length > 0
    return { name: 'version', ok: verdict.ok, summary: verdict.summary, ...(show ? { details } : {}) }
  },
}
