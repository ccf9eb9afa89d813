import { describe, expect, it } from 'vitest'
import { fmt, fmtRatio, fmtSpread, renderTable, verdict } from './table.ts'

describe('the table', () => {
  it('renders a header, a separator and one line per row, escaping pipes', () => {
    const table = renderTable([
      {
        scenario: '1 edge vs floor',
        figure: 'edge/raw req/s',
        value: fmtSpread({ median: 12_345.4, min: 11_000, max: 13_000 }, ' req/s'),
        ratio: fmtRatio({ median: 0.8234, min: 0.8, max: 0.851 }),
        target: '≥ 0.85×',
        verdict: verdict(0.8234, '>=', 0.85),
      },
      { scenario: 's', figure: 'a|b', value: '', ratio: '', target: '', verdict: 'n/a' },
    ])
    expect(table.split('\n')).toEqual([
      '| scenario | figure | value [min–max] | ratio [min–max] | target | verdict |',
      '|---|---|---|---|---|---|',
      '| 1 edge vs floor | edge/raw req/s | 12,345 req/s [11,000–13,000] | 0.82× [0.80–0.85] | ≥ 0.85× | MISSED |',
      '| s | a\\|b |  |  |  | n/a |',
    ])
  })

  it.each([
    { ratio: 1.15, op: '<=' as const, bound: 1.15, expected: 'met' },
    { ratio: 1.16, op: '<=' as const, bound: 1.15, expected: 'MISSED' },
    { ratio: 0.9, op: '>=' as const, bound: 0.9, expected: 'met' },
    { ratio: Number.NaN, op: '>=' as const, bound: 0.9, expected: 'n/a' },
  ])('verdict($ratio $op $bound) is $expected', ({ ratio, op, bound, expected }) => {
    expect(verdict(ratio, op, bound)).toBe(expected)
  })

  it('formats missing numbers as a dash', () => {
    expect(fmt(Number.NaN)).toBe('—')
    expect(fmt(1234.567, 1)).toBe('1,234.6')
  })
})
