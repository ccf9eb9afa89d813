// `pnpm contract --write-changeset`: writes the changeset the version gate asks for. Its text becomes
// the CHANGELOG entry, so it opens with a line for a person to write, then lists what breaks (most
// severe first); information-only changes are left to the contract report.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { bySeverity } from './severity.ts'
import type { Change } from './types.ts'
import type { Requirement } from './version-gate.ts'

/** The line a person replaces with the summary users read in the CHANGELOG. */
export const SUMMARY_PLACEHOLDER =
  'TODO(changelog): in one sentence, what changed for users of these packages and what they must do.'

const HEADINGS = { error: 'Breaking changes', warning: 'Potentially breaking changes' } as const

/** The text of a changeset bumping each package as required and listing what may break. */
export function changesetText(
  required: Record<string, Requirement>,
  changes: readonly Change[],
): string | undefined {
  const bumps = Object.entries(required).filter(([, r]) => r.bump !== 'none')
  if (bumps.length === 0) return undefined
  const sections: string[] = []
  for (const level of ['error', 'warning'] as const) {
    const list = bySeverity(changes).filter((c) => c.level === level && c.acknowledged === undefined)
    if (list.length === 0) continue
    const lines = list.map(
      (c) =>
        `- ${c.tags.includes('security') ? '(security) ' : ''}\`${c.id}\` at \`${c.path}\`: ${c.message}`,
    )
    sections.push(`${HEADINGS[level]}:\n\n${lines.join('\n')}`)
  }
  const acked = changes.filter((c) => c.acknowledged !== undefined && c.level !== 'info')
  if (acked.length > 0)
    sections.push(
      `Acknowledged (not breaking, as the reviewers agreed):\n\n${acked.map((c) => `- \`${c.id}\` at \`${c.path}\`: ${c.acknowledged?.reason}`).join('\n')}`,
    )
  const body = [SUMMARY_PLACEHOLDER, ...sections].join('\n\n')
  return ['---', ...bumps.map(([p, r]) => `"${p}": ${r.bump}`), '---', '', body, ''].join('\n')
}

/** Writes `.changeset/contract-<hash>.md`; returns its path from the root, or undefined when nothing is needed. */
export function writeChangeset(
  root: string,
  required: Record<string, Requirement>,
  changes: readonly Change[],
): string | undefined {
  const text = changesetText(required, changes)
  if (text === undefined) return undefined
  const file = `.changeset/contract-${createHash('sha256').update(text).digest('hex').slice(0, 8)}.md`
  mkdirSync(join(root, '.changeset'), { recursive: true })
  writeFileSync(join(root, file), text)
  return file
}
