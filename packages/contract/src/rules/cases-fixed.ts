// The rule table for the rules that are not per schema: operations, parameters, bodies, responses,
// properties, servers, components and security. One base document, its revision, the rule and level
// expected (written here, not read from the catalog), and a word the message names.
import type { Level } from '../types.ts'
import type { Parts, RuleCase } from './testing.ts'

type J = Record<string, unknown>
const E: Level = 'error'
const W: Level = 'warning'
const I: Level = 'info'
const row = (id: string, level: Level, base: Parts, rev: Parts, names?: string): RuleCase => ({
  id,
  level,
  base,
  rev,
  ...(names === undefined ? {} : { names }),
})
const other = (op: J = {}): Parts => ({
  paths: { '/other': { get: { responses: { '200': { description: 'ok' } } }, ...op } },
})
const getOp = (extra: J): J => ({ get: { responses: { '200': { description: 'ok' } }, ...extra } })
const param = (p: J): Parts => ({
  op: { parameters: [{ name: 'q', in: 'query', schema: { type: 'string' }, ...p }] },
})
const body = (b: J | undefined): Parts => ({ op: { requestBody: b } })
const json = { 'application/json': { schema: { type: 'object' } } }
const header = (h: J): Parts => ({ ok: { headers: { 'X-Id': { schema: { type: 'string' }, ...h } } } })
const statuses = (extra: J): Parts => ({
  op: { responses: { '200': { description: 'ok', content: json }, ...extra } },
})
const servers = (...urls: string[]): Parts => ({ doc: { servers: urls.map((url) => ({ url })) } })

const schemes = (s: J): J => ({ securitySchemes: s })
const key: J = { type: 'apiKey', in: 'header', name: 'token' }
const bearer: J = { type: 'http', scheme: 'bearer' }
const oauth = (scopes: string[], tokenUrl = 'https://a/token'): J => ({
  type: 'oauth2',
  flows: { clientCredentials: { tokenUrl, scopes: Object.fromEntries(scopes.map((s) => [s, s])) } },
})
const global = (...reqs: J[]): Parts => ({
  doc: { security: reqs },
  components: schemes({ key, bearer, o: oauth(['a', 'b']) }),
})
const op = (...reqs: J[]): Parts => ({
  op: { security: reqs },
  components: schemes({ key, bearer, o: oauth(['a', 'b']) }),
})
const authCode = (authorizationUrl: string): J => ({
  type: 'oauth2',
  flows: { authorizationCode: { authorizationUrl, tokenUrl: 'https://a/token', scopes: {} } },
})

/** readOnly/writeOnly flips of property `p`, required or not, on each side. */
function accessRows(): RuleCase[] {
  const out: RuleCase[] = []
  for (const side of ['request', 'response'] as const)
    for (const req of ['optional', 'required'] as const)
      for (const not of ['', 'not-'] as const)
        for (const [mode, key] of [
          ['read-only', 'readOnly'],
          ['write-only', 'writeOnly'],
        ] as const) {
          const schema = (flag: boolean): Parts => {
            const s = {
              type: 'object',
              properties: { p: { type: 'string', ...(flag ? { [key]: true } : {}) } },
              ...(req === 'required' ? { required: ['p'] } : {}),
            }
            return side === 'request' ? { req: s } : { res: s }
          }
          const id = `${side}-${req}-property-became-${not}${mode}`
          out.push(
            row(
              id,
              id === 'response-required-property-became-not-write-only' ? W : I,
              schema(not !== ''),
              schema(not === ''),
              key,
            ),
          )
        }
  return out
}

