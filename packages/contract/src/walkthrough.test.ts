// Spec pull requests as a contributor writes them, on the real spec, read through the breaking check
// and the version gate: what a reviewer sees in the report.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { breakingCheck } from './checks/breaking.ts'
import type { CheckContext, Comparison } from './context.ts'
import { classifyChanges } from './diff.ts'
import { requiredBump } from './version-gate.ts'

const baseText = readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8')

function edit(...edits: [RegExp | string, string][]): string {
  let text = baseText
  for (const [from, to] of edits) {
    const next = text.replace(from, to)
    expect(next, `edit ${String(from)} changed nothing`).not.toBe(text)
    text = next
  }
  return text
}

async function review(head: string) {
  const [b, h] = [parse(baseText), parse(head)]
  const changes = classifyChanges(b, h)
  const comparison: Comparison = {
    kind: 'compared',
    base: { kind: 'ref', ref: 'main', sha: 'a'.repeat(40), how: 'merge base with origin/main' },
    changes,
    specChanged: baseText !== head,
    baseText,
    baseSpec: b,
    headSpec: h,
    acknowledgements: { problems: [], spent: [], count: 0 },
  }
  const ctx: CheckContext = {
    root: '/nowhere',
    options: { seed: 1, count: 0 },
    comparison: async () => comparison,
    changedFiles: async () => [],
    log: () => {},
  }
  return { changes, bump: requiredBump(changes, true).bump, breaking: await breakingCheck.run(ctx) }
}

describe('spec pull requests, as a reviewer reads them', () => {
  it('one added error code: four distinct changes, counted once each, the worst first', async () => {
    const r = await review(
      edit(
        ['enum: [40001, 40002, 40003,', 'enum: [40001, 40002, 40003, 40004,'],
        ['        - INVALID_JOIN_LINK\n', '        - INVALID_JOIN_LINK\n        - LINK_EXPIRED\n'],
        [/( {8}- 400 — attendeeJoinUrl is not .*\n)/, '$1        - 400 — the join link has expired.\n'],
        [
          "        - 'attendeeJoinUrl: {reason}.'\n",
          "        - 'attendeeJoinUrl: {reason}.'\n        - 'The join link has expired.'\n",
        ],
      ),
    )
    expect(r.breaking.summary).toMatch(/^4 changes against main/)
    expect(r.breaking.summary).toContain('0 breaking, 1 potentially breaking, 3 info')
    expect(r.breaking.summary).toContain('(worst: `response-property-enum-value-added`')
    expect(r.breaking.details?.split('\n')[0]).toContain('`response-property-enum-value-added`')
    expect(r.breaking.details).toMatch(/and \d+ more places/)
    // The message templates are long: the change says what was added, not both lists whole.
    expect(r.breaking.details).toContain(
      'x-joinlink-messages changed: 1 added ("The join link has expired.")',
    )
    expect(r.bump).toBe('major')
  })

  it('a type list written as anyOf of the same types (Room.Location) is no change, and needs no more than a patch', async () => {
    const r = await review(
      edit([
        /( {8}Location:\n) {10}type: \[string, integer\]\n/,
        '$1          anyOf:\n            - type: string\n            - type: integer\n',
      ]),
    )
    expect(r.changes).toEqual([])
    expect(r.bump).toBe('patch')
  })

  it('nullable written as anyOf with null (detailHouseList) is no change', async () => {
    const r = await review(
      edit([
        /( {8}detailHouseList:\n) {10}type: \[array, 'null'\]\n/,
        "$1          anyOf:\n            - type: array\n              items:\n                $ref: '#/components/schemas/DetailRoom'\n            - type: 'null'\n",
      ]),
    )
    expect(r.changes.map((c) => c.id)).toEqual([])
  })

  it('descriptions edited across the spec are one line of the report, and a patch', async () => {
    const r = await review(
      edit(
        ['description: Conference lookups.', 'description: Conference lookups by join link.'],
        [/description: City of the room\./g, 'description: City the room is in.'],
      ),
    )
    const lines = (r.breaking.details ?? '').split('\n')
    expect(lines.filter((l) => l.includes('description-changed'))).toHaveLength(1)
    expect(lines[0]).toMatch(/^- info `description-changed`: 2 descriptions changed/)
    expect(r.bump).toBe('patch')
  })
})
