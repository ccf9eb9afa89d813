// The catalog's shape, and that the classifier only ever reports rules the catalog lists, whatever
// part of the real spec is removed or changed.
import { readFileSync } from 'node:fs'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { classifyChanges } from '../diff.ts'
import { renderRules } from '../list-rules.ts'
import { OPERATION_CASES, SECURITY_CASES } from './cases-fixed.ts'
import { schemaCases } from './cases-schema.ts'
import { RULES } from './catalog.ts'
import { SUBJECTS } from './catalog-schema.ts'
import { OASDIFF_LEVELS } from './oasdiff-levels.gen.ts'

const spec: unknown = parse(readFileSync(new URL('../../../../spec/openapi.yaml', import.meta.url), 'utf8'))

type Node = Record<string, unknown> | unknown[]
/** Every container in the document with the path to it. */
function containers(value: unknown, path: (string | number)[] = [], out: (string | number)[][] = []) {
  if (typeof value !== 'object' || value === null) return out
  out.push(path)
  for (const [k, v] of Object.entries(value))
    containers(v, [...path, Array.isArray(value) ? Number(k) : k], out)
  return out
}
const places = containers(spec)

function mutate(doc: unknown, path: (string | number)[], how: number): unknown {
  const copy = structuredClone(doc) as Node
  let node: Node = copy
  for (const k of path) node = (node as Record<string | number, unknown>)[k] as Node
  const keys = Object.keys(node)
  const key = keys[how % Math.max(keys.length, 1)]
  if (key === undefined) return copy
  const target = node as Record<string, unknown>
  if (how % 3 === 0) delete target[key]
  else if (how % 3 === 1)
    target[key] = typeof target[key] === 'number' ? (target[key] as number) + 1 : 'changed'
  else target[`${key}New`] = structuredClone(target[key])
  return copy
}

describe('rule catalog', () => {
  it('holds over 500 rules with unique ids, each with a level, family and description', () => {
    expect(RULES.size).toBeGreaterThan(900)
    for (const r of RULES.values()) {
      expect(['error', 'warning', 'info']).toContain(r.level)
      expect(r.family.length).toBeGreaterThan(0)
      expect(r.description.length).toBeGreaterThan(5)
    }
  })

  it('has a table case for every rule (cases-schema.ts at every subject, cases-fixed.ts)', () => {
    const covered = new Set([
      ...SUBJECTS.flatMap((s) => schemaCases(s).map((c) => c.id)),
      ...OPERATION_CASES.map((c) => c.id),
      ...SECURITY_CASES.map((c) => c.id),
    ])
    const missing = [...RULES.keys()].filter((id) => !covered.has(id))
    expect(missing, `rules without a case: ${missing.join(', ')}`).toEqual([])
    const unknown = [...covered].filter((id) => !RULES.has(id))
    expect(unknown, `cases for rules the catalog lacks: ${unknown.join(', ')}`).toEqual([])
  })

  it("shows oasdiff's level for every shared id, and gives a reason wherever ours differs", () => {
    const shared = [...RULES.values()].filter((r) => r.id in OASDIFF_LEVELS)
    expect(shared.length).toBeGreaterThan(300)
    for (const r of shared) expect(r.oasdiff, r.id).toBe(OASDIFF_LEVELS[r.id])
    const unexplained = shared
      .filter((r) => r.oasdiff !== r.level && (r.why ?? '').length < 20)
      .map((r) => r.id)
    expect(
      unexplained,
      `levels that differ from oasdiff without a reason: ${unexplained.join(', ')}`,
    ).toEqual([])
  })

  it('--list-rules shows oasdiff’s level beside ours, and the reason where they differ', () => {
    const rows = renderRules()
      .trim()
      .split('\n')
      .map((l) => l.split('\t'))
    expect(rows[0]).toEqual([
      'id',
      'level',
      'oasdiff',
      'family',
      'security',
      'description',
      'why the levels differ',
    ])
    expect(rows).toHaveLength(RULES.size + 1)
    const row = (id: string) => rows.find((r) => r[0] === id)
    expect(row('api-schema-removed')?.slice(1, 3)).toEqual(['error', 'info'])
    expect(row('api-schema-removed')?.[6]).toContain('@joinlink/types exports each component schema')
    expect(row('response-required-property-removed')?.slice(1, 3)).toEqual(['error', 'error'])
    expect(row('response-required-property-removed')?.[6]).toBe('')
    expect(row('request-property-secret-mark-removed')?.slice(2, 5)).toEqual([
      '-',
      'privacy marks',
      'security',
    ])
  })

  it('reports only catalogued rules, never throws, for 150 random edits of the real spec (both ways)', () => {
    fc.assert(
      fc.property(fc.nat(places.length - 1), fc.nat(1000), (i, how) => {
        const edited = mutate(spec, places[i] ?? [], how)
        for (const [a, b] of [
          [spec, edited],
          [edited, spec],
        ]) {
          for (const c of classifyChanges(a, b)) expect(RULES.has(c.id), c.id).toBe(true)
        }
      }),
      { numRuns: 150, seed: 15 },
    )
  })
})
