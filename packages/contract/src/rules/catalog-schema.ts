// The schema rules: one row per kind of change, expanded for every place a schema sits (request body,
// property, parameter, …) with a level for each side. Narrowing what a request may hold, or widening
// what a response may hold, breaks somebody.
import type { Level } from '../types.ts'

/** Where a schema sits: request body, property or parameter (and its properties), response body, property or header. */
export type Subject =
  | 'request-body'
  | 'request-property'
  | 'request-parameter'
  | 'request-parameter-property'
  | 'response-body'
  | 'response-property'
  | 'response-header'

/** Every subject, each giving every schema row its own id. */
export const SUBJECTS: readonly Subject[] = [
  'request-body',
  'request-property',
  'request-parameter',
  'request-parameter-property',
  'response-body',
  'response-property',
  'response-header',
]

/** One kind of schema change with its level on the request side and on the response side. */
export interface SchemaRow {
  suffix: string
  request: Level
  response: Level
  description: string
  /** Why the level differs from oasdiff's for the same id. */
  why?: string
}

const E: Level = 'error'
const W: Level = 'warning'
const I: Level = 'info'

const row = (
  suffix: string,
  request: Level,
  response: Level,
  description: string,
  why?: string,
): SchemaRow => ({
  suffix,
  request,
  response,
  description,
  ...(why === undefined ? {} : { why }),
})

const WHY = {
  setLimit:
    'a limit where there was none refuses requests that were valid the day before; here a warning and an error both ask for a major, so nothing rides on the label',
  boundWiden:
    'a wider response bound breaks clients that size buffers or validate by the old one (oasdiff: error for the bounds it checks)',
  anyOf:
    'a new variant is a shape no client has seen; oasdiff calls the same change under oneOf an error and under anyOf info, here both ask for a major',
  allOfRemoved:
    "removing an allOf member loosens a request (every request valid before stays valid) but drops the member's guarantees (its required properties) from a response",
  discriminator:
    'generated clients (hey-api, orval) dispatch on the discriminator: a renamed discriminator property or a remapped value decodes a payload as the wrong variant; oasdiff reports discriminator changes for review only',
}

/** `upper`: a maximum (tightened when it decreases); else a minimum. */
const bound = (stem: string, key: string, upper: boolean): SchemaRow[] => [
  row(`${stem}-${upper ? 'decreased' : 'increased'}`, E, I, `${key} tightened`),
  row(`${stem}-${upper ? 'increased' : 'decreased'}`, I, E, `${key} loosened`, WHY.boundWiden),
  row(`${stem}-set`, W, I, `${key} set where there was none`, WHY.setLimit),
  row(`${stem}-unset`, I, E, `${key} removed`, WHY.boundWiden),
]

/** A sub-schema keyword that appears or goes: a new constraint narrows what is accepted. */
const exists = (stem: string, key: string): SchemaRow[] => [
  row(`${stem}-added`, E, I, `\`${key}\` added`),
  row(`${stem}-removed`, I, E, `\`${key}\` removed`),
]

