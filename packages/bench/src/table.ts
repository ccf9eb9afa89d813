// Renders the results as one Markdown table.

/** One line of the table: a figure, its value, its ratio to the baseline and the target. */
export interface Row {
  scenario: string
  figure: string
  /** The measured value, already formatted, e.g. `12 340 req/s [11 900–12 800]`. */
  value: string
  /** Ratio to the baseline with its spread, e.g. `0.82× [0.80–0.85]`; empty when none. */
  ratio: string
  /** The target, e.g. `≥ 0.85×`; empty when none. */
  target: string
  /** `met`, `MISSED`, `n/a` or a note. */
  verdict: string
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')

export function renderTable(rows: readonly Row[]): string {
  const head = ['scenario', 'figure', 'value [min–max]', 'ratio [min–max]', 'target', 'verdict']
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`]
  for (const r of rows)
    lines.push(`| ${[r.scenario, r.figure, r.value, r.ratio, r.target, r.verdict].map(cell).join(' | ')} |`)
  return lines.join('\n')
}

/** A number with a thin grouping and a fixed number of decimals. */
export function fmt(value: number, decimals = 0): string {
  if (!Number.isFinite(value)) return '—'
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
}

/** `median unit [min–max]`. */
export function fmtSpread(
  s: { median: number; min: number; max: number },
  unit: string,
  decimals = 0,
): string {
  return `${fmt(s.median, decimals)}${unit} [${fmt(s.min, decimals)}–${fmt(s.max, decimals)}]`
}

/** `0.82× [0.80–0.85]`. */
export function fmtRatio(s: { median: number; min: number; max: number }): string {
  return `${fmt(s.median, 2)}× [${fmt(s.min, 2)}–${fmt(s.max, 2)}]`
}

/** `met` when `ratio` satisfies `≥ bound` (or `≤ bound`), else `MISSED`. */
export function verdict(ratio: number, op: '>=' | '<=', bound: number): string {
  if (!Number.isFinite(ratio)) return 'n/a'
  return (op === '>=' ? ratio >= bound : ratio <= bound) ? 'met' : 'MISSED'
}
