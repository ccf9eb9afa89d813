import { describe, expect, it } from 'vitest'
import { classifyChanges } from './diff.ts'

type Schema = Record<string, unknown>
interface Parts {
  request?: Schema
  response?: Schema
  statuses?: string[]
  extraOperation?: boolean
  extraComponents?: Record<string, Schema>
}

// A one-operation spec whose request and 200 response schemas are components, as in ours.
function spec(parts: Parts): unknown {
  const responses: Record<string, unknown> = {
    '200': {
      description: 'ok',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Reply' } } },
    },
  }
  for (const s of parts.statuses ?? ['400']) responses[s] = { $ref: '#/components/responses/Problem' }
  const paths: Record<string, unknown> = {
    '/lookup': {
      post: {
        operationId: 'lookup',
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { $ref: '#/components/schemas/Ask' } } },
        },
        responses,
      },
    },
  }
  if (parts.extraOperation)
    paths['/other'] = { get: { operationId: 'other', responses: { '200': { description: 'ok' } } } }
  return {
    openapi: '3.1.0',
    paths,
    components: {
      schemas: {
        Ask: parts.request ?? { type: 'object', required: ['url'], properties: { url: { type: 'string' } } },
        Reply: parts.response ?? {
          type: 'object',
          required: ['title'],
          properties: { title: { type: 'string' } },
        },
        ...parts.extraComponents,
      },
      responses: {
        Problem: { description: 'no', content: { 'application/json': { schema: { type: 'object' } } } },
      },
    },
  }
}

const obj = (properties: Record<string, Schema>, required: string[] = [], extra: Schema = {}): Schema => ({
  type: 'object',
  required,
  properties,
  ...extra,
})
const str = { type: 'string' }

interface Case {
  rule: string
  base: Parts
  head: Parts
  kind: string
  breaking: boolean
  /** The message must name this. */
  names: string
}