export const SCHEMA_ROWS: readonly SchemaRow[] = [
  row(
    'type-changed',
    E,
    E,
    'type changed to an unrelated one',
    'a changed type refuses values that were valid; oasdiff warns instead for the properties of a parameter only (they travel as text)',
  ),
  row('type-generalized', I, E, 'type widened (e.g. integer → [integer, string])'),
  row('type-specialized', E, I, 'type narrowed'),
  row('list-of-types-widened', I, E, 'a type added to an anyOf/oneOf of single types'),
  row('list-of-types-narrowed', E, I, 'a type removed from an anyOf/oneOf of single types'),
  row('became-nullable', I, E, "'null' added to the type (or an anyOf/oneOf with {type: 'null'})"),
  row('became-not-nullable', E, I, "'null' removed from the type"),
  row('enum-value-added', I, W, 'enum value added (clients that switch on it meet a value they do not know)'),
  row('x-extensible-enum-value-added', I, I, 'value added to an extensible enum (`x-extensible-enum`)'),
  row('x-extensible-enum-value-removed', E, I, 'value removed from an extensible enum (`x-extensible-enum`)'),
  row('enum-value-removed', E, I, 'enum value removed'),
  row('became-enum', E, I, 'restricted to a list of values'),
  row('became-not-enum', I, W, 'no longer restricted to a list of values'),
  row(
    'enum-varname-removed',
    E,
    E,
    '`x-enum-varnames` name removed or renamed (generated constants lose it)',
  ),
  row('enum-varname-added', I, I, '`x-enum-varnames` name added'),
  row(
    'became-extensible-enum',
    I,
    I,
    'enum marked `x-extensible-enum: true` (clients must accept unknown values)',
  ),
  row('became-not-extensible-enum', I, I, '`x-extensible-enum` mark removed'),
  row('const-added', E, I, '`const` added'),
  row('const-removed', I, E, '`const` removed'),
  row('const-changed', E, E, '`const` changed'),
  ...bound('max', 'maximum', true),
  ...bound('exclusive-max', 'exclusiveMaximum', true),
  ...bound('max-length', 'maxLength', true),
  ...bound('max-items', 'maxItems', true),
  ...bound('max-properties', 'maxProperties', true),
  ...bound('max-contains', 'maxContains', true),
  ...bound('min', 'minimum', false),
  ...bound('exclusive-min', 'exclusiveMinimum', false),
  ...bound('min-length', 'minLength', false),
  ...bound('min-items', 'minItems', false),
  ...bound('min-properties', 'minProperties', false),
  ...bound('min-contains', 'minContains', false),
  row('pattern-added', E, I, 'pattern added'),
  row('pattern-removed', I, I, 'pattern removed'),
  row('pattern-changed', W, I, 'pattern changed (whether it is wider or narrower cannot be told)'),
  row('format-added', E, I, 'format added'),
  row('format-removed', I, I, 'format removed'),
  row('format-changed', W, I, 'format changed'),
  row('multiple-of-changed', W, W, 'multipleOf set, removed or changed'),
  row('unique-items-set', E, I, 'uniqueItems: true set'),
  row('unique-items-unset', I, W, 'uniqueItems: true removed'),
  row('additional-properties-closed', E, I, 'unknown properties now refused (additionalProperties: false)'),
  row('additional-properties-opened', I, W, 'unknown properties now allowed'),
  row('one-of-added', I, E, 'schema added to oneOf'),
  row('one-of-removed', E, I, 'schema removed from oneOf'),
  row('any-of-added', I, W, 'schema added to anyOf', WHY.anyOf),
  row('any-of-removed', E, I, 'schema removed from anyOf'),
  row('all-of-added', E, I, 'schema added to allOf'),
  row('all-of-removed', I, W, 'schema removed from allOf', WHY.allOfRemoved),
  row('wrapped-in-one-of', E, E, 'the schema became one alternative of a new oneOf'),
  ...exists('not', 'not'),
  row('discriminator-added', W, I, 'discriminator added', WHY.discriminator),
  row('discriminator-removed', I, W, 'discriminator removed', WHY.discriminator),
  row('discriminator-property-name-changed', E, E, 'discriminator property name changed', WHY.discriminator),
  row('discriminator-mapping-added', I, W, 'discriminator mapping key added', WHY.discriminator),
  row('discriminator-mapping-deleted', E, I, 'discriminator mapping key removed', WHY.discriminator),
  row('discriminator-mapping-changed', E, E, 'discriminator mapping value changed', WHY.discriminator),
  row('default-value-added', I, I, 'default value added'),
  row('default-value-removed', I, I, 'default value removed'),
  row('default-value-changed', I, I, 'default value changed'),
  row('deprecated', I, I, 'deprecated'),
  row('deprecated-with-sunset', I, I, 'deprecated with an `x-sunset` date'),
  row('reactivated', I, I, 'no longer deprecated'),
  row(
    'extension-changed',
    I,
    I,
    'another `x-joinlink-*` fact (message templates, limits) added, removed or changed',
  ),
  // JSON Schema 2020-12, as OpenAPI 3.1 brings it; oasdiff's ids and levels.
  row('prefix-items-added', I, E, '`prefixItems` added (positions get their own schema)'),
  row('prefix-items-removed', E, I, '`prefixItems` removed'),
  ...exists('if', 'if'),
  ...exists('then', 'then'),
  ...exists('else', 'else'),
  ...exists('contains', 'contains'),
  ...exists('dependent-required', 'dependentRequired'),
  row('dependent-required-changed', E, E, '`dependentRequired` entry changed'),
  ...exists('dependent-schema', 'dependentSchemas'),
  ...exists('pattern-property', 'patternProperties'),
  ...exists('property-names', 'propertyNames'),
  ...exists('unevaluated-items', 'unevaluatedItems'),
  ...exists('unevaluated-properties', 'unevaluatedProperties'),
  ...exists('content-schema', 'contentSchema'),
  row('content-media-type-changed', E, E, '`contentMediaType` added, removed or changed'),
  row('content-encoding-changed', E, E, '`contentEncoding` added, removed or changed'),
]

/** Rules whose level on one subject differs from the row's (oasdiff judges parameter defaults apart). */
export const LEVEL_OVERRIDES: Readonly<Record<string, Level>> = {
  'request-parameter-default-value-added': E,
  'request-parameter-default-value-removed': E,
  'request-parameter-default-value-changed': E,
}

// The public profile hides fields marked `x-joinlink-secret: true`; a mark added or removed changes
// what every attendee receives, so it is breaking and security-relevant on either side.
export const SECRET_ROWS: readonly SchemaRow[] = [
  row('secret-mark-added', E, E, '`x-joinlink-secret: true` added: the public profile stops returning it'),
  row(
    'secret-mark-removed',
    E,
    E,
    '`x-joinlink-secret` removed: the public profile hands it to every attendee',
  ),
  row(
    'privacy-mark-changed',
    E,
    E,
    'another privacy mark (`x-joinlink-private*`, `-personal*`, `-public*`) added, removed or changed',
  ),
]
