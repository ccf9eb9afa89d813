// Malformed metadata is a lint error at its place, never a version bump.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { classifyChanges } from '../diff.ts'
import { NOW, spec } from '../rules/testing.ts'
import { requiredBump } from '../version-gate.ts'
import { lintMetadata } from './metadata.ts'

type J = Record<string, unknown>
const op = (extra: J) => spec({ op: extra })
const schema = (s: J) => spec({ res: { type: 'object', properties: { p: s } } })
const P = '/components/schemas/Reply/properties/p'

describe('lintMetadata', () => {
  it('finds nothing wrong in spec/openapi.yaml', () => {
    const text = readFileSync(new URL('../../../../spec/openapi.yaml', import.meta.url), 'utf8')
    expect(lintMetadata(parse(text))).toEqual([])
  })

  it.each([
    [
      'an x-sunset that is not a date',
      op({ deprecated: true, 'x-sunset': 'next summer' }),
      '/paths/~1lookup/post/x-sunset',
      'is not a date',
    ],
    [
      'an x-sunset on something not deprecated',
      op({ 'x-sunset': '2027-01-01' }),
      '/paths/~1lookup/post/x-sunset',
      'not deprecated',
    ],
    [
      'a deprecated that is not a boolean',
      op({ deprecated: 'yes' }),
      '/paths/~1lookup/post/deprecated',
      'true or false',
    ],
    [
      'a secret mark that is not a boolean',
      schema({ type: 'string', 'x-joinlink-secret': 'true' }),
      `${P}/x-joinlink-secret`,
      'true or false',
    ],
    [
      'x-extensible-enum of another shape',
      schema({ type: 'integer', 'x-extensible-enum': true, enum: [1] }),
      `${P}/x-extensible-enum`,
      'anyOf',
    ],
    [
      'x-extensible-enum that is a word',
      schema({ type: 'integer', 'x-extensible-enum': 'yes' }),
      `${P}/x-extensible-enum`,
      'must be true',
    ],
    [
      'one name short',
      schema({ enum: [1, 2], 'x-enum-varnames': ['ONE'] }),
      `${P}/x-enum-varnames`,
      '1 entries for 2 enum values',
    ],
    [
      'descriptions without an enum',
      schema({ type: 'string', 'x-enum-descriptions': ['a'] }),
      `${P}/x-enum-descriptions`,
      'without an enum',
    ],
    [
      'extensible-enum descriptions one short',
      schema({
        type: 'integer',
        'x-extensible-enum': true,
        anyOf: [{ type: 'integer', enum: [0, 1], 'x-enum-descriptions': ['a'] }, { type: 'integer' }],
      }),
      `${P}/anyOf/0/x-enum-descriptions`,
      '1 entries for 2',
    ],
  ])('%s', (_name, doc, pointer, message) => {
    const [problem, ...rest] = lintMetadata(doc)
    expect(rest).toEqual([])
    expect(problem?.pointer).toBe(pointer)
    expect(problem?.message).toContain(message)
  })

  it('reads property names as names: a property called `deprecated` is no flag', () => {
    expect(lintMetadata(schema({ type: 'object', properties: { deprecated: { type: 'string' } } }))).toEqual(
      [],
    )
  })
})

it('a typo in x-sunset asks for a patch, not a major (the lint check fails on it instead)', () => {
  const base = op({ deprecated: true, 'x-sunset': '2027-06-01' })
  const head = op({ deprecated: true, 'x-sunset': 'next summer' })
  const changes = classifyChanges(base, head, { now: NOW })
  expect(changes.map((c) => [c.id, c.level])).toEqual([['api-deprecated-sunset-parse', 'info']])
  expect(requiredBump(changes, true).bump).toBe('patch')
  expect(lintMetadata(head).map((p) => p.message)).toEqual([expect.stringContaining('is not a date')])
})
