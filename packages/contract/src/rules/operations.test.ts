// One row per rule on paths, operations, parameters, request bodies, responses, headers, servers.
import { describe, it } from 'vitest'
import type { Level } from '../types.ts'
import { expectRule, type Parts, type RuleCase } from './testing.ts'

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

const rows: RuleCase[] = [
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
  row('endpoint-deprecated', I, {}, { op: { deprecated: true, 'x-sunset': '2027-01-01' } }),
  row('endpoint-reactivated', I, { op: { deprecated: true } }, {}),
  row('api-deprecated-sunset-missing', I, {}, { op: { deprecated: true } }),
  row('api-deprecated-sunset-parse', W, {}, { op: { deprecated: true, 'x-sunset': 'soon' } }, 'soon'),
  row(
    'api-sunset-date-changed-too-small',
    W,
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
  row('request-body-removed', W, {}, body(undefined)),
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
]

describe('operation, parameter, body, response and server rules', () => {
  it.each(rows.map((c, i) => [`${c.id} #${i}`, c] as const))('%s', (_name, c) => expectRule(c))
})
