// Renders check results as the Markdown report: a table with one row per check, then the details.
import type { CheckResult } from './types.ts'

/** Facts shown above the table. */
export interface ReportMeta {
  /** e.g. `--base origin/main` or `previous commit`. */
  base?: string
  seed?: number
  /** Checks left out (`--only`, or `--write-changeset` without it). */
  notRun?: string[]
}

const cell = (text: string): string => text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ')

/** The report as Markdown; failures' details come first below the table. */
export function renderReport(results: readonly CheckResult[], meta: ReportMeta = {}): string {
  const failed = results.filter((r) => !r.ok)
  const skipped = results.filter((r) => r.skipped === true)
  const skipNote =
    skipped.length > 0
      ? ` ${skipped.map((r) => r.name).join(', ')} skipped: nothing ${skipped.length > 1 ? 'they read' : 'it reads'} changed.`
      : ''
  const verdict =
    failed.length === 0
      ? `All ${results.length} checks passed.${skipNote}`
      : `${failed.length} of ${results.length} checks failed: ${failed.map((r) => r.name).join(', ')}.${skipNote}`
  const facts = [
    meta.base === undefined ? undefined : `Base: ${meta.base}`,
    meta.seed === undefined ? undefined : `Seed: ${meta.seed}`,
    meta.notRun === undefined || meta.notRun.length === 0 ? undefined : `Not run: ${meta.notRun.join(', ')}`,
  ].filter((x): x is string => x !== undefined)
  const label = (r: CheckResult) => (r.skipped ? '⏭️ skipped' : r.ok ? '✅ pass' : '❌ fail')
  const rows = results.map((r) => `| ${r.name} | ${label(r)} | ${cell(r.summary)} |`)
  const detailed = [...failed, ...results.filter((r) => r.ok)].filter((r) => r.details !== undefined)
  const sections = detailed.map((r) => `### ${r.ok ? '✅' : '❌'} ${r.name}\n\n${r.details?.trim()}`)
  return [
    '# Contract report',
    '',
    verdict,
    ...(facts.length > 0 ? ['', facts.join(' · ')] : []),
    '',
    '| Check | Result | Why |',
    '| --- | --- | --- |',
    ...rows,
    ...(sections.length > 0 ? ['', '## Details', '', sections.join('\n\n')] : []),
    '',
  ].join('\n')
}