/** Operations, parameters, bodies, responses, properties, servers and components. */
export const OPERATION_CASES: RuleCase[] = [
  row('endpoint-added', I, {}, other()),
  row('api-path-removed-without-deprecation', E, other(), {}),
  row(
    'api-path-removed-before-sunset',
    E,
    { paths: { '/other': getOp({ deprecated: true, 'x-sunset': '2027-06-01' }) } },
    {},
    '2027-06-01',
  ),
  row(
    'api-path-removed-with-deprecation',
    W,
    { paths: { '/other': getOp({ deprecated: true, 'x-sunset': '2026-01-01' }) } },
    {},
  ),
  row('api-removed-without-deprecation', E, { paths: { '/lookup': getOp({}) } }, {}),
  row(
    'api-removed-before-sunset',
    E,
    { paths: { '/lookup': getOp({ deprecated: true, 'x-sunset': '2027-06-01' }) } },
    {},
  ),
  row('api-removed-with-deprecation', W, { paths: { '/lookup': getOp({ deprecated: true }) } }, {}),
  row('api-operation-id-removed', E, {}, { op: { operationId: 'find' } }, 'lookup'),
  row('api-operation-id-added', I, { op: { operationId: undefined } }, {}),
  row('api-tag-added', I, {}, { op: { tags: ['x'] } }),
  row('api-tag-removed', I, { op: { tags: ['x'] } }, {}),
  row('endpoint-deprecated', I, {}, { op: { deprecated: true } }),
  row(
    'endpoint-deprecated-with-sunset',
    I,
    {},
    { op: { deprecated: true, 'x-sunset': '2027-01-01' } },
    '2027-01-01',
  ),
  row('endpoint-reactivated', I, { op: { deprecated: true } }, {}),
  row('api-deprecated-sunset-missing', I, {}, { op: { deprecated: true } }),
  row('api-deprecated-sunset-parse', I, {}, { op: { deprecated: true, 'x-sunset': 'soon' } }, 'soon'),
  row(
    'api-sunset-date-changed-too-small',
    E,
    { op: { deprecated: true, 'x-sunset': '2027-06-01' } },
    { op: { deprecated: true, 'x-sunset': '2027-01-01' } },
  ),
  row(
    'sunset-deleted',
    I,
    { op: { deprecated: true, 'x-sunset': '2027-06-01' } },
    { op: { deprecated: true } },
  ),
  row('description-changed', I, { op: { summary: 'a' } }, { op: { summary: 'b' } }),
  row(
    'api-schema-added',
    I,
    {},
    { components: { schemas: { Ask: { type: 'object' }, Reply: { type: 'object' }, New: {} } } },
  ),
  row(
    'api-schema-removed',
    E,
    { components: { schemas: { Ask: { type: 'object' }, Reply: { type: 'object' }, Old: {} } } },
    { components: { schemas: { Ask: { type: 'object' }, Reply: { type: 'object' } } } },
    'Old',
  ),
  row('api-server-added', I, servers('http://a'), servers('http://a', 'http://b')),
  row('api-server-removed', W, servers('http://a', 'http://b'), servers('http://a'), 'http://b'),
  row('new-required-request-parameter', E, {}, param({ required: true })),
  row('new-optional-request-parameter', I, {}, param({})),
  row('request-parameter-removed', W, param({}), {}),
  row('request-parameter-became-required', E, param({}), param({ required: true })),
  row('request-parameter-became-optional', I, param({ required: true }), param({})),
  row('request-parameter-in-changed', E, param({}), param({ in: 'header' }), 'header'),
  row('request-parameter-style-changed', W, param({}), param({ style: 'spaceDelimited' })),
  row('request-parameter-deprecated', I, param({}), param({ deprecated: true })),
  row('request-parameter-type-changed', E, param({}), param({ schema: { type: 'boolean' } })),
  row(
    'request-parameter-max-length-decreased',
    E,
    param({ schema: { type: 'string', maxLength: 9 } }),
    param({ schema: { type: 'string', maxLength: 3 } }),
  ),
  row('request-parameter-pattern-added', E, param({}), param({ schema: { type: 'string', pattern: '^a' } })),
  row(
    'request-parameter-enum-value-removed',
    E,
    param({ schema: { enum: ['a', 'b'] } }),
    param({ schema: { enum: ['a'] } }),
  ),
  row('request-body-added-required', E, body(undefined), body({ required: true, content: json })),
  row('request-body-added-optional', I, body(undefined), body({ content: json })),
  row('request-body-removed', E, {}, body(undefined)),
  row('request-body-became-required', E, body({ content: json }), body({ required: true, content: json })),
  row('request-body-became-optional', I, body({ required: true, content: json }), body({ content: json })),
  row(
    'request-body-media-type-added',
    I,
    body({ content: json }),
    body({ content: { ...json, 'text/plain': {} } }),
  ),
  row(
    'request-body-media-type-removed',
    E,
    body({ content: { ...json, 'text/plain': {} } }),
    body({ content: json }),
    'text/plain',
  ),
  row('response-success-status-removed', E, statuses({ '201': { description: 'c' } }), statuses({})),
  row('response-non-success-status-removed', W, {}, statuses({})),
  row('response-success-status-added', W, statuses({}), statuses({ '202': { description: 'a' } })),
  row('response-non-success-status-added', I, statuses({}), statuses({ '429': { description: 'r' } })),
  row('response-media-type-added', I, {}, { ok: { content: { ...json, 'text/plain': {} } } }),
  row('response-media-type-removed', E, { ok: { content: { ...json, 'text/plain': {} } } }, {}, 'text/plain'),
  row('response-header-added', I, {}, header({})),
  row('required-response-header-removed', E, header({ required: true }), {}, 'X-Id'),
  row('optional-response-header-removed', W, header({}), {}),
  row('response-header-became-optional', E, header({ required: true }), header({})),
  row('response-header-became-required', I, header({}), header({ required: true })),
  row(
    'response-header-type-generalized',
    E,
    header({ schema: { type: 'integer' } }),
    header({ schema: { type: 'number' } }),
  ),
  row('request-property-removed', W, {}, { req: { type: 'object' } }),
  row('new-required-request-property', E, { req: { type: 'object' } }, {}),
  row(
    'new-optional-request-property',
    I,
    { req: { type: 'object' } },
    { req: { type: 'object', properties: { p: {} } } },
  ),
  row(
    'request-property-became-optional',
    I,
    {},
    { req: { type: 'object', properties: { p: { type: 'string' } } } },
  ),
  row(
    'request-property-became-required',
    E,
    { req: { type: 'object', properties: { p: { type: 'string' } } } },
    {},
  ),
  row('response-required-property-removed', E, {}, { res: { type: 'object' } }, '"p"'),
  row(
    'response-optional-property-removed',
    W,
    { res: { type: 'object', properties: { p: {} } } },
    { res: { type: 'object' } },
  ),
  row('response-required-property-added', I, { res: { type: 'object' } }, {}),
  row(
    'response-optional-property-added',
    I,
    { res: { type: 'object' } },
    { res: { type: 'object', properties: { p: {} } } },
  ),
  row(
    'response-property-became-optional',
    E,
    {},
    { res: { type: 'object', properties: { p: { type: 'string' } } } },
  ),
  row(
    'response-property-became-required',
    I,
    { res: { type: 'object', properties: { p: { type: 'string' } } } },
    {},
  ),
  row('webhook-added', I, {}, { doc: { webhooks: { ping: getOp({}) } } }, 'ping'),
  row('webhook-removed', E, { doc: { webhooks: { ping: getOp({}) } } }, {}, 'ping'),
  // A webhook kept on both sides is compared as an operation is.
  row(
    'request-body-became-required',
    E,
    {
      doc: {
        webhooks: {
          ping: { post: { requestBody: { content: json }, responses: { '200': { description: 'ok' } } } },
        },
      },
    },
    {
      doc: {
        webhooks: {
          ping: {
            post: {
              requestBody: { required: true, content: json },
              responses: { '200': { description: 'ok' } },
            },
          },
        },
      },
    },
  ),
  row(
    'new-request-path-parameter',
    E,
    {},
    { op: { parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }] } },
  ),
  row('request-parameter-removed-with-deprecation', I, param({ deprecated: true }), {}),
  row(
    'request-parameter-removed-before-sunset',
    E,
    param({ deprecated: true, 'x-sunset': '2027-06-01' }),
    {},
  ),
  row(
    'request-parameter-sunset-deleted',
    I,
    param({ deprecated: true, 'x-sunset': '2027-06-01' }),
    param({ deprecated: true }),
  ),
  row(
    'request-parameter-sunset-date-changed-too-small',
    E,
    param({ deprecated: true, 'x-sunset': '2027-06-01' }),
    param({ deprecated: true, 'x-sunset': '2027-01-01' }),
    '2027-01-01',
  ),
  row(
    'request-body-media-type-schema-added',
    E,
    body({ content: { 'application/json': {} } }),
    body({ content: json }),
  ),
  row(
    'request-body-media-type-schema-removed',
    I,
    body({ content: json }),
    body({ content: { 'application/json': {} } }),
  ),
  row('response-body-media-type-schema-added', I, { ok: { content: { 'application/json': {} } } }, {}),
  row('response-body-media-type-schema-removed', W, {}, { ok: { content: { 'application/json': {} } } }),
  row(
    'new-required-request-property-with-default',
    E,
    { req: { type: 'object' } },
    { req: { type: 'object', required: ['p'], properties: { p: { type: 'string', default: 'a' } } } },
  ),
  row(
    'request-property-became-required-with-default',
    E,
    { req: { type: 'object', properties: { p: { type: 'string', default: 'a' } } } },
    { req: { type: 'object', required: ['p'], properties: { p: { type: 'string', default: 'a' } } } },
  ),
  ...accessRows(),
]

