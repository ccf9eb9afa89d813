// Check 5: the spec at the base ref against the working tree, each distinct change classified. It
// reports and explains; whether the change may land is the version check's call (a breaking change
// with a major changeset is fine). It fails when the specs cannot be compared, or when the
// acknowledgement file has an entry that is malformed, expired, or new and matching nothing.
import { ACK_FILE } from '../acknowledge.ts'
import type { Check } from '../context.ts'
import { bySeverity, count, LEVEL_LABEL } from '../severity.ts'
import type { Change, Level } from '../types.ts'

const BOLD: Record<Level, boolean> = { error: true, warning: true, info: false }

function line(c: Change): string {
  const label = BOLD[c.level] ? `**${LEVEL_LABEL[c.level]}**` : LEVEL_LABEL[c.level]
  const ack = c.acknowledged === undefined ? '' : ` (acknowledged: ${c.acknowledged.reason})`
  const tags = c.tags.map((t) => ` 🔒 \`${t}\``).join('')
  const n = c.also?.length ?? 0
  const more = n > 0 ? ` (and ${n} more place${n > 1 ? 's' : ''})` : ''
  return `- ${label}${ack}${tags} \`${c.id}\` at \`${c.path}\`${more}: ${c.message}`
}

/**
 * Markdown list of changes, most severe first; documentation changes (descriptions, summaries) are
 * one line, since nearly every pull request has some and none asks for more than a patch.
 */
export function listChanges(changes: readonly Change[]): string {
  const docs = changes.filter((c) => c.id === 'description-changed')
  const rest = bySeverity(changes.filter((c) => c.id !== 'description-changed')).map(line)
  if (docs.length > 0) {
    const where = docs.slice(0, 3).map((c) => `\`${c.path.split(' › ').at(-1)}\``)
    rest.push(
      `- info \`description-changed\`: ${count(docs.length, 'description')} changed (${where.join(', ')}${docs.length > 3 ? ', …' : ''})`,
    )
  }
  return rest.join('\n')
}

/** Counts by level, e.g. `2 breaking, 1 potentially breaking, 3 info`. */
export function countLevels(changes: readonly Change[]): string {
  const n = (l: Level) => changes.filter((c) => c.level === l).length
  return `${n('error')} breaking, ${n('warning')} potentially breaking, ${n('info')} info`
}

/** Lists every distinct spec change with its rule id and level; fails only when it cannot be trusted. */
export const breakingCheck: Check = {
  name: 'breaking',
  async run({ comparison }) {
    const c = await comparison()
    if (c.kind === 'error') return { name: 'breaking', ok: false, summary: c.message }
    if (c.kind === 'no-base') return { name: 'breaking', ok: true, summary: c.reason }
    const against = `against ${c.base.sha.startsWith(c.base.ref) ? c.base.ref : `${c.base.ref} (${c.base.sha.slice(0, 12)})`}, the ${c.base.how}`
    const { problems, spent } = c.acknowledgements
    const notes = [
      ...problems.map((p) => `- ❌ ${p}`),
      ...spent.map(
        (e) =>
          `- \`${e.rule}\` at \`${e.pointer}\` in ${ACK_FILE} matches nothing now (its change has landed); it may be removed`,
      ),
    ]
    const ackDetails = notes.length > 0 ? `\n\nAcknowledgement file:\n${notes.join('\n')}` : ''
    if (problems.length > 0) {
      return {
        name: 'breaking',
        ok: false,
        summary: `${ACK_FILE}: ${count(problems.length, 'problem')} — ${problems[0]}`,
        details: `${listChanges(c.changes)}${ackDetails}`,
      }
    }
    if (c.changes.length === 0) {
      const summary = c.specChanged ? `no change a rule sees ${against}` : `spec unchanged ${against}`
      return { name: 'breaking', ok: true, summary, ...(ackDetails ? { details: ackDetails.trim() } : {}) }
    }
    const security = c.changes.filter((x) => x.tags.includes('security')).length
    const acked = c.changes.filter((x) => x.acknowledged !== undefined).length
    const extra = [
      security > 0 ? `${security} security-relevant` : '',
      acked > 0 ? `${acked} acknowledged in ${ACK_FILE}` : '',
    ].filter(Boolean)
    const worst = bySeverity(c.changes)[0] as Change
    const summary = `${count(c.changes.length, 'change')} ${against}: ${countLevels(c.changes)}${extra.map((x) => `, ${x}`).join('')} (worst: \`${worst.id}\` at \`${worst.path}\`); the version check decides`
    return { name: 'breaking', ok: true, summary, details: `${listChanges(c.changes)}${ackDetails}` }
  },
}
