// Machine-readable outputs of `pnpm contract`: JSON, SARIF 2.1.0, JUnit XML and GitHub annotations.
// Every change is one distinct change (a shared schema's change once, with the other places it
// reaches), located on a line of the revised spec: the changed keyword, or for a removal the nearest
// parent that survives.
import type { LineOf } from './lines.ts'
import { RULES } from './rules/catalog.ts'
import { bySeverity, LEVEL_LABEL } from './severity.ts'
import type { Change, CheckResult, Level } from './types.ts'

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
  /** Lines of the revised spec (the file a pull request shows). */
  lines: LineOf
}

/** The line of a change in the revised spec; undefined for a change about the whole file. */
const lineOf = (o: Outcome, c: Change): number | undefined =>
  c.pointer === '' ? undefined : o.lines(c.pointer)

/** Whether the version gate ran and passed: the changesets give every bump the changes need. */
const gatePassed = (o: Outcome): boolean => o.results.some((r) => r.name === 'version' && r.ok)

/** Why a breaking or potentially breaking change may land, when it may. */
export function acknowledgement(c: Change, gate: boolean): string | undefined {
  if (c.acknowledged !== undefined)
    return `acknowledged in spec/contract-ignore.yaml: ${c.acknowledged.reason}${c.acknowledged.expires ? ` (until ${c.acknowledged.expires})` : ''}`
  if (gate && c.level !== 'info') return 'acknowledged: the changesets added give the major bump it needs'
  return undefined
}

/** The run as one JSON object: every check and every distinct change with its line. */
export function renderJson(o: Outcome): string {
  const ok = o.results.every((r) => r.ok)
  const changes = o.changes.map((c) => ({ ...c, file: o.file, line: lineOf(o, c) ?? null }))
  return `${JSON.stringify({ ok, checks: o.results, changes }, null, 2)}\n`
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const

/** The changes and failed checks as a SARIF 2.1.0 log (one run, one result per distinct change). */
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
    ...o.changes.map((c) => {
      const line = lineOf(o, c)
      const also = c.also?.length ? `; also at ${c.also.length} more place(s)` : ''
      return {
        ruleId: c.id,
        ruleIndex: used.indexOf(c.id),
        level: SARIF_LEVEL[c.level],
        message: { text: `${c.message} (at ${c.path}${also})` },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: o.file },
              ...(line === undefined ? {} : { region: { startLine: line } }),
            },
          },
        ],
        ...(c.acknowledged === undefined
          ? {}
          : { suppressions: [{ kind: 'external', justification: c.acknowledged.reason }] }),
        properties: { tags: c.tags, pointer: c.pointer, basePointer: c.basePointer, also: c.also ?? [] },
      }
    }),
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

/** JUnit XML: one test case per check (failed checks fail) and one per distinct change, for the record. */
export function renderJunit(o: Outcome): string {
  const failures = o.results.filter((r) => !r.ok).length
  const gate = gatePassed(o)
  const checks = o.results.map((r) => {
    const inner = r.ok ? '' : `<failure message="${xml(r.summary)}">${xml(r.details ?? r.summary)}</failure>`
    return `    <testcase classname="contract" name="${xml(r.name)}">${inner}<system-out>${xml(r.summary)}</system-out></testcase>`
  })
  const changes = o.changes.map((c) => {
    const ack = acknowledgement(c, gate)
    const text = `${c.tags.includes('security') ? '[security] ' : ''}${c.message}${ack ? ` [${ack}]` : ''}`
    const line = lineOf(o, c)
    return `    <testcase classname="spec-changes.${c.level}" name="${xml(`${c.id} at ${c.path}`)}" file="${xml(o.file)}"${line === undefined ? '' : ` line="${line}"`}><system-out>${xml(text)}</system-out></testcase>`
  })
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

type Annotation = 'error' | 'warning' | 'notice'
const GITHUB: Record<Level, Annotation> = { error: 'error', warning: 'warning', info: 'notice' }
/** GitHub shows at most this many annotations of each level per step. */
export const ANNOTATIONS_PER_LEVEL = 10
const data = (s: string): string => s.replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A')
const prop = (s: string): string => data(s).replaceAll(':', '%3A').replaceAll(',', '%2C')

/**
 * GitHub Actions workflow commands: one annotation per distinct change, on its line of the revised
 * spec (a change about the whole file has no line), and one per failed check. Breaking changes the
 * version gate or the acknowledgement file accepts are notices. At most ten of each level, since
 * GitHub drops the rest; then one notice counts what was left out.
 */
export function renderGithub(o: Outcome): string {
  const gate = gatePassed(o)
  const out: Record<Annotation, string[]> = { error: [], warning: [], notice: [] }
  for (const r of o.results)
    if (!r.ok) out.error.push(`::error title=${prop(`contract ${r.name}`)}::${data(r.summary)}`)
  for (const c of bySeverity(o.changes)) {
    const ack = acknowledgement(c, gate)
    const level = ack === undefined ? GITHUB[c.level] : 'notice'
    const line = lineOf(o, c)
    const where = line === undefined ? `file=${o.file}` : `file=${o.file},line=${line}`
    const security = c.tags.includes('security') ? '[security] ' : ''
    const also = c.also?.length ? ` (and ${c.also.length} more place${c.also.length > 1 ? 's' : ''})` : ''
    const text = `${LEVEL_LABEL[c.level]}: ${security}${c.message} — ${c.path}${also}${ack ? ` — ${ack}` : ''}`
    out[level].push(`::${level} ${where},title=${prop(c.id)}::${data(text)}`)
  }
  const left = {
    error: Math.max(0, out.error.length - ANNOTATIONS_PER_LEVEL),
    warning: Math.max(0, out.warning.length - ANNOTATIONS_PER_LEVEL),
    notice: 0,
  }
  const overflow = left.error + left.warning > 0 || out.notice.length > ANNOTATIONS_PER_LEVEL
  const noticeRoom = overflow ? ANNOTATIONS_PER_LEVEL - 1 : ANNOTATIONS_PER_LEVEL
  left.notice = Math.max(0, out.notice.length - noticeRoom)
  const lines = [
    ...out.error.slice(0, ANNOTATIONS_PER_LEVEL),
    ...out.warning.slice(0, ANNOTATIONS_PER_LEVEL),
    ...out.notice.slice(0, noticeRoom),
  ]
  if (overflow) {
    const parts = [
      left.error > 0 ? `${left.error} error` : '',
      left.warning > 0 ? `${left.warning} warning` : '',
      left.notice > 0 ? `${left.notice} notice` : '',
    ].filter(Boolean)
    const total = left.error + left.warning + left.notice
    lines.push(
      `::notice title=${prop('contract: more changes')}::${data(`${total} more annotation(s) not shown (${parts.join(', ')}); GitHub shows ${ANNOTATIONS_PER_LEVEL} per level. The job summary and .contract/report.md list every change.`)}`,
    )
  }
  return lines.length > 0 ? `${lines.join('\n')}\n` : ''
}
