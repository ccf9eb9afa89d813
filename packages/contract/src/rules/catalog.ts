// Every rule the classifier knows: its id (oasdiff's where one corresponds), level and meaning.
import type { Level } from '../types.ts'

/** One rule of the classifier. */
export interface Rule {
  id: string
  /** The level a change found by this rule gets (a few rules set it per change; see `note`). */
  level: Level
  family: string
  description: string
  /** Changes that reach no caller's code need only a patch bump (descriptions, tags). */
  docsOnly?: boolean
  /** Security-relevant: every output flags changes found by it. */
  security?: boolean
  note?: string
}

/** Where a schema sits: request body or property or parameter, response body or property or header. */
export type Subject =
  | 'request-body'
  | 'request-property'
  | 'request-parameter'
  | 'response-body'
  | 'response-property'
  | 'response-header'

const SUBJECTS: Subject[] = [
  'request-body',
  'request-property',
  'request-parameter',
  'response-body',
  'response-property',
  'response-header',
]

const E: Level = 'error'
const W: Level = 'warning'
const I: Level = 'info'

// [suffix, level on the request side, level on the response side, what it means]. Narrowing what a
// request may hold, or widening what a response may hold, breaks somebody.
const NARROW = [E, I] as const
const WIDEN = [I, W] as const
type Row = readonly [string, Level, Level, string]
const bound = (stem: string, key: string, upper: boolean): Row[] => [
  [`${stem}-${upper ? 'decreased' : 'increased'}`, ...NARROW, `${key} tightened`],
  [`${stem}-${upper ? 'increased' : 'decreased'}`, ...WIDEN, `${key} loosened`],
  [`${stem}-set`, ...NARROW, `${key} set where there was none`],
  [`${stem}-unset`, ...WIDEN, `${key} removed`],
]
const SCHEMA_ROWS: Row[] = [
  ['type-changed', E, E, 'type changed to an unrelated one'],
  ['type-generalized', I, E, 'type widened (e.g. integer → [integer, string])'],
  ['type-specialized', E, I, 'type narrowed'],
  ['became-nullable', I, E, "'null' added to the type"],
  ['became-not-nullable', E, I, "'null' removed from the type"],
  ['enum-value-added', I, E, 'enum value added (clients that switch on it meet a value they do not know)'],
  ['x-extensible-enum-value-added', I, I, 'value added to an `x-extensible-enum: true` enum'],
  ['enum-value-removed', E, I, 'enum value removed'],
  ['became-enum', E, I, 'restricted to a list of values'],
  ['became-not-enum', I, E, 'no longer restricted to a list of values'],
  ['enum-varname-removed', E, E, '`x-enum-varnames` name removed or renamed (generated constants lose it)'],
  ['enum-varname-added', I, I, '`x-enum-varnames` name added'],
  [
    'became-extensible-enum',
    I,
    I,
    'enum marked `x-extensible-enum: true` (clients must accept unknown values)',
  ],
  ['became-not-extensible-enum', I, I, '`x-extensible-enum` mark removed'],
  ...bound('max', 'maximum', true),
  ...bound('exclusive-max', 'exclusiveMaximum', true),
  ...bound('max-length', 'maxLength', true),
  ...bound('max-items', 'maxItems', true),
  ...bound('max-properties', 'maxProperties', true),
  ...bound('min', 'minimum', false),
  ...bound('exclusive-min', 'exclusiveMinimum', false),
  ...bound('min-length', 'minLength', false),
  ...bound('min-items', 'minItems', false),
  ...bound('min-properties', 'minProperties', false),
  ['pattern-added', ...NARROW, 'pattern added'],
  ['pattern-removed', ...WIDEN, 'pattern removed'],
  ['pattern-changed', W, W, 'pattern changed (whether it is wider or narrower cannot be told)'],
  ['format-added', ...NARROW, 'format added'],
  ['format-removed', ...WIDEN, 'format removed'],
  ['format-changed', W, W, 'format changed'],
  ['multiple-of-changed', W, W, 'multipleOf set, removed or changed'],
  ['unique-items-set', ...NARROW, 'uniqueItems: true set'],
  ['unique-items-unset', ...WIDEN, 'uniqueItems: true removed'],
  ['additional-properties-closed', ...NARROW, 'unknown properties now refused (additionalProperties: false)'],
  ['additional-properties-opened', ...WIDEN, 'unknown properties now allowed'],
  ['one-of-added', ...WIDEN, 'schema added to oneOf'],
  ['one-of-removed', ...NARROW, 'schema removed from oneOf'],
  ['any-of-added', ...WIDEN, 'schema added to anyOf'],
  ['any-of-removed', ...NARROW, 'schema removed from anyOf'],
  ['all-of-added', ...NARROW, 'schema added to allOf'],
  ['all-of-removed', ...WIDEN, 'schema removed from allOf'],
  ['discriminator-added', W, I, 'discriminator added'],
  ['discriminator-removed', I, W, 'discriminator removed'],
  ['discriminator-property-name-changed', E, E, 'discriminator property name changed'],
  ['discriminator-mapping-added', I, W, 'discriminator mapping key added'],
  ['discriminator-mapping-deleted', E, I, 'discriminator mapping key removed'],
  ['discriminator-mapping-changed', E, E, 'discriminator mapping value changed'],
  ['default-value-added', I, I, 'default value added'],
  ['default-value-removed', W, I, 'default value removed'],
  ['default-value-changed', W, I, 'default value changed'],
  ['deprecated', I, I, 'deprecated'],
  ['reactivated', I, I, 'no longer deprecated'],
  [
    'extension-changed',
    I,
    I,
    'another `x-joinlink-*` fact (message templates, limits) added, removed or changed',
  ],
]

