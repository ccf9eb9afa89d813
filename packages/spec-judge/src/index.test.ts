import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { createSpecJudge, findOperation, LOOKUP, LOOKUP_OPERATION_ID } from './index.ts'

const minimal = (paths: Record<string, unknown>) => ({ openapi: '3.1.0', info: {}, paths })

describe('findOperation', () => {
  it('finds the lookup in the repository spec by its operationId', () => {
    const { spec } = createSpecJudge()
    expect(spec.paths[LOOKUP.path][LOOKUP.method].operationId).toBe(LOOKUP_OPERATION_ID)
    expect(LOOKUP.method).toBe('post')
  })

  it.each([
    {
      name: 'a get beside it',
      paths: { '/a': { get: { operationId: 'x' } }, '/b': { put: { operationId: 'y' } } },
      want: { path: '/b', method: 'put' },
    },
    {
      name: 'parameters beside the operations',
      paths: { '/a': { parameters: [], post: { operationId: 'y' } } },
      want: { path: '/a', method: 'post' },
    },
  ])('finds it with $name', ({ paths, want }) => {
    expect(findOperation(minimal(paths), 'y')).toEqual(want)
  })

  it('names the operation it cannot find', () => {
    expect(() => findOperation(minimal({ '/a': { get: { operationId: 'x' } } }), 'y')).toThrow(
      /no operation y/,
    )
  })
})

describe('createSpecJudge', () => {
  const spec = parse(`
openapi: 3.1.0
info: { title: t, version: '1' }
paths:
  /x:
    post:
      operationId: ${LOOKUP_OPERATION_ID}
      responses:
        '200':
          description: ok
          content: { application/json: { schema: { $ref: '#/components/schemas/Ok' } } }
        4XX: { $ref: '#/components/responses/Bad' }
components:
  schemas:
    Ok: { type: object, required: [n], properties: { n: { type: integer } } }
  responses:
    Bad: { description: bad, content: { application/json: { schema: { type: object, required: [msg] } } } }
`)
  const judge = createSpecJudge(spec, findOperation(spec, LOOKUP_OPERATION_ID))

  it.each([
    { status: 200, body: { n: 1 }, ok: true },
    { status: 200, body: { n: 'one' }, ok: false },
    { status: 404, body: { msg: 'no' }, ok: true },
    { status: 404, body: {}, ok: false },
    { status: 500, body: {}, ok: false },
  ])('status $status with $body → ok $ok', ({ status, body, ok }) => {
    expect(judge.response(status, body).ok).toBe(ok)
  })

  it('lists the documented statuses', () => {
    expect(judge.statuses).toEqual(['200', '4XX'])
    expect(judge.documentedStatuses).toEqual([200])
  })
})
