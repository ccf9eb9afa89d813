import { describe, expect, it } from 'vitest'
import { type AckFile, acknowledge, parseAcknowledgements } from './acknowledge.ts'
import type { Change } from './types.ts'

const change: Change = {
  id: 'response-property-type-changed',
  level: 'error',
  path: 'POST /x › response 200 › Room.Location',
  message: 'Room.Location: type changed from string|integer to string|number',
  pointer: '/components/schemas/Room/properties/Location/type',
  basePointer: '/components/schemas/Room/properties/Location/type',
  tags: [],
}
const removal: Change = {
  ...change,
  id: 'response-required-property-removed',
  pointer: '/components/schemas/Room/properties',
  basePointer: '/components/schemas/Room/properties/Floor',
}
const NOW = Date.parse('2026-12-01T12:00:00Z')
const file = (...entries: string[]) => `acknowledged:\n${entries.join('')}`
const entry = (rule: string, pointer: string, extra = '') =>
  `  - rule: ${rule}\n    pointer: ${pointer}\n    reason: no client reads this field as a number\n${extra}`
const none: AckFile = { entries: [], problems: [] }

describe('parseAcknowledgements', () => {
  it.each([
    ['no file', undefined, 0, []],
    ['an empty list', 'acknowledged: []\n', 0, []],
    ['one entry', file(entry(change.id, '/components/schemas/Room')), 1, []],
    ['an expiry date', file(entry(change.id, '/a', '    expires: 2027-01-31\n')), 1, []],
    ['an unknown rule', file(entry('no-such-rule', '/a')), 0, ['rule "no-such-rule" is not a rule id']],
    [
      'a pointer that is not one',
      file(entry(change.id, 'components/x')),
      0,
      ['pointer must be a JSON Pointer'],
    ],
    ['no reason', `acknowledged:\n  - rule: ${change.id}\n    pointer: /a\n`, 0, ['reason must say why']],
    ['a bad date', file(entry(change.id, '/a', '    expires: next summer\n')), 0, ['expires must be a date']],
    ['not a list', 'acknowledged: yes\n', 0, ['must be a list']],
    ['not YAML', 'acknowledged: [\n', 0, ['is not YAML']],
  ] as const)('%s', (_name, text, entries, problems) => {
    const parsed = parseAcknowledgements(text)
    expect(parsed.entries).toHaveLength(entries)
    expect(parsed.problems).toHaveLength(problems.length)
    for (const [i, p] of problems.entries()) expect(parsed.problems[i]).toContain(p)
  })
})

describe('acknowledge', () => {
  it.each([
    ['the exact pointer', change, change.id, change.pointer],
    ['an ancestor of the pointer', change, change.id, '/components/schemas/Room/properties/Location'],
    ["a removal's place in the base", removal, removal.id, '/components/schemas/Room/properties/Floor'],
  ])('matches %s', (_name, c, rule, pointer) => {
    const r = acknowledge([c], parseAcknowledgements(file(entry(rule, pointer))), none, NOW)
    expect(r.problems).toEqual([])
    expect(r.changes[0]?.acknowledged?.reason).toBe('no client reads this field as a number')
    expect(r.count).toBe(1)
  })

  it.each([
    ['another rule', 'response-property-became-nullable', change.pointer],
    ['a sibling pointer', change.id, '/components/schemas/Room/properties/Loc'],
  ])(
    'does not match %s, and an entry new since the base that matches nothing fails',
    (_name, rule, pointer) => {
      const r = acknowledge([change], parseAcknowledgements(file(entry(rule, pointer))), none, NOW)
      expect(r.changes[0]?.acknowledged).toBeUndefined()
      expect(r.problems[0]).toContain('matches no change against the base')
    },
  )

  it('an entry that came with the base and matches nothing is spent, not a failure', () => {
    const text = file(entry(change.id, '/components/schemas/Gone'))
    const r = acknowledge([change], parseAcknowledgements(text), parseAcknowledgements(text), NOW)
    expect(r.problems).toEqual([])
    expect(r.spent.map((e) => e.pointer)).toEqual(['/components/schemas/Gone'])
  })

  it.each([
    ['expired yesterday', '2026-11-30', false],
    ['expires today', '2026-12-01', true],
  ])('an entry that %s %s', (_name, date, ok) => {
    const text = file(entry(change.id, change.pointer, `    expires: ${date}\n`))
    const r = acknowledge([change], parseAcknowledgements(text), none, NOW)
    expect(r.problems.length === 0).toBe(ok)
    expect(r.changes[0]?.acknowledged !== undefined).toBe(ok)
    if (!ok) expect(r.problems[0]).toContain(`expired on ${date}`)
  })
})
