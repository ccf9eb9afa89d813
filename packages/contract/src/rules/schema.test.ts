// One case per schema rule: the table of cases-schema.ts placed at every subject; then the forms that
// must read as no change, and the traversal below compositions at any depth.
import { describe, expect, it } from 'vitest'
import { classifyChanges } from '../diff.ts'
import { schemaCases } from './cases-schema.ts'
import { SUBJECTS } from './catalog-schema.ts'
import { expectRule, NOW, prop, spec } from './testing.ts'

type J = Record<string, unknown>
const ids = (base: J, rev: J) => classifyChanges(spec(base), spec(rev), { now: NOW }).map((c) => c.id)

describe.each(SUBJECTS)('schema rules at %s', (subject) => {
  it.each(schemaCases(subject).map((c) => [c.id, c] as const))('%s', (_id, c) => expectRule(c))
})

describe('equivalent forms are no change', () => {
  const S = { type: 'string' }
  const I = { type: 'integer' }
  const NUL = { type: 'null' }
  const pairs: [string, J, J][] = [
    ['a type list ≡ anyOf of single types', { type: ['string', 'integer'] }, { anyOf: [S, I] }],
    ['a type list ≡ oneOf of single types', { type: ['string', 'integer'] }, { oneOf: [S, I] }],
    [
      'null in a type list ≡ anyOf with null',
      { type: ['string', 'null'], maxLength: 5 },
      { anyOf: [{ ...S, maxLength: 5 }, NUL] },
    ],
    ['null in a type list ≡ oneOf with null', { type: ['integer', 'null'] }, { oneOf: [NUL, I] }],
    [
      'an enum with null ≡ anyOf of the enum and null',
      { type: ['string', 'null'], enum: ['a', null] },
      { anyOf: [{ ...S, enum: ['a'] }, NUL] },
    ],
    [
      'a one-member allOf ≡ its member',
      { type: 'string', maxLength: 3 },
      { allOf: [{ type: 'string', maxLength: 3 }] },
    ],
    [
      'a one-member allOf of a $ref ≡ the $ref',
      { $ref: '#/components/schemas/Reply' },
      { allOf: [{ $ref: '#/components/schemas/Reply' }] },
    ],
    [
      'a nullable $ref ≡ anyOf of the $ref and null',
      { anyOf: [{ $ref: '#/components/schemas/Reply' }, NUL] },
      { oneOf: [NUL, { $ref: '#/components/schemas/Reply' }] },
    ],
    [
      'OpenAPI 3.0 nullable ≡ null in the type list',
      { type: 'string', nullable: true },
      { type: ['string', 'null'] },
    ],
    [
      'OpenAPI 3.0 boolean exclusiveMaximum ≡ the 3.1 number',
      { type: 'number', maximum: 5, exclusiveMaximum: true },
      { type: 'number', exclusiveMaximum: 5 },
    ],
    [
      'a pattern every string matches ≡ no pattern',
      { type: 'string', pattern: '' },
      { type: 'string', pattern: '.*' },
    ],
    ['… ≡ no pattern at all', { type: 'string', pattern: '^.*$' }, { type: 'string' }],
  ]
  it.each(pairs)('%s (request and response, both ways)', (_name, a, b) => {
    for (const [x, y] of [
      [a, b],
      [b, a],
    ] as const) {
      expect(ids({ req: prop(x) }, { req: prop(y) })).toEqual([])
      expect(ids({ res: prop(x) }, { res: prop(y) })).toEqual([])
    }
  })

  it('a real change in the rewritten form is still found, on its own line', () => {
    const base = { type: ['string', 'null'], maxLength: 5 }
    const rev = { anyOf: [{ type: 'string', maxLength: 3 }, { type: 'null' }] }
    const [change, ...rest] = classifyChanges(spec({ req: prop(base) }), spec({ req: prop(rev) }), {
      now: NOW,
    })
    expect(rest).toEqual([])
    expect(change?.id).toBe('request-property-max-length-decreased')
    expect(change?.pointer).toBe('/components/schemas/Ask/properties/p/anyOf/0/maxLength')
  })

  it('the extensible-enum form is that one change and no other', () => {
    const base = { type: 'integer', enum: [0, 1] }
    const rev = {
      type: 'integer',
      'x-extensible-enum': true,
      anyOf: [
        { type: 'integer', enum: [0, 1] },
        { type: 'integer', description: 'a value not listed yet' },
      ],
    }
    expect(ids({ res: prop(base) }, { res: prop(rev) })).toEqual(['response-property-became-extensible-enum'])
  })
})

describe('traversal at any depth', () => {
  const deep = (inner: J): J => ({
    type: 'object',
    properties: {
      p: {
        anyOf: [
          {
            type: 'object',
            properties: {
              q: {
                type: 'array',
                items: {
                  oneOf: [
                    { allOf: [{ type: 'object', properties: { r: inner } }, { required: ['r'] }] },
                    { type: 'null' },
                  ],
                },
              },
            },
          },
          { type: 'string' },
        ],
      },
    },
  })
  it.each([
    [
      'anyOf › items › oneOf › allOf › property',
      { type: 'string' },
      { type: 'string', maxLength: 3 },
      'response-property-max-length-set',
    ],
    [
      '… › not',
      { not: { enum: ['a'] } },
      { not: { enum: ['a', 'b'] } },
      'response-property-enum-value-added',
    ],
    [
      '… › prefixItems',
      { type: 'array', prefixItems: [{ type: 'string' }] },
      { type: 'array', prefixItems: [{ type: 'integer' }] },
      'response-property-type-changed',
    ],
    [
      '… › additionalProperties',
      { type: 'object', additionalProperties: { type: 'string' } },
      { type: 'object', additionalProperties: { type: 'integer' } },
      'response-property-type-changed',
    ],
    [
      '… › contains',
      { type: 'array', contains: { type: 'string' } },
      { type: 'array', contains: { type: 'integer' } },
      'response-property-type-changed',
    ],
  ])('%s', (_where, from, to, id) => {
    expect(ids({ res: deep(from) }, { res: deep(to) })).toContain(id)
  })

  it('below `not` the levels are reversed: a value added to what `not` refuses narrows a request', () => {
    const change = classifyChanges(
      spec({ req: prop({ not: { enum: ['a'] } }) }),
      spec({ req: prop({ not: { enum: ['a', 'b'] } }) }),
      { now: NOW },
    ).find((c) => c.id === 'request-property-enum-value-added')
    expect(change?.level).toBe('warning')
    expect(change?.message).toContain('inside `not`')
  })
})