// The public profile hides fields marked `x-joinlink-secret: true`; a mark added or removed changes
// what every attendee receives, so it is breaking and security-relevant on either side.
const SECRET_ROWS: Row[] = [
  ['secret-mark-added', E, E, '`x-joinlink-secret: true` added: the public profile stops returning it'],
  ['secret-mark-removed', E, E, '`x-joinlink-secret` removed: the public profile hands it to every attendee'],
  [
    'privacy-mark-changed',
    E,
    E,
    'another privacy mark (`x-joinlink-private*`, `-personal*`, `-public*`) added, removed or changed',
  ],
]

const r = (
  id: string,
  level: Level,
  family: string,
  description: string,
  extra: Partial<Rule> = {},
): Rule => ({
  id,
  level,
  family,
  description,
  ...extra,
})

const FIXED: Rule[] = [
  r('endpoint-added', I, 'paths', 'operation added'),
  r('api-path-removed-without-deprecation', E, 'paths', 'path removed without being deprecated first'),
  r('api-path-removed-before-sunset', E, 'paths', 'path removed before its `x-sunset` date'),
  r(
    'api-path-removed-with-deprecation',
    W,
    'paths',
    'deprecated path removed (generated clients still lose it)',
  ),
  r('api-removed-without-deprecation', E, 'paths', 'operation removed without being deprecated first'),
  r('api-removed-before-sunset', E, 'paths', 'operation removed before its `x-sunset` date'),
  r(
    'api-removed-with-deprecation',
    W,
    'paths',
    'deprecated operation removed (generated clients still lose it)',
  ),
  r('api-operation-id-removed', E, 'paths', 'operationId removed or renamed (generated names change)'),
  r('api-operation-id-added', I, 'paths', 'operationId added'),
  r('api-tag-added', I, 'paths', 'tag added to an operation', { docsOnly: true }),
  r('api-tag-removed', I, 'paths', 'tag removed from an operation', { docsOnly: true }),
  r('endpoint-deprecated', I, 'deprecation', 'operation deprecated'),
  r('endpoint-reactivated', I, 'deprecation', 'operation no longer deprecated'),
  r('api-deprecated-sunset-missing', I, 'deprecation', 'operation deprecated without an `x-sunset` date'),
  r('api-deprecated-sunset-parse', W, 'deprecation', '`x-sunset` is not a date'),
  r('api-sunset-date-changed-too-small', W, 'deprecation', '`x-sunset` moved earlier'),
  r('sunset-deleted', I, 'deprecation', '`x-sunset` removed while the operation stays deprecated'),
  r('api-schema-added', I, 'components', 'component schema added'),
  r(
    'api-schema-removed',
    E,
    'components',
    'component schema removed (@joinlink/types loses its named export)',
  ),
  r('api-server-added', I, 'servers', 'server added'),
  r('api-server-removed', W, 'servers', 'server removed (callers using it must move)'),
  r('description-changed', I, 'docs', 'description, summary or x-enum-descriptions changed', {
    docsOnly: true,
  }),
  r('new-required-request-parameter', E, 'parameters', 'required parameter added'),
  r('new-optional-request-parameter', I, 'parameters', 'optional parameter added'),
  r(
    'request-parameter-removed',
    W,
    'parameters',
    'parameter removed (callers still sending it may be refused)',
  ),
  r('request-parameter-became-required', E, 'parameters', 'parameter became required'),
  r('request-parameter-became-optional', I, 'parameters', 'parameter became optional'),
  r('request-parameter-in-changed', E, 'parameters', 'parameter moved (e.g. from query to header)'),
  r('request-parameter-style-changed', W, 'parameters', 'parameter style or explode changed'),
  r('request-body-added-required', E, 'request body', 'required request body added'),
  r('request-body-added-optional', I, 'request body', 'optional request body added'),
  r('request-body-removed', W, 'request body', 'request body removed'),
  r('request-body-became-required', E, 'request body', 'request body became required'),
  r('request-body-became-optional', I, 'request body', 'request body became optional'),
  r('request-body-media-type-added', I, 'request body', 'request media type added'),
  r('request-body-media-type-removed', E, 'request body', 'request media type no longer accepted'),
  r(
    'request-property-removed',
    W,
    'request properties',
    'property removed (ignored, or refused if the object is closed)',
  ),
  r('new-required-request-property', E, 'request properties', 'required property added'),
  r('new-optional-request-property', I, 'request properties', 'optional property added'),
  r('request-property-became-required', E, 'request properties', 'property became required'),
  r('request-property-became-optional', I, 'request properties', 'property became optional'),
  r('response-success-status-removed', E, 'responses', '2xx status removed'),
  r('response-non-success-status-removed', W, 'responses', 'non-2xx status removed'),
  r('response-success-status-added', W, 'responses', '2xx status added (clients may not handle it)'),
  r('response-non-success-status-added', I, 'responses', 'non-2xx status added'),
  r('response-media-type-added', I, 'responses', 'response media type added'),
  r('response-media-type-removed', E, 'responses', 'response media type no longer sent'),
  r('response-header-added', I, 'response headers', 'response header added'),
  r('required-response-header-removed', E, 'response headers', 'required response header removed'),
  r('optional-response-header-removed', W, 'response headers', 'optional response header removed'),
  r('response-header-became-optional', E, 'response headers', 'response header became optional'),
  r('response-header-became-required', I, 'response headers', 'response header became required'),
  r('response-required-property-removed', E, 'response properties', 'required property removed'),
  r('response-optional-property-removed', W, 'response properties', 'optional property removed'),
  r('response-required-property-added', I, 'response properties', 'required property added'),
  r('response-optional-property-added', I, 'response properties', 'optional property added'),
  r('response-property-became-optional', E, 'response properties', 'property became optional'),
  r('response-property-became-required', I, 'response properties', 'property became required'),
  ...securityRules(),
]

