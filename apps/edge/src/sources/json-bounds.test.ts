import { describe, expect, it } from 'vitest'
import { checkJsonBounds } from './json-bounds.ts'

const limits = { maxDepth: 4, maxNodes: 10 }
const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`

describe('checkJsonBounds', () => {
  const cases: { name: string; text: string; verdict: ReturnType<typeof checkJsonBounds> }[] = [
    { name: 'a scalar', text: '42', verdict: undefined },
    { name: 'four levels of objects', text: nested(4), verdict: undefined },
    { name: 'five levels of objects', text: nested(5), verdict: { over: 'depth', limit: 4 } },
    { name: 'five levels of arrays', text: '[[[[[]]]]]', verdict: { over: 'depth', limit: 4 } },
    { name: 'siblings do not add depth', text: '[[1],[2],[3],{"a":[4]}]', verdict: undefined },
    { name: 'brackets inside strings do not count', text: `{"a":"${'[{'.repeat(50)}"}`, verdict: undefined },
    { name: 'an escaped quote does not end a string', text: `["\\"[[[[[[", 1]`, verdict: undefined },
    {
      name: 'an escaped backslash before the closing quote',
      text: '["\\\\", [[[[1]]]]]',
      verdict: { over: 'depth', limit: 4 },
    },
    { name: 'nine elements', text: `[${Array(9).fill(0).join(',')}]`, verdict: undefined },
    { name: 'ten elements', text: `[${Array(10).fill(0).join(',')}]`, verdict: { over: 'nodes', limit: 10 } },
    { name: 'commas inside strings do not count', text: `["${','.repeat(100)}"]`, verdict: undefined },
    {
      name: 'members count as values',
      text: `{${Array.from({ length: 10 }, (_, i) => `"k${i}":1`).join(',')}}`,
      verdict: { over: 'nodes', limit: 10 },
    },
  ]
  for (const { name, text, verdict } of cases) {
    it(`${name} → ${verdict ? `over ${verdict.over}` : 'within'}`, () => {
      expect(checkJsonBounds(text, limits)).toEqual(verdict)
    })
  }

  it('scans 40,000 levels without recursion, stopping at the limit', () => {
    expect(checkJsonBounds(nested(40_000), { maxDepth: 32, maxNodes: 50_000 })).toEqual({
      over: 'depth',
      limit: 32,
    })
  })
})
