// Machine-readable outputs of `pnpm contract`: JSON, SARIF 2.1.0, JUnit XML and GitHub annotations.
import type { LineOf } from './lines.ts'
import { RULES } from './rules/catalog.ts'
import type { Change, CheckResult } from './types.ts'

/** The output formats besides the Markdown report. */
export const FORMATS = ['markdown', 'json', 'sarif', 'junit', 'github'] as const
/** One of {@link FORMATS}. */
export type Format = (typeof FORMATS)[number]

/** Everything a format may show. */
export interface Outcome {
  results: readonly CheckResult[]
  changes: readonly Change[]
  /** The spec file, relative to the repository root. */
  file: string
  /** Lines in the revised spec and in the base spec. */
  lines: { revision: LineOf; base: LineOf }
}

const lineOf = (o: Outcome, c: Change): number => o.lines[c.in === 'base' ? 'base' : 'revision'](c.pointer)

/** The run as one JSON object: every check and every change with its line. */
export function renderJson(o: Outcome): string {
  const ok = o.results.every((r) => r.ok)
  const changes = o.changes.map((c) => ({ ...c, file: o.file, line: lineOf(o, c) }))
  return `${JSON.stringify({ ok, checks: o.results, changes }, null, 2)}\n`
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const

/** The changes and failed checks as a SARIF 2.1.0 log (one run, one result per change). */
export function renderSarif(o: Outcome): string {
  const used = [...new Set(o.changes.map((c) => c.id))]
  const rules = used.map((id) => {
    const r = RULES.get(id)
    return {
      id,
      shortDescription: { text: r?.description ?? id },
      defaultConfiguration: { level: SARIF_LEVEL[r?.level ?? 'info'] },
      properties: { tags: [r?.family ?? 'contract', ...(r?.security ? ['security'] : [])] },
    }
  })
  const failed = o.results.filter((r) => !r.ok)
  const results = [
    ...o.changes.map((c) => ({
      ruleId: c.id,
      ruleIndex: used.indexOf(c.id),
      level: SARIF_LEVEL[c.level],
      message: { text: `${c.message} (at ${c.path}${c.in === 'base' ? '; line in the base spec' : ''})` },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: o.file },
            region: { startLine: lineOf(o, c) },
          },
        },
      ],
      properties: { tags: c.tags, pointer: c.pointer, document: c.in },
    })),
    ...failed.map((r) => ({
      ruleId: `check/${r.name}`,
      level: 'error' as const,
      message: { text: r.summary },
    })),
  ]
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'joinlink-contract',
            informationUri: 'https://github.com/joinlink/joinlink',
            rules,
          },
        },
        results,
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}

const xml = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')

/** JUnit XML: one test case per check (failed checks fail) and one per change, for the record. */
export function renderJunit(o: Outcome): string {
  const failures = o.results.filter((r) => !r.ok).length
  const checks = o.results.map((r) => {
    const inner = r.ok ? '' : `<failure message="${xml(r.summary)}">${xml(r.details ?? r.summary)}</failure>`
    return `    <testcase classname="contract" name="${xml(r.name)}">${inner}<system-out>${xml(r.summary)}</system-out></testcase>`
  })
  const changes = o.changes.map(
    (c) =>
      `    <testcase classname="spec-changes.${c.level}" name="${xml(`${c.id} at ${c.path}`)}" file="${xml(o.file)}" line="${lineOf(o, c)}"><system-out>${xml(`${c.tags.includes('security') ? '[security] ' : ''}${c.message}`)}</system-out></testcase>`,
  )
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="pnpm contract" tests="${checks.length + changes.length}" failures="${failures}">`,
    `  <testsuite name="checks" tests="${checks.length}" failures="${failures}">`,
    ...checks,
    '  </testsuite>',
    `  <testsuite name="spec changes" tests="${changes.length}" failures="0">`,
    ...changes,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n')
}

const GITHUB = { error: 'error', warning: 'warning', info: 'notice' } as const
const data = (s: string): string => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
const prop = (s: string): string => data(s).replaceAll(':', '%3A').replaceAll(',', '%2C')

/** GitHub Actions workflow commands: one annotation per change on its spec line, one per failed check. */
export function renderGithub(o: Outcome): string {
  const lines = o.changes.map((c) => {
    const where = c.in === 'base' ? ' (removed; line in the base spec)' : ''
    const security = c.tags.includes('security') ? '[security] ' : ''
    const title = prop(`${c.id}`)
    return `::${GITHUB[c.level]} file=${o.file},line=${lineOf(o, c)},title=${title}::${data(`${security}${c.message} — ${c.path}${where}`)}`
  })
  for (const r of o.results)
    if (!r.ok) lines.push(`::error title=${prop(`contract ${r.name}`)}::${data(r.summary)}`)
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}
