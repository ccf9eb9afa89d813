// One row per schema rule: a base schema, its revision, and the rule id and level expected.
import { describe, expect, it } from 'vitest'
import { classifyChanges } from '../diff.ts'
import type { Level } from '../types.ts'
import { expectRule, NOW, prop, type RuleCase, spec } from './testing.ts'

type J = Record<string, unknown>
const S: J = { type: 'string' }
const N: J = { type: 'number' }
const A: J = { type: 'array', items: S }
const E: Level = 'error'
const W: Level = 'warning'
const I: Level = 'info'

/** A request-property row: property `p` of the request body goes from `b` to `h`. */
const rq = (id: string, level: Level, b: J, h: J, names?: string): RuleCase => ({
  id,
  level,
  base: { req: prop(b) },
  rev: { req: prop(h) },
  ...(names === undefined ? {} : { names }),
})
/** A response-property row: property `p` of the 200 body goes from `b` to `h`. */
const rs = (id: string, level: Level, b: J, h: J, names?: string): RuleCase => ({
  id,
  level,
  base: { res: prop(b) },
  rev: { res: prop(h) },
  ...(names === undefined ? {} : { names }),
})
const variants = (key: string, n: number): J => ({ [key]: [S, N, { type: 'boolean' }].slice(0, n) })
const refs = (key: string, names: string[]): J => ({
  [key]: names.map((x) => ({ $ref: `#/components/schemas/${x}` })),
})
const disc = (propertyName: string, mapping: J): J => ({
  ...refs('oneOf', ['Ask']),
  discriminator: { propertyName, mapping },
})

