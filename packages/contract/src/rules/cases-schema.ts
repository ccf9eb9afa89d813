// The schema rule table for the tests: per kind of change, one base schema, its revision and the level
// expected on the request side and on the response side (written here, not read from the catalog).
// Each row is placed at every subject (request body, property, parameter, parameter property,
// response body, property, header), giving one case per schema rule id.
import type { Level } from '../types.ts'
import type { Subject } from './catalog-schema.ts'
import { type Parts, prop, type RuleCase } from './testing.ts'

type J = Record<string, unknown>
const E: Level = 'error'
const W: Level = 'warning'
const I: Level = 'info'
const S: J = { type: 'string' }
const N: J = { type: 'number' }
const A: J = { type: 'array', items: S }
const O: J = { type: 'object', properties: { a: S, b: S } }
const member = (name: string): J => ({ type: 'object', properties: { [name]: S } })
const [V1, V2, V3] = [member('a'), member('b'), member('c')]
const ref = (name: string): J => ({ $ref: `#/components/schemas/${name}` })
const disc = (propertyName: string, mapping: J): J => ({
  oneOf: [ref('Ask')],
  discriminator: { propertyName, mapping },
})

/** One kind of change: base, revision, the level on each side, and a word the message names. */
interface Row {
  base: J
  head: J
  request: Level
  response: Level
  names?: string
  /** Levels that differ on one subject. */
  at?: Partial<Record<Subject, Level>>
}
const row = (base: J, head: J, request: Level, response: Level, names?: string): Row => ({
  base,
  head,
  request,
  response,
  ...(names === undefined ? {} : { names }),
})

/** Four rows for a bound: tightened, loosened, set, unset. */
function bounds(
  stem: string,
  key: string,
  upper: boolean,
  type: J,
  low: number,
  high: number,
): Record<string, Row> {
  const [tight, loose] = upper ? [low, high] : [high, low]
  return {
    [`${stem}-${upper ? 'decreased' : 'increased'}`]: row(
      { ...type, [key]: loose },
      { ...type, [key]: tight },
      E,
      I,
      key,
    ),
    [`${stem}-${upper ? 'increased' : 'decreased'}`]: row(
      { ...type, [key]: tight },
      { ...type, [key]: loose },
      I,
      E,
      key,
    ),
    [`${stem}-set`]: row(type, { ...type, [key]: tight }, W, I, key),
    [`${stem}-unset`]: row({ ...type, [key]: tight }, type, I, E, key),
  }
}

/** A sub-schema keyword that appears (narrower) or goes (wider). */
const exists = (stem: string, type: J, extra: J): Record<string, Row> => ({
  [`${stem}-added`]: row(type, { ...type, ...extra }, E, I),
  [`${stem}-removed`]: row({ ...type, ...extra }, type, I, E),
})

const withContains = { ...A, contains: { const: 'x' } }
const content = { ...S, contentMediaType: 'application/json' }

