// The rules that are not per schema: paths and operations, deprecation, parameters, bodies, responses,
// properties, components, servers, docs and security.
import type { Level } from '../types.ts'
import type { RuleRow } from './rule.ts'

const E: Level = 'error'
const W: Level = 'warning'
const I: Level = 'info'

const r = (
  id: string,
  level: Level,
  family: string,
  description: string,
  extra: Partial<RuleRow> = {},
): RuleRow => ({ id, level, family, description, ...extra })

const WHY = {
  removedDeprecated:
    "@joinlink/client's typed paths lose the operation: code that still names it stops compiling, deprecated or not",
  operationId: 'the operationId names the generated operation types (`operations[...]` in @joinlink/types)',
  sunsetMissing:
    'a deprecation without a date breaks no caller; requiring one is a policy this project does not set',
  sunsetParse:
    'malformed metadata fails the lint check; it changes nothing a caller sees, so it asks for no bump',
  sunsetDeleted: 'without a sunset date the removal is postponed, which hurts no caller',
  schemaRemoved:
    '@joinlink/types exports each component schema by name: removing one is a compile error for consumers',
  statusRemoved:
    'the generated error union loses a member: typed code comparing against that status can stop compiling',
  statusAdded: 'the typed success union gains a member that existing code does not handle',
  security:
    'a changed credential requirement refuses callers that sent what was accepted (401); oasdiff leaves security changes to review',
}

function securityRules(): RuleRow[] {
  const s = { security: true }
  const why = { ...s, why: WHY.security }
  const varies = { ...s, note: 'error when the operation needed no credentials before' }
  return [
    r('api-global-security-added', I, 'security', 'alternative added to the global security', varies),
    r('api-global-security-removed', E, 'security', 'alternative removed from the global security', why),
    r('api-global-security-scope-added', E, 'security', 'scope now required by the global security', why),
    r('api-global-security-scope-removed', I, 'security', 'scope no longer required globally', s),
    r('api-security-added', I, 'security', 'alternative added to an operation security', varies),
    r('api-security-removed', E, 'security', 'alternative removed from an operation security', why),
    r('api-security-scope-added', E, 'security', 'scope now required by an operation', why),
    r('api-security-scope-removed', I, 'security', 'scope no longer required by an operation', s),
    r('api-security-component-added', I, 'security', 'security scheme added', s),
    r('api-security-component-removed', W, 'security', 'security scheme removed', why),
    r('api-security-component-type-changed', E, 'security', 'security scheme type changed', why),
    r('api-security-component-location-changed', E, 'security', 'apiKey name/in or http scheme changed', s),
    r('api-security-component-oauth-url-changed', W, 'security', 'OAuth authorization URL changed', why),
    r('api-security-component-oauth-token-url-changed', W, 'security', 'OAuth token URL changed', why),
    r('api-security-component-oauth-scope-added', I, 'security', 'OAuth scope added', s),
    r('api-security-component-oauth-scope-removed', E, 'security', 'OAuth scope removed', why),
  ]
}

/** readOnly/writeOnly flips of a property: oasdiff's ids, all information except one. */
function accessRules(): RuleRow[] {
  const out: RuleRow[] = []
  for (const side of ['request', 'response'])
    for (const req of ['optional', 'required'])
      for (const not of ['', 'not-'])
        for (const mode of ['read-only', 'write-only']) {
          const id = `${side}-${req}-property-became-${not}${mode}`
          const level = id === 'response-required-property-became-not-write-only' ? W : I
          out.push(
            r(id, level, `${side} properties`, `${req} property became ${not}${mode.replace('-', '')}`),
          )
        }
  return out
}