const cases: Case[] = [
  // removing (or renaming) a response field
  {
    rule: 'response field removed',
    base: { response: obj({ title: str, id: str }, ['title']) },
    head: { response: obj({ id: str }) },
    kind: 'response-field-removed',
    breaking: true,
    names: 'title',
  },
  {
    rule: 'response field renamed (the removal)',
    base: { response: obj({ title: str }) },
    head: { response: obj({ name: str }) },
    kind: 'response-field-removed',
    breaking: true,
    names: 'title',
  },
  {
    rule: 'optional response field added',
    base: { response: obj({ title: str }) },
    head: { response: obj({ title: str, extra: str }) },
    kind: 'response-field-added',
    breaking: false,
    names: 'extra',
  },
  // request fields becoming or arriving required
  {
    rule: 'request field made required',
    base: { request: obj({ url: str, lang: str }, ['url']) },
    head: { request: obj({ url: str, lang: str }, ['url', 'lang']) },
    kind: 'request-field-now-required',
    breaking: true,
    names: 'lang',
  },
  {
    rule: 'request field made optional',
    base: { request: obj({ url: str, lang: str }, ['url', 'lang']) },
    head: { request: obj({ url: str, lang: str }, ['url']) },
    kind: 'request-field-now-optional',
    breaking: false,
    names: 'lang',
  },
  {
    rule: 'required request field added',
    base: { request: obj({ url: str }, ['url']) },
    head: { request: obj({ url: str, token: str }, ['url', 'token']) },
    kind: 'request-field-added-required',
    breaking: true,
    names: 'token',
  },
  {
    rule: 'optional request field added',
    base: { request: obj({ url: str }, ['url']) },
    head: { request: obj({ url: str, lang: str }, ['url']) },
    kind: 'request-field-added',
    breaking: false,
    names: 'lang',
  },
  // types
  {
    rule: 'request type narrowed',
    base: { request: obj({ url: { type: ['integer', 'string'] } }) },
    head: { request: obj({ url: { type: 'integer' } }) },
    kind: 'type-narrowed',
    breaking: true,
    names: 'url',
  },
  {
    rule: 'request type widened',
    base: { request: obj({ url: { type: 'integer' } }) },
    head: { request: obj({ url: { type: ['integer', 'string'] } }) },
    kind: 'type-widened',
    breaking: false,
    names: 'url',
  },
  {
    rule: 'response type changed',
    base: { response: obj({ title: str }) },
    head: { response: obj({ title: { type: 'integer' } }) },
    kind: 'type-narrowed',
    breaking: true,
    names: 'title',
  },
  {
    rule: 'response type widened',
    base: { response: obj({ id: { type: 'integer' } }) },
    head: { response: obj({ id: { type: ['integer', 'string'] } }) },
    kind: 'type-widened',
    breaking: true,
    names: 'id',
  },
  {
    rule: 'integer to number in a request',
    base: { request: obj({ n: { type: 'integer' } }) },
    head: { request: obj({ n: { type: 'number' } }) },
    kind: 'type-widened',
    breaking: false,
    names: 'n',
  },
  // enums
  {
    rule: 'request enum narrowed',
    base: { request: obj({ mode: { type: 'integer', enum: [0, 1] } }) },
    head: { request: obj({ mode: { type: 'integer', enum: [0] } }) },
    kind: 'enum-narrowed',
    breaking: true,
    names: 'mode',
  },
  {
    rule: 'request enum widened',
    base: { request: obj({ mode: { type: 'integer', enum: [0, 1] } }) },
    head: { request: obj({ mode: { type: 'integer', enum: [0, 1, 2] } }) },
    kind: 'enum-widened',
    breaking: false,
    names: 'mode',
  },
  {
    rule: 'response enum narrowed',
    base: { response: obj({ state: { enum: ['a', 'b'] } }) },
    head: { response: obj({ state: { enum: ['a'] } }) },
    kind: 'enum-narrowed',
    breaking: true,
    names: 'state',
  },
  {
    rule: 'response enum widened',
    base: { response: obj({ state: { enum: ['a'] } }) },
    head: { response: obj({ state: { enum: ['a', 'b'] } }) },
    kind: 'enum-widened',
    breaking: true,
    names: 'state',
  },
  {
    rule: 'extensible response enum widened',
    base: { response: obj({ state: { enum: ['a'] } }) },
    head: { response: obj({ state: { enum: ['a', 'b'], 'x-extensible-enum': true } }) },
    kind: 'enum-widened',
    breaking: false,
    names: 'state',
  },
  // operations and statuses
  {
    rule: 'operation removed',
    base: { extraOperation: true },
    head: {},
    kind: 'operation-removed',
    breaking: true,
    names: 'other',
  },
  {
    rule: 'operation added',
    base: {},
    head: { extraOperation: true },
    kind: 'operation-added',
    breaking: false,
    names: 'other',
  },
  {
    rule: 'response status removed',
    base: { statuses: ['400', '404'] },
    head: { statuses: ['400'] },
    kind: 'response-status-removed',
    breaking: true,
    names: '404',
  },
  {
    rule: 'response status added',
    base: { statuses: ['400'] },
    head: { statuses: ['400', '404'] },
    kind: 'response-status-added',
    breaking: false,
    names: '404',
  },
  // response fields becoming optional
  {
    rule: 'response field made optional',
    base: { response: obj({ title: str }, ['title']) },
    head: { response: obj({ title: str }) },
    kind: 'response-field-now-optional',
    breaking: true,
    names: 'title',
  },
  {
    rule: 'response field made required',
    base: { response: obj({ title: str }) },
    head: { response: obj({ title: str }, ['title']) },
    kind: 'response-field-now-required',
    breaking: false,
    names: 'title',
  },
  // constraints
  {
    rule: 'request maxLength tightened',
    base: { request: obj({ url: { type: 'string', maxLength: 512 } }) },
    head: { request: obj({ url: { type: 'string', maxLength: 100 } }) },
    kind: 'constraint-tightened',
    breaking: true,
    names: 'url',
  },
  {
    rule: 'request maxLength loosened',
    base: { request: obj({ url: { type: 'string', maxLength: 100 } }) },
    head: { request: obj({ url: { type: 'string', maxLength: 512 } }) },
    kind: 'constraint-loosened',
    breaking: false,
    names: 'url',
  },
  // descriptions
  {
    rule: 'description only',
    base: { response: obj({ title: { type: 'string', description: 'a' } }) },
    head: { response: obj({ title: { type: 'string', description: 'b' } }) },
    kind: 'docs',
    breaking: false,
    names: 'title',
  },
]

describe('classifyChanges', () => {
  it.each(cases)('$rule → $kind (breaking: $breaking)', ({ base, head, kind, breaking, names }) => {
    const changes = classifyChanges(spec(base), spec(head))
    const change = changes.find((c) => c.kind === kind)
    expect(change, JSON.stringify(changes, null, 2)).toBeDefined()
    expect(change?.breaking).toBe(breaking)
    expect(change?.message).toContain(names)
    if (!breaking) expect(changes.filter((c) => c.breaking)).toEqual([])
  })

  it('finds nothing between a spec and itself', () => {
    expect(classifyChanges(spec({}), spec({}))).toEqual([])
  })

  it('names the component and the route to a field in the path', () => {
    const withConference = (props: Record<string, Schema>): Parts => ({
      response: obj({ result: { type: 'array', items: { $ref: '#/components/schemas/Conference' } } }),
      extraComponents: { Conference: obj(props, Object.keys(props)) },
    })
    const [change] = classifyChanges(
      spec(withConference({ title: str, id: str })),
      spec(withConference({ id: str })),
    )
    expect(change).toMatchObject({ kind: 'response-field-removed', breaking: true })
    expect(change?.path).toBe('lookup › response 200 › Reply.result[] › Conference.title')
  })

  it('terminates on recursive schemas', () => {
    const tree = (extra: Record<string, Schema>): Parts => ({
      response: { $ref: '#/components/schemas/Node' },
      extraComponents: {
        Node: obj({ children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, ...extra }),
      },
    })
    const changes = classifyChanges(spec(tree({ name: str })), spec(tree({})))
    expect(changes.map((c) => c.kind)).toEqual(['response-field-removed'])
  })
})
