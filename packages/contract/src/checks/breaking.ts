// Check 5: the spec at the base ref against the working tree, each change classified. It reports and
// explains; whether the change may land is the version check's call (a breaking change with a major
// changeset is fine).
import type { Check } from '../context.ts'
import type { Change, Level } from '../types.ts'

const LABEL: Record<Level, string> = {
  error: '**breaking**',
  warning: '**potentially breaking**',
  info: 'info',
}
const ORDER: Level[] = ['error', 'warning', 'info']

/** Markdown list of changes, most severe first; identical changes met through a shared schema are merged. */
export function listChanges(changes: readonly Change[]): string {
  const groups = new Map<string, Change[]>()
  for (const c of changes) {
    const key = `${c.level}|${c.id}|${c.message}`
    groups.set(key, [...(groups.get(key) ?? []), c])
  }
  const sorted = [...groups.values()].sort(
    (a, b) => ORDER.indexOf((a[0] as Change).level) - ORDER.indexOf((b[0] as Change).level),
  )
  return sorted
    .map((group) => {
      const first = group[0] as Change
      const more =
        group.length > 1 ? ` (and ${group.length - 1} more place${group.length > 2 ? 's' : ''})` : ''
      const tags = first.tags.map((t) => ` 🔒 \`${t}\``).join('')
      return `- ${LABEL[first.level]}${tags} \`${first.id}\` at \`${first.path}\`${more}: ${first.message}`
    })
    .join('\n')
}

/** Counts by level, e.g. `2 breaking, 1 potentially breaking, 3 info`. */
export function countLevels(changes: readonly Change[]): string {
  const n = (l: Level) => changes.filter((c) => c.level === l).length
  return `${n('error')} breaking, ${n('warning')} potentially breaking, ${n('info')} info`
}

/** Lists every spec change with its rule id and level; fails only when the specs cannot be compared. */
export const breakingCheck: Check = {
  name: 'breaking',
  async run({ comparison }) {
    const c = await comparison()
    if (c.kind === 'error') return { name: 'breaking', ok: false, summary: c.message }
    if (c.kind === 'no-base') return { name: 'breaking', ok: true, summary: c.reason }
    const against = `against ${c.base.sha.startsWith(c.base.ref) ? c.base.ref : `${c.base.ref} (${c.base.sha.slice(0, 12)})`}, the ${c.base.how}`
    if (c.changes.length === 0) {
      const summary = c.specChanged ? `no change a rule sees ${against}` : `spec unchanged ${against}`
      return { name: 'breaking', ok: true, summary }
    }
    const security = c.changes.filter((x) => x.tags.includes('security')).length
    const sec = security > 0 ? `, ${security} security-relevant` : ''
    const first = c.changes.find((x) => x.level === 'error') ?? c.changes[0]
    const summary = `${c.changes.length} change(s) ${against}: ${countLevels(c.changes)}${sec} (e.g. \`${first?.id}\`); the version check decides`
    return { name: 'breaking', ok: true, summary, details: listChanges(c.changes) }
  },
}