export const FIXED_RULES: readonly RuleRow[] = [
  r('endpoint-added', I, 'paths', 'operation added'),
  r('api-path-removed-without-deprecation', E, 'paths', 'path removed without being deprecated first'),
  r('api-path-removed-before-sunset', E, 'paths', 'path removed before its `x-sunset` date'),
  r('api-path-removed-with-deprecation', W, 'paths', 'deprecated path removed', {
    why: WHY.removedDeprecated,
  }),
  r('api-removed-without-deprecation', E, 'paths', 'operation removed without being deprecated first'),
  r('api-removed-before-sunset', E, 'paths', 'operation removed before its `x-sunset` date'),
  r('api-removed-with-deprecation', W, 'paths', 'deprecated operation removed', {
    why: WHY.removedDeprecated,
  }),
  r('api-operation-id-removed', E, 'paths', 'operationId removed or renamed (generated names change)', {
    why: WHY.operationId,
  }),
  r('api-operation-id-added', I, 'paths', 'operationId added'),
  r('api-tag-added', I, 'paths', 'tag added to an operation', { docsOnly: true }),
  r('api-tag-removed', I, 'paths', 'tag removed from an operation', { docsOnly: true }),
  r('webhook-added', I, 'paths', 'webhook added'),
  r('webhook-removed', E, 'paths', 'webhook removed (receivers written for it no longer get calls)'),
  r('endpoint-deprecated', I, 'deprecation', 'operation deprecated'),
  r('endpoint-deprecated-with-sunset', I, 'deprecation', 'operation deprecated with an `x-sunset` date'),
  r('endpoint-reactivated', I, 'deprecation', 'operation no longer deprecated'),
  r('api-deprecated-sunset-missing', I, 'deprecation', 'operation deprecated without an `x-sunset` date', {
    why: WHY.sunsetMissing,
  }),
  r('api-deprecated-sunset-parse', I, 'deprecation', '`x-sunset` is not a date (a lint error, not a bump)', {
    docsOnly: true,
    why: WHY.sunsetParse,
  }),
  r('api-sunset-date-changed-too-small', E, 'deprecation', '`x-sunset` moved earlier'),
  r('sunset-deleted', I, 'deprecation', '`x-sunset` removed while the operation stays deprecated', {
    why: WHY.sunsetDeleted,
  }),
  r('api-schema-added', I, 'components', 'component schema added'),
  r(
    'api-schema-removed',
    E,
    'components',
    'component schema removed (@joinlink/types loses its named export)',
    {
      why: WHY.schemaRemoved,
    },
  ),
  r('api-server-added', I, 'servers', 'server added'),
  r('api-server-removed', W, 'servers', 'server removed (callers using it must move)'),
  r('description-changed', I, 'docs', 'description, summary or x-enum-descriptions changed', {
    docsOnly: true,
  }),
  r('new-required-request-parameter', E, 'parameters', 'required parameter added'),
  r('new-optional-request-parameter', I, 'parameters', 'optional parameter added'),
  r('new-request-path-parameter', E, 'parameters', 'path parameter added (the URL changes)'),
  r(
    'request-parameter-removed',
    W,
    'parameters',
    'parameter removed (callers still sending it may be refused)',
  ),
  r('request-parameter-removed-with-deprecation', I, 'parameters', 'deprecated parameter removed'),
  r(
    'request-parameter-removed-before-sunset',
    E,
    'parameters',
    'parameter removed before its `x-sunset` date',
  ),
  r('request-parameter-sunset-deleted', I, 'parameters', '`x-sunset` removed from a deprecated parameter', {
    why: WHY.sunsetDeleted,
  }),
  r(
    'request-parameter-sunset-date-changed-too-small',
    E,
    'parameters',
    "a parameter's `x-sunset` moved earlier",
  ),
  r('request-parameter-became-required', E, 'parameters', 'parameter became required'),
  r('request-parameter-became-optional', I, 'parameters', 'parameter became optional'),
  r('request-parameter-in-changed', E, 'parameters', 'parameter moved (e.g. from query to header)'),
  r('request-parameter-style-changed', W, 'parameters', 'parameter style or explode changed'),
  r('request-body-added-required', E, 'request body', 'required request body added'),
  r('request-body-added-optional', I, 'request body', 'optional request body added'),
  r('request-body-removed', E, 'request body', 'request body removed'),
  r('request-body-became-required', E, 'request body', 'request body became required'),
  r('request-body-became-optional', I, 'request body', 'request body became optional'),
  r('request-body-media-type-added', I, 'request body', 'request media type added'),
  r('request-body-media-type-removed', E, 'request body', 'request media type no longer accepted'),
  r(
    'request-body-media-type-schema-added',
    E,
    'request body',
    'a media type that took anything now has a schema',
  ),
  r(
    'request-body-media-type-schema-removed',
    I,
    'request body',
    "a media type's schema removed (anything goes)",
  ),
  r(
    'request-property-removed',
    W,
    'request properties',
    'property removed (ignored, or refused if the object is closed)',
  ),
  r('new-required-request-property', E, 'request properties', 'required property added'),
  r(
    'new-required-request-property-with-default',
    E,
    'request properties',
    'required property with a default added',
  ),
  r('new-optional-request-property', I, 'request properties', 'optional property added'),
  r('request-property-became-required', E, 'request properties', 'property became required'),
  r(
    'request-property-became-required-with-default',
    E,
    'request properties',
    'property with a default became required',
  ),
  r('request-property-became-optional', I, 'request properties', 'property became optional'),
  r('response-success-status-removed', E, 'responses', '2xx status removed'),
  r('response-non-success-status-removed', W, 'responses', 'non-2xx status removed', {
    why: WHY.statusRemoved,
  }),
  r('response-success-status-added', W, 'responses', '2xx status added (clients may not handle it)', {
    why: WHY.statusAdded,
  }),
  r('response-non-success-status-added', I, 'responses', 'non-2xx status added'),
  r('response-media-type-added', I, 'responses', 'response media type added'),
  r('response-media-type-removed', E, 'responses', 'response media type no longer sent'),
  r(
    'response-body-media-type-schema-added',
    I,
    'responses',
    'a media type that sent anything now has a schema',
  ),
  r(
    'response-body-media-type-schema-removed',
    W,
    'responses',
    "a media type's schema removed (anything may come)",
  ),
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
  ...accessRules(),
  ...securityRules(),
]