/** Security requirements and schemes. */
export const SECURITY_CASES: RuleCase[] = [
  row('api-global-security-added', I, global({ key: [] }), global({ key: [] }, { bearer: [] })),
  row('api-global-security-added', E, global({}), global({ key: [] })),
  row('api-global-security-removed', E, global({ key: [] }, { bearer: [] }), global({ key: [] })),
  // Every operation has its own list (as spec/openapi.yaml's one operation does): the global one reaches no call.
  row(
    'api-global-security-removed',
    I,
    { ...global({}, { key: [] }), op: { security: [{}, { key: [] }] } },
    { ...global({ key: [] }), op: { security: [{}, { key: [] }] } },
  ),
  row('api-global-security-scope-added', E, global({ o: ['a'] }), global({ o: ['a', 'b'] })),
  row('api-global-security-scope-removed', I, global({ o: ['a', 'b'] }), global({ o: ['a'] })),
  row('api-security-added', I, op({}, { key: [] }), op({}, { key: [] }, { bearer: [] })),
  row('api-security-added', E, op({}), op({ bearer: [] })),
  row('api-security-removed', E, op({}, { key: [] }), op({ key: [] })),
  row('api-security-scope-added', E, op({ o: [] }), op({ o: ['a'] })),
  row('api-security-scope-removed', I, op({ o: ['a'] }), op({ o: [] })),
  row(
    'api-security-component-added',
    I,
    { components: schemes({ key }) },
    { components: schemes({ key, bearer }) },
  ),
  row(
    'api-security-component-removed',
    W,
    { components: schemes({ key, bearer }) },
    { components: schemes({ key }) },
  ),
  row(
    'api-security-component-type-changed',
    E,
    { components: schemes({ key }) },
    { components: schemes({ key: bearer }) },
  ),
  row(
    'api-security-component-location-changed',
    E,
    { components: schemes({ key }) },
    { components: schemes({ key: { ...key, name: 'x-token' } }) },
  ),
  row(
    'api-security-component-oauth-url-changed',
    W,
    { components: schemes({ o: authCode('https://a/authorize') }) },
    { components: schemes({ o: authCode('https://b/authorize') }) },
  ),
  row(
    'api-security-component-oauth-token-url-changed',
    W,
    { components: schemes({ o: oauth([]) }) },
    { components: schemes({ o: oauth([], 'https://b/token') }) },
  ),
  row(
    'api-security-component-oauth-scope-added',
    I,
    { components: schemes({ o: oauth(['a']) }) },
    { components: schemes({ o: oauth(['a', 'b']) }) },
  ),
  row(
    'api-security-component-oauth-scope-removed',
    E,
    { components: schemes({ o: oauth(['a', 'b']) }) },
    { components: schemes({ o: oauth(['a']) }) },
  ),
]
