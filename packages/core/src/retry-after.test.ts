import { describe, expect, it } from 'vitest'
import { parseRetryAfter } from './retry-after.ts'

// The one table for the one parser the client and the edge share.
describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T12:00:00Z')

  it.each<[string | null | undefined, number | undefined]>([
    ['0', 0],
    ['3', 3000],
    ['12', 12_000],
    [' 7 ', undefined],
    ['Thu, 26 Nov 2026 12:00:05 GMT', 5000],
    ['Thu, 26 Nov 2026 11:59:00 GMT', 0],
    ['Thursday, 26-Nov-26 12:00:05 GMT', 5000],
    ['Thu Nov 26 12:00:05 2026', 5000],
    ['1.5', undefined],
    ['-1', undefined],
    ['+3', undefined],
    ['1e3', undefined],
    ['soon', undefined],
    ['Thu, garbage', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected)
  })
})
