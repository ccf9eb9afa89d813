import { describe, expect, it } from 'vitest'
import { renderReport } from './report.ts'
import type { CheckResult } from './types.ts'

const results: CheckResult[] = [
  { name: 'lint', ok: true, summary: '0 errors, 2 warnings' },
  {
    name: 'breaking',
    ok: false,
    summary: '1 breaking change | title removed',
    details: '- **breaking** title',
  },
  { name: 'version', ok: true, summary: 'spec unchanged', details: 'Changesets: none' },
]

describe('renderReport', () => {
  const report = renderReport(results, { base: '`HEAD~1`', seed: 7, notRun: ['conformance'] })

  it('has one table row per check with pass/fail and why', () => {
    const rows = report.split('\n').filter((l) => /^\| (lint|breaking|version) /.test(l))
    expect(rows).toEqual([
      '| lint | ✅ pass | 0 errors, 2 warnings |',
      '| breaking | ❌ fail | 1 breaking change \\| title removed |',
      '| version | ✅ pass | spec unchanged |',
    ])
  })

  it('states the verdict, the base, the seed and what was not run', () => {
    expect(report).toContain('1 of 3 checks failed: breaking.')
    expect(report).toContain('Base: `HEAD~1` · Seed: 7 · Not run: conformance')
  })

  it('puts the failures’ details first below the table', () => {
    const details = report.slice(report.indexOf('## Details'))
    expect(details.indexOf('### ❌ breaking')).toBeLessThan(details.indexOf('### ✅ version'))
    expect(details).toContain('- **breaking** title')
  })

  it('says all passed when they did, with no details section', () => {
    const clean = renderReport([{ name: 'lint', ok: true, summary: 'fine' }])
    expect(clean).toContain('All 1 checks passed.')
    expect(clean).not.toContain('## Details')
  })

  it('marks a skipped check as skipped, with its reason, and says so in the verdict', () => {
    const r = renderReport([
      { name: 'lint', ok: true, summary: 'fine' },
      { name: 'fixtures', ok: true, skipped: true, summary: 'skipped: nothing it reads changed since main' },
    ])
    expect(r).toContain('| fixtures | ⏭️ skipped | skipped: nothing it reads changed since main |')
    expect(r).toContain('All 2 checks passed. fixtures skipped: nothing it reads changed.')
  })
})
