// Check 5: the spec at the base ref against the working tree, each change classified.
import type { Check } from '../context.ts'
import type { Change } from '../types.ts'

/** Markdown list of changes, breaking first; identical changes met through a shared schema are merged. */
export function listChanges(changes: readonly Change[]): string {
  const groups = new Map<string, Change[]>()
  for (const c of changes) {
    const key = `${c.breaking}|${c.kind}|${c.message}`
    groups.set(key, [...(groups.get(key) ?? []), c])
  }
  const sorted = [...groups.values()].sort((a, b) => Number(b[0]?.breaking) - Number(a[0]?.breaking))
  return sorted
    .map((group) => {
      const first = group[0] as Change
      const more =
        group.length > 1 ? ` (and ${group.length - 1} more place${group.length > 2 ? 's' : ''})` : ''
      const mark = first.breaking ? '**breaking**' : first.kind === 'docs' ? 'docs' : 'non-breaking'
      return `- ${mark} \`${first.kind}\` at \`${first.path}\`${more}: ${first.message}`
    })
    .join('\n')
}

/** Lists every spec change as breaking or not; fails when any is breaking. */
export const breakingCheck: Check = {
  name: 'breaking',
  async run({ comparison }) {
    const c = await comparison()
    if (c.kind === 'error') return { name: 'breaking', ok: false, summary: c.message }
    if (c.kind === 'no-base') return { name: 'breaking', ok: true, summary: c.reason }
    const against = `against ${c.base.sha.startsWith(c.base.ref) ? c.base.ref : `${c.base.ref} (${c.base.sha.slice(0, 12)})`}, the ${c.base.how}`
    if (c.changes.length === 0) {
      const summary = c.specChanged ? `no change a caller can see ${against}` : `spec unchanged ${against}`
      return { name: 'breaking', ok: true, summary }
    }
    const breaking = c.changes.filter((x) => x.breaking)
    const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`
    const details = listChanges(c.changes)
    if (breaking.length === 0) {
      return {
        name: 'breaking',
        ok: true,
        summary: `${count(c.changes.length, 'change')}, none breaking, ${against}`,
        details,
      }
    }
    const first = breaking[0] as Change
    const summary = `${count(breaking.length, 'breaking change')} ${against}, e.g. ${first.message}`
    return { name: 'breaking', ok: false, summary, details }
  },
}
