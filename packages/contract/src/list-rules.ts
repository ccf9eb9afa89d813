// `pnpm contract --list-rules`: every rule with our level beside oasdiff's, and why they differ.
import { RULES } from './rules/catalog.ts'

/**
 * One tab-separated line per rule, after a header: id, our level, oasdiff's level (`-` when oasdiff
 * has no such rule), family, `security` or nothing, the meaning, and the reason where the levels differ.
 */
export function renderRules(): string {
  const lines = ['id\tlevel\toasdiff\tfamily\tsecurity\tdescription\twhy the levels differ']
  for (const r of RULES.values()) {
    const differs = r.oasdiff !== undefined && r.oasdiff !== r.level
    lines.push(
      [
        r.id,
        r.level,
        r.oasdiff ?? '-',
        r.family,
        r.security ? 'security' : '',
        r.description,
        differs ? (r.why ?? '') : '',
      ].join('\t'),
    )
  }
  return `${lines.join('\n')}\n`
}