export const SCHEMA_CASES: Readonly<Record<string, Row>> = {
  'type-changed': row(S, { type: 'boolean' }, E, E, 'boolean'),
  'type-generalized': row({ type: 'integer' }, { type: ['integer', 'string'] }, I, E),
  'type-specialized': row({ type: ['integer', 'string'] }, { type: 'integer' }, E, I),
  'list-of-types-widened': row({ anyOf: [S, N] }, { anyOf: [S, N, { type: 'boolean' }] }, I, E),
  'list-of-types-narrowed': row({ oneOf: [S, { type: 'boolean' }] }, { oneOf: [S] }, E, I),
  'became-nullable': row(S, { type: ['string', 'null'] }, I, E, 'null'),
  'became-not-nullable': row({ anyOf: [S, { type: 'null' }] }, S, E, I, 'null'),
  'enum-value-added': row({ ...S, enum: ['a'] }, { ...S, enum: ['a', 'b'] }, I, W, '"b"'),
  'x-extensible-enum-value-added': row(
    { enum: [1], 'x-extensible-enum': true },
    { enum: [1, 2], 'x-extensible-enum': true },
    I,
    I,
    '2',
  ),
  'x-extensible-enum-value-removed': row(
    { ...S, 'x-extensible-enum': ['a', 'b'] },
    { ...S, 'x-extensible-enum': ['a'] },
    E,
    I,
    '"b"',
  ),
  'enum-value-removed': row({ ...S, enum: ['a', 'b'] }, { ...S, enum: ['a'] }, E, I, '"b"'),
  'became-enum': row(S, { ...S, enum: ['a'] }, E, I),
  'became-not-enum': row({ ...S, enum: ['a'] }, S, I, W),
  'enum-varname-removed': row(
    { enum: [1], 'x-enum-varnames': ['ONE'] },
    { enum: [1], 'x-enum-varnames': ['UNO'] },
    E,
    E,
    'ONE',
  ),
  'enum-varname-added': row(
    { enum: [1], 'x-enum-varnames': ['ONE'] },
    { enum: [1, 2], 'x-enum-varnames': ['ONE', 'TWO'] },
    I,
    I,
    'TWO',
  ),
  'became-extensible-enum': row({ enum: [1] }, { enum: [1], 'x-extensible-enum': true }, I, I),
  'became-not-extensible-enum': row({ enum: [1], 'x-extensible-enum': true }, { enum: [1] }, I, I),
  'const-added': row(S, { ...S, const: 'a' }, E, I, '"a"'),
  'const-removed': row({ ...S, const: 'a' }, S, I, E),
  'const-changed': row({ ...S, const: 'a' }, { ...S, const: 'b' }, E, E, '"b"'),
  ...bounds('max', 'maximum', true, N, 5, 10),
  ...bounds('exclusive-max', 'exclusiveMaximum', true, N, 5, 10),
  ...bounds('max-length', 'maxLength', true, S, 5, 10),
  ...bounds('max-items', 'maxItems', true, A, 2, 5),
  ...bounds('max-properties', 'maxProperties', true, { type: 'object' }, 2, 5),
  ...bounds('max-contains', 'maxContains', true, withContains, 2, 5),
  ...bounds('min', 'minimum', false, N, 1, 2),
  ...bounds('exclusive-min', 'exclusiveMinimum', false, N, 1, 2),
  ...bounds('min-length', 'minLength', false, S, 1, 2),
  ...bounds('min-items', 'minItems', false, A, 1, 2),
  ...bounds('min-properties', 'minProperties', false, { type: 'object' }, 1, 2),
  ...bounds('min-contains', 'minContains', false, withContains, 1, 2),
  'pattern-added': row(S, { ...S, pattern: '^a' }, E, I, '^a'),
  'pattern-removed': row({ ...S, pattern: '^a' }, S, I, I),
  'pattern-changed': row({ ...S, pattern: '^a' }, { ...S, pattern: '^b' }, W, I, '^b'),
  'format-added': row(S, { ...S, format: 'uri' }, E, I, 'uri'),
  'format-removed': row({ ...S, format: 'uri' }, S, I, I),
  'format-changed': row({ ...S, format: 'uri' }, { ...S, format: 'email' }, W, I, 'email'),
  'multiple-of-changed': row({ ...N, multipleOf: 1 }, { ...N, multipleOf: 2 }, W, W, 'multipleOf'),
  'unique-items-set': row(A, { ...A, uniqueItems: true }, E, I),
  'unique-items-unset': row({ ...A, uniqueItems: true }, A, I, W),
  'additional-properties-closed': row(O, { ...O, additionalProperties: false }, E, I, 'refused'),
  'additional-properties-opened': row({ ...O, additionalProperties: false }, O, I, W, 'allowed'),
  'one-of-added': row({ oneOf: [V1, V2] }, { oneOf: [V1, V2, V3] }, I, E),
  'one-of-removed': row({ oneOf: [V1, V2, V3] }, { oneOf: [V1, V2] }, E, I),
  'any-of-added': row({ anyOf: [V1, V2] }, { anyOf: [V1, V2, V3] }, I, W),
  'any-of-removed': row({ anyOf: [V1, V2, V3] }, { anyOf: [V1, V2] }, E, I),
  'all-of-added': row({ allOf: [V1, V2] }, { allOf: [V1, V2, V3] }, E, I),
  'all-of-removed': row({ allOf: [V1, V2, V3] }, { allOf: [V1, V2] }, I, W),
  'wrapped-in-one-of': row(member('a'), { oneOf: [member('a'), member('b')] }, E, E, 'oneOf'),
  ...exists('not', S, { not: { enum: ['x'] } }),
  'discriminator-added': row({ oneOf: [ref('Ask')] }, disc('kind', {}), W, I),
  'discriminator-removed': row(disc('kind', {}), { oneOf: [ref('Ask')] }, I, W),
  'discriminator-property-name-changed': row(disc('kind', {}), disc('type', {}), E, E, '"type"'),
  'discriminator-mapping-added': row(disc('k', {}), disc('k', { a: '#/a' }), I, W, 'a'),
  'discriminator-mapping-deleted': row(disc('k', { a: '#/a' }), disc('k', {}), E, I, 'a'),
  'discriminator-mapping-changed': row(disc('k', { a: '#/a' }), disc('k', { a: '#/b' }), E, E, '#/b'),
  'default-value-added': {
    ...row(S, { ...S, default: 'a' }, I, I, '"a"'),
    at: { 'request-parameter': E },
  },
  'default-value-removed': { ...row({ ...S, default: 'a' }, S, I, I), at: { 'request-parameter': E } },
  'default-value-changed': {
    ...row({ ...S, default: 'a' }, { ...S, default: 'b' }, I, I, '"b"'),
    at: { 'request-parameter': E },
  },
  deprecated: row(S, { ...S, deprecated: true }, I, I),
  'deprecated-with-sunset': row(S, { ...S, deprecated: true, 'x-sunset': '2027-01-01' }, I, I, '2027-01-01'),
  reactivated: row({ ...S, deprecated: true }, S, I, I),
  'extension-changed': row(S, { ...S, 'x-joinlink-messages': ['a'] }, I, I, 'x-joinlink-messages'),
  'prefix-items-added': row({ type: 'array' }, { type: 'array', prefixItems: [S] }, I, E),
  'prefix-items-removed': row(
    { type: 'array', prefixItems: [S, N] },
    { type: 'array', prefixItems: [S] },
    E,
    I,
  ),
  ...exists('if', O, { if: { required: ['a'] } }),
  // biome-ignore lint/suspicious/noThenProperty: `then` is the JSON Schema keyword under test
  ...exists('then', O, { then: { required: ['b'] } }),
  ...exists('else', O, { else: { required: ['b'] } }),
  ...exists('contains', A, { contains: { const: 'x' } }),
  ...exists('dependent-required', O, { dependentRequired: { a: ['b'] } }),
  'dependent-required-changed': row(
    { ...O, dependentRequired: { a: ['b'] } },
    { ...O, dependentRequired: { a: ['b', 'c'] } },
    E,
    E,
    '"a"',
  ),
  ...exists('dependent-schema', O, { dependentSchemas: { a: { required: ['b'] } } }),
  ...exists('pattern-property', O, { patternProperties: { '^x-': S } }),
  ...exists('property-names', O, { propertyNames: { maxLength: 8 } }),
  ...exists('unevaluated-items', A, { unevaluatedItems: false }),
  ...exists('unevaluated-properties', O, { unevaluatedProperties: false }),
  ...exists('content-schema', content, { contentSchema: { type: 'object' } }),
  'content-media-type-changed': row(content, { ...S, contentMediaType: 'text/csv' }, E, E, 'text/csv'),
  'content-encoding-changed': row(S, { ...S, contentEncoding: 'base64' }, E, E, 'base64'),
  'secret-mark-added': row(S, { ...S, 'x-joinlink-secret': true }, E, E, 'now marked'),
  'secret-mark-removed': row({ ...S, 'x-joinlink-secret': true }, S, E, E, 'no longer marked'),
  'privacy-mark-changed': row(S, { ...S, 'x-joinlink-personal': true }, E, E, 'x-joinlink-personal'),
}

/** Where each subject's schema sits in the test documents. */
const PLACE: Record<Subject, (schema: J) => Parts> = {
  'request-body': (schema) => ({ req: schema }),
  'request-property': (schema) => ({ req: prop(schema) }),
  'request-parameter': (schema) => ({ op: { parameters: [{ name: 'q', in: 'query', schema }] } }),
  'request-parameter-property': (schema) => ({
    op: { parameters: [{ name: 'q', in: 'query', schema: prop(schema) }] },
  }),
  'response-body': (schema) => ({ res: schema }),
  'response-property': (schema) => ({ res: prop(schema) }),
  'response-header': (schema) => ({ ok: { headers: { 'X-H': { schema } } } }),
}

/** The table placed at `subject`: one case per row. */
export function schemaCases(subject: Subject): RuleCase[] {
  const request = subject.startsWith('request')
  return Object.entries(SCHEMA_CASES).map(([suffix, r]) => ({
    id: `${subject}-${suffix}`,
    level: r.at?.[subject] ?? (request ? r.request : r.response),
    base: PLACE[subject](r.base),
    rev: PLACE[subject](r.head),
    ...(r.names === undefined ? {} : { names: r.names }),
  }))
}
