// Check 6: the changesets added since the base give every published package the bump it needs.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { SUMMARY_PLACEHOLDER } from '../changeset-writer.ts'
import type { Check, CheckContext } from '../context.ts'
import { newChangesets } from '../git.ts'
import { isObject } from '../spec-ref.ts'
import { foundBumps, gate, packageRequirements, type Requirement, requiredBump } from '../version-gate.ts'

/** The `fixed` groups of `.changeset/config.json` (packages versioned together). */
export function fixedGroups(root: string): string[][] {
  const file = join(root, '.changeset', 'config.json')
  if (!existsSync(file)) return []
  const config: unknown = JSON.parse(readFileSync(file, 'utf8'))
  const fixed = isObject(config) && Array.isArray(config.fixed) ? config.fixed : []
  return fixed.filter(Array.isArray).map((g) => g.map(String))
}

/** What each published package needs for the change since the base, or undefined without a base. */
export async function requirements(ctx: CheckContext): Promise<Record<string, Requirement> | undefined> {
  const c = await ctx.comparison()
  if (c.kind !== 'compared') return undefined
  return packageRequirements(requiredBump(c.changes, c.specChanged), await ctx.changedFiles())
}

/** Fails when a published package is bumped less than its spec or source change needs. */
export const versionCheck: Check = {
  name: 'version',
  async run(ctx) {
    const c = await ctx.comparison()
    if (c.kind === 'error') return { name: 'version', ok: false, summary: c.message }
    if (c.kind === 'no-base') return { name: 'version', ok: true, summary: `${c.reason}; no bump required` }
    const files = await newChangesets(ctx.root, c.base.sha)
    const texts = files.map((f) => readFileSync(join(ctx.root, f), 'utf8'))
    const fixed = fixedGroups(ctx.root)
    const verdict = gate((await requirements(ctx)) ?? {}, foundBumps(texts, fixed), fixed)
    const unwritten = files.filter((_, i) => texts[i]?.includes(SUMMARY_PLACEHOLDER))
    const list = files.length > 0 ? files.map((f) => `- \`${f}\``).join('\n') : '- none'
    const todo = unwritten.map(
      (f) =>
        `\n\n⚠️ \`${f}\` still opens with the placeholder line: write the CHANGELOG summary before merging.`,
    )
    const details = `Changesets added since ${c.base.sha.slice(0, 12)}:\n${list}${todo.join('')}`
    const show = !verdict.ok || files.length > 0
    const summary =
      unwritten.length > 0
        ? `${verdict.summary} (write the summary line of ${unwritten.join(', ')})`
        : verdict.summary
    return { name: 'version', ok: verdict.ok, summary, ...(show ? { details } : {}) }
  },
}