const rows: RuleCase[] = [
  rq('request-property-type-changed', E, S, { type: 'boolean' }),
  rq('request-property-type-generalized', I, { type: 'integer' }, { type: ['integer', 'string'] }),
  rq('request-property-type-specialized', E, { type: ['integer', 'string'] }, { type: 'integer' }),
  rs('response-property-type-changed', E, S, { type: 'boolean' }),
  rs('response-property-type-generalized', E, { type: 'integer' }, { type: ['integer', 'string'] }),
  rs('response-property-type-specialized', I, { type: 'number' }, { type: 'integer' }),
  rq('request-property-became-nullable', I, S, { type: ['string', 'null'] }),
  rq('request-property-became-not-nullable', E, { type: ['string', 'null'] }, S),
  rs('response-property-became-nullable', E, S, { type: ['string', 'null'] }),
  rs('response-property-became-not-nullable', I, { type: ['string', 'null'] }, S),
  rq('request-property-enum-value-added', I, { enum: ['a'] }, { enum: ['a', 'b'] }, '"b"'),
  rq('request-property-enum-value-removed', E, { enum: ['a', 'b'] }, { enum: ['a'] }, '"b"'),
  rs('response-property-enum-value-added', E, { enum: [1] }, { enum: [1, 2] }, '2'),
  rs('response-property-enum-value-removed', I, { enum: [1, 2] }, { enum: [1] }),
  rs(
    'response-property-x-extensible-enum-value-added',
    I,
    { enum: [1], 'x-extensible-enum': true },
    { enum: [1, 2], 'x-extensible-enum': true },
  ),
  rs('response-property-became-extensible-enum', I, { enum: [1] }, { enum: [1], 'x-extensible-enum': true }),
  // The spec's form: the known values, then any value of the type — one change, nothing else.
  rs(
    'response-property-became-extensible-enum',
    I,
    { type: 'integer', enum: [0, 1] },
    {
      type: 'integer',
      'x-extensible-enum': true,
      anyOf: [
        { type: 'integer', format: 'int64', enum: [0, 1], 'x-enum-descriptions': ['a', 'b'] },
        { type: 'integer', format: 'int64', description: 'a value not listed yet' },
      ],
    },
  ),
  rs(
    'response-property-became-not-extensible-enum',
    I,
    { enum: [1], 'x-extensible-enum': true },
    { enum: [1] },
  ),
  rs(
    'response-property-enum-varname-removed',
    E,
    { enum: [1], 'x-enum-varnames': ['ONE'] },
    { enum: [1], 'x-enum-varnames': ['UNO'] },
    'ONE',
  ),
  rs(
    'response-property-enum-varname-added',
    I,
    { enum: [1], 'x-enum-varnames': ['ONE'] },
    { enum: [1, 2], 'x-enum-varnames': ['ONE', 'TWO'] },
  ),
  rq('request-property-became-enum', E, S, { ...S, enum: ['a'] }),
  rs('response-property-became-not-enum', E, { ...S, enum: ['a'] }, S),
  rq('request-property-max-length-decreased', E, { ...S, maxLength: 10 }, { ...S, maxLength: 5 }),
  rq('request-property-max-length-increased', I, { ...S, maxLength: 5 }, { ...S, maxLength: 10 }),
  rq('request-property-max-length-set', E, S, { ...S, maxLength: 5 }),
  rs('response-property-max-length-increased', W, { ...S, maxLength: 5 }, { ...S, maxLength: 10 }),
  rs('response-property-max-length-unset', W, { ...S, maxLength: 5 }, S),
  rq('request-property-min-length-increased', E, { ...S, minLength: 1 }, { ...S, minLength: 2 }),
  rq('request-property-min-length-decreased', I, { ...S, minLength: 2 }, { ...S, minLength: 1 }),
  rs('response-property-min-length-decreased', W, { ...S, minLength: 2 }, { ...S, minLength: 1 }),
  rq('request-property-max-decreased', E, { ...N, maximum: 10 }, { ...N, maximum: 5 }),
  rq('request-property-max-increased', I, { ...N, maximum: 5 }, { ...N, maximum: 10 }),
  rq('request-property-min-increased', E, { ...N, minimum: 1 }, { ...N, minimum: 2 }),
  rq('request-property-min-decreased', I, { ...N, minimum: 2 }, { ...N, minimum: 1 }),
  rq('request-property-min-set', E, N, { ...N, minimum: 0 }),
  rs('response-property-max-increased', W, { ...N, maximum: 5 }, { ...N, maximum: 10 }),
  rs('response-property-min-decreased', W, { ...N, minimum: 2 }, { ...N, minimum: 1 }),
  rs('response-property-min-unset', W, { ...N, minimum: 2 }, N),
  rq(
    'request-property-exclusive-max-decreased',
    E,
    { ...N, exclusiveMaximum: 10 },
    { ...N, exclusiveMaximum: 5 },
  ),
  rq(
    'request-property-exclusive-min-increased',
    E,
    { ...N, exclusiveMinimum: 1 },
    { ...N, exclusiveMinimum: 2 },
  ),
  rs(
    'response-property-exclusive-max-increased',
    W,
    { ...N, exclusiveMaximum: 5 },
    { ...N, exclusiveMaximum: 10 },
  ),
  rs(
    'response-property-exclusive-min-decreased',
    W,
    { ...N, exclusiveMinimum: 2 },
    { ...N, exclusiveMinimum: 1 },
  ),
  rq('request-property-max-items-decreased', E, { ...A, maxItems: 5 }, { ...A, maxItems: 2 }),
  rq('request-property-min-items-increased', E, { ...A, minItems: 1 }, { ...A, minItems: 2 }),
  rs('response-property-max-items-increased', W, { ...A, maxItems: 2 }, { ...A, maxItems: 5 }),
  rs('response-property-min-items-decreased', W, { ...A, minItems: 2 }, { ...A, minItems: 1 }),
  rq(
    'request-property-max-properties-decreased',
    E,
    { type: 'object', maxProperties: 5 },
    { type: 'object', maxProperties: 2 },
  ),
  rq(
    'request-property-min-properties-increased',
    E,
    { type: 'object', minProperties: 0 },
    { type: 'object', minProperties: 1 },
  ),
  rq('request-property-pattern-added', E, S, { ...S, pattern: '^a' }),
  rq('request-property-pattern-removed', I, { ...S, pattern: '^a' }, S),
  rq('request-property-pattern-changed', W, { ...S, pattern: '^a' }, { ...S, pattern: '^b' }),
  rs('response-property-pattern-removed', W, { ...S, pattern: '^a' }, S),
  rs('response-property-pattern-added', I, S, { ...S, pattern: '^a' }),
  rq('request-property-format-added', E, S, { ...S, format: 'uri' }),
  rq('request-property-format-changed', W, { ...S, format: 'uri' }, { ...S, format: 'email' }),
  rs('response-property-format-removed', W, { ...S, format: 'uri' }, S),
  rq('request-property-multiple-of-changed', W, { ...N, multipleOf: 1 }, { ...N, multipleOf: 2 }),
  rq('request-property-unique-items-set', E, A, { ...A, uniqueItems: true }),
  rs('response-property-unique-items-unset', W, { ...A, uniqueItems: true }, A),
  rq(
    'request-property-additional-properties-closed',
    E,
    { type: 'object' },
    { type: 'object', additionalProperties: false },
  ),
  rs(
    'response-property-additional-properties-opened',
    W,
    { type: 'object', additionalProperties: false },
    { type: 'object' },
  ),
  rq('request-property-one-of-added', I, variants('oneOf', 2), variants('oneOf', 3)),
  rq('request-property-one-of-removed', E, variants('oneOf', 3), variants('oneOf', 2)),
  rs('response-property-one-of-added', W, variants('oneOf', 2), variants('oneOf', 3)),
  rq('request-property-any-of-removed', E, variants('anyOf', 3), variants('anyOf', 2)),
  rs('response-property-any-of-added', W, variants('anyOf', 2), variants('anyOf', 3)),
  rq('request-property-all-of-added', E, variants('allOf', 1), variants('allOf', 2)),
  rs('response-property-all-of-removed', W, variants('allOf', 2), variants('allOf', 1)),
  rs('response-property-one-of-removed', I, refs('oneOf', ['Ask', 'Reply']), refs('oneOf', ['Ask'])),
  rq('request-property-discriminator-added', W, refs('oneOf', ['Ask']), disc('kind', {})),
  rs('response-property-discriminator-removed', W, disc('kind', {}), refs('oneOf', ['Ask'])),
  rq('request-property-discriminator-property-name-changed', E, disc('kind', {}), disc('type', {})),
  rq('request-property-discriminator-mapping-deleted', E, disc('k', { a: '#/a' }), disc('k', {})),
  rs('response-property-discriminator-mapping-added', W, disc('k', {}), disc('k', { a: '#/a' })),
  rs('response-property-discriminator-mapping-changed', E, disc('k', { a: '#/a' }), disc('k', { a: '#/b' })),
  rq('request-property-default-value-changed', W, { ...S, default: 'a' }, { ...S, default: 'b' }),
  rq('request-property-default-value-removed', W, { ...S, default: 'a' }, S),
  rs('response-property-default-value-added', I, S, { ...S, default: 'a' }),
  rq('request-property-deprecated', I, S, { ...S, deprecated: true }),
  rs('response-property-reactivated', I, { ...S, deprecated: true }, S),
  rs('response-property-secret-mark-removed', E, { ...S, 'x-joinlink-secret': true }, S, 'no longer marked'),
  rs('response-property-secret-mark-added', E, S, { ...S, 'x-joinlink-secret': true }, 'now marked'),
  rs(
    'response-property-privacy-mark-changed',
    E,
    S,
    { ...S, 'x-joinlink-personal': true },
    'x-joinlink-personal',
  ),
  rs(
    'response-property-extension-changed',
    I,
    S,
    { ...S, 'x-joinlink-messages': ['a'] },
    'x-joinlink-messages',
  ),
  rs('description-changed', I, { ...S, description: 'a' }, { ...S, description: 'b' }),
  // Body-level rules: the top schema of a media type.
  { id: 'request-body-type-changed', level: E, base: { req: S }, rev: { req: N } },
  { id: 'response-body-type-generalized', level: E, base: { res: { type: 'integer' } }, rev: { res: N } },
  {
    id: 'response-body-became-nullable',
    level: E,
    base: { res: { type: 'object' } },
    rev: { res: { type: ['object', 'null'] } },
  },
  // Items of an array property are the same subject, one level down.
  rs(
    'response-property-enum-value-added',
    E,
    { type: 'array', items: { enum: ['a'] } },
    { type: 'array', items: { enum: ['a', 'b'] } },
  ),
]

it('the extensible-enum form is that one change and no other', () => {
  const base = { type: 'integer', enum: [0, 1] }
  const rev = {
    type: 'integer',
    'x-extensible-enum': true,
    anyOf: [{ type: 'integer', enum: [0, 1] }, { type: 'integer' }],
  }
  const ids = classifyChanges(spec({ res: prop(base) }), spec({ res: prop(rev) }), { now: NOW }).map(
    (c) => c.id,
  )
  expect(ids).toEqual(['response-property-became-extensible-enum'])
})

describe('schema rules', () => {
  it.each(rows.map((c, i) => [`${c.id} #${i}`, c] as const))('%s', (_name, c) => expectRule(c))
})
