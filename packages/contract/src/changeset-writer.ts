// `pnpm contract --write-changeset`: writes the changeset the version gate asks for.
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Change } from './types.ts'
import type { Requirement } from './version-gate.ts'

const LEVEL = { error: 'breaking', warning: 'potentially breaking', info: 'info' } as const

/** The text of a changeset bumping each package as required and listing the changes. */
export function changesetText(
  required: Record<string, Requirement>,
  changes: readonly Change[],
): string | undefined {
  const bumps = Object.entries(required).filter(([, r]) => r.bump !== 'none')
  if (bumps.length === 0) return undefined
  const seen = new Set<string>()
  const lines: string[] = []
  for (const c of changes) {
    const line = `- ${LEVEL[c.level]}${c.tags.includes('security') ? ' (security)' : ''}: \`${c.id}\` at \`${c.path}\` — ${c.message}`
    if (!seen.has(line)) lines.push(line)
    seen.add(line)
  }
  const reasons = [...new Set(bumps.map(([, r]) => r.reason))].join('; ')
  const body = lines.length > 0 ? `Spec changes (${reasons}):\n\n${lines.join('\n')}` : `Changes: ${reasons}.`
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
