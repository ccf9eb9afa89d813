// The media types the lookup takes are the spec's (`application/json`), no more: a validating proxy
// or a fuzzer judges the Content-Type by the spec.
import { describe, expect, it } from 'vitest'
import { buildTestApp } from '../../../test/support/app.ts'

const t = await buildTestApp({ JOINLINK_RATE_LIMIT: '0' })
const body = '{"attendeeJoinUrl":"https://mtest.qsh1.cn/k/mkIW3Txa0Uk"}'

async function statusFor(contentType: string | null): Promise<number> {
  const headers: Record<string, string> = contentType === null ? {} : { 'content-type': contentType }
  const res = await t.fetch('http://app.local/confopenapi/conference/getConferenceByAttendeeJoinUrl', {
    method: 'POST',
    headers,
    body: new Blob([body]),
  })
  return res.status
}

describe('Content-Type', () => {
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/json;charset=UTF-8',
    'application/json ; charset=utf-8',
  ])('%s → 200', async (type) => {
    expect(await statusFor(type)).toBe(200)
  })

  it.each([
    null,
    '',
    'text/plain',
    'text/json',
    'application/vnd.api+json',
    'application/problem+json',
    'application/jsonx',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
  ])('%s → 415', async (type) => {
    expect(await statusFor(type)).toBe(415)
  })
})
