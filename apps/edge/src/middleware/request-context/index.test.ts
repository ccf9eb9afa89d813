// The X-Request-Id rule, decided once: any value is accepted; a safe one (1–128 of A-Z a-z 0-9 . _ : -)
// is echoed, any other is replaced by a UUID. The spec says the same (no `pattern`, the rule in words).

import { createSpecJudge } from '@joinlink/spec-judge'
import { LOOKUP_PATH } from '@joinlink/validation'
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../../../test/support/app.ts'

const t = await buildTestApp({ JOINLINK_RATE_LIMIT: '0' })
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

async function lookup(requestId: string) {
  const res = await t.fetch(`http://app.local${LOOKUP_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-request-id': requestId },
    body: new TextEncoder().encode('{"attendeeJoinUrl":"https://mtest.qsh1.cn/k/mkIW3Txa0Uk"}'),
  })
  const body = await res.json()
  expect(res.headers.get('x-request-id')).toBe(body.request_id)
  return { status: res.status, requestId: body.request_id as string }
}

describe('X-Request-Id', () => {
  it.each([
    ['a UUID', '5b0c2f5e-0d7a-4a53-9d1e-4b1f0b8f4a11'],
    ['one character', 'a'],
    ['128 characters', 'x'.repeat(128)],
    ['every allowed punctuation', 'svc.a_b:c-d'],
  ])('%s is echoed', async (_label, id) => {
    expect(await lookup(id)).toEqual({ status: 200, requestId: id })
  })

  it.each([
    ['129 characters', 'x'.repeat(129)],
    ['a space', 'a b'],
    ['a slash', 'trace/1'],
    ['non-ASCII (Latin-1)', 'caf\u00e9'],
    ['only whitespace', '   '],
  ])('%s is accepted and replaced by a UUID, never refused', async (_label, id) => {
    const answer = await lookup(id)
    expect(answer.status).toBe(200)
    expect(answer.requestId).toMatch(UUID)
  })

  it('the spec documents the same rule: a plain string, no pattern a validator would enforce', () => {
    const { spec } = createSpecJudge()
    const param = spec.paths[LOOKUP_PATH].post.parameters.find(
      (p: { name: string }) => p.name === 'X-Request-Id',
    )
    expect(param.schema).toEqual({ type: 'string' })
    expect(param.description).toMatch(/1 to 128 characters/)
    expect(param.description).toMatch(/replaced by an id the server makes/)
  })
})