function securityRules(): Rule[] {
  const s = { security: true }
  const varies = { ...s, note: 'error when the operation needed no credentials before' }
  return [
    r('api-global-security-added', I, 'security', 'alternative added to the global security', varies),
    r('api-global-security-removed', E, 'security', 'alternative removed from the global security', s),
    r('api-global-security-scope-added', E, 'security', 'scope now required by the global security', s),
    r('api-global-security-scope-removed', I, 'security', 'scope no longer required globally', s),
    r('api-security-added', I, 'security', 'alternative added to an operation security', varies),
    r('api-security-removed', E, 'security', 'alternative removed from an operation security', s),
    r('api-security-scope-added', E, 'security', 'scope now required by an operation', s),
    r('api-security-scope-removed', I, 'security', 'scope no longer required by an operation', s),
    r('api-security-component-added', I, 'security', 'security scheme added', s),
    r('api-security-component-removed', W, 'security', 'security scheme removed', s),
    r('api-security-component-type-changed', E, 'security', 'security scheme type changed', s),
    r('api-security-component-location-changed', E, 'security', 'apiKey name/in or http scheme changed', s),
    r('api-security-component-oauth-url-changed', W, 'security', 'OAuth authorization URL changed', s),
    r('api-security-component-oauth-token-url-changed', W, 'security', 'OAuth token URL changed', s),
    r('api-security-component-oauth-scope-added', I, 'security', 'OAuth scope added', s),
    r('api-security-component-oauth-scope-removed', E, 'security', 'OAuth scope removed', s),
  ]
}

function schemaRules(): Rule[] {
  const out: Rule[] = []
  for (const subject of SUBJECTS) {
    const request = subject.startsWith('request')
    const family = `${subject.replace('-', ' ')} schemas`
    for (const [suffix, req, res, description] of SCHEMA_ROWS)
      out.push(r(`${subject}-${suffix}`, request ? req : res, family, description))
    for (const [suffix, req, res, description] of SECRET_ROWS)
      out.push(
        r(`${subject}-${suffix}`, request ? req : res, 'privacy marks', description, { security: true }),
      )
  }
  return out
}

/** Every rule, by id. */
export const RULES: ReadonlyMap<string, Rule> = new Map([...FIXED, ...schemaRules()].map((x) => [x.id, x]))

/** The rule with this id; throws for an id the catalog lacks (a bug in the classifier). */
export function rule(id: string): Rule {
  const found = RULES.get(id)
  if (found === undefined) throw new Error(`classifier bug: no rule "${id}" in the catalog`)
  return found
}
