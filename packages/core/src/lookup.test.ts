import { DEFAULT_ALLOWED_HOSTS, LOOKUP_PATH } from '@joinlink/validation'
import { dataset, invalidRequests, seedConference, validRequests } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { answerText } from './answer.ts'
import { lookupError } from './errors.ts'
import { type CoreRequest, createLookupCore } from './lookup.ts'
import { type ConferenceSource, createDatasetSource, indexConferences } from './source.ts'

const index = indexConferences(dataset, 'the embedded dataset', DEFAULT_ALLOWED_HOSTS)
const core = createLookupCore({ source: createDatasetSource(index) })
const SEED = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'

const request = (body: string, extra: Partial<CoreRequest> = {}): CoreRequest => ({
  method: 'POST',
  path: LOOKUP_PATH,
  contentType: 'application/json',
  body,
  requestId: 'req-1',
  startedAt: performance.now(),
  ...extra,
})
const parse = (body: string) =>
  JSON.parse(body) as Record<string, unknown> & { result: Record<string, unknown>[] }

describe('the lookup core', () => {
  it.each(validRequests)(
    'valid request "$name" → 200 with the conference of its link',
    async ({ body, canonicalUrl }) => {
      const answer = await core.handle(request(JSON.stringify(body)))
      expect(answer.status, answerText(answer)).toBe(200)
      const envelope = parse(answerText(answer))
      expect(envelope).toMatchObject({ status: 0, request_id: 'req-1' })
      expect(envelope.result).toHaveLength(1)
      // The conference of that host and code: the link's kind (/k/, /a/) does not name another one.
      const [host, code] = [new URL(canonicalUrl).host, canonicalUrl.split('/').at(-1)]
      const found = new URL(String(envelope.result[0]?.attendeeJoinUrl))
      expect([found.host, found.pathname.split('/').at(-1)]).toEqual([host, code])
    },
  )

  it.each(invalidRequests)('invalid request "$name" → $status $code', async (fixture) => {
    const contentType = fixture.contentType === undefined ? 'application/json' : fixture.contentType
    const answer = await core.handle(request(fixture.rawBody, { contentType }))
    expect(answer.status, answerText(answer)).toBe(fixture.status)
    const envelope = parse(answerText(answer))
    expect(envelope.status).toBe(fixture.code)
    expect(String(envelope.msg).length).toBeGreaterThan(10)
  })

  it('the same body as bytes answers the same', async () => {
    const answer = await core.handle(
      request('', { body: new TextEncoder().encode(JSON.stringify({ attendeeJoinUrl: SEED })) }),
    )
    expect(answer.status).toBe(200)
  })

  it('every answer carries the headers the spec defines', async () => {
    const answer = await core.handle(request(JSON.stringify({ attendeeJoinUrl: SEED })))
    expect(answer.headers).toMatchObject({
      'Content-Type': 'application/json',
      'Cache-Control': 'no-store',
      'X-Request-Id': 'req-1',
    })
    expect(answer.headers['Server-Timing']).toMatch(/^source;dur=\d+\.\d{3}, total;dur=\d+\.\d{3}$/)
    expect(parse(answerText(answer)).request_duration).toMatch(/^\d+\.\d{3}ms$/)
  })

  it('public profile blanks the host secrets; full returns the record unchanged', async () => {
    const body = JSON.stringify({ attendeeJoinUrl: SEED })
    const pub = parse(answerText(await core.handle(request(body)))).result[0]
    expect(pub).toMatchObject({ pcode1: '', hostJoinUrl: '', wcallurl: '', hostMobile: '' })
    expect(pub?.title).toBe(seedConference.title)
    const full = parse(answerText(await core.handle(request(body, { profile: 'full' })))).result[0]
    expect(full).toEqual(seedConference)
  })

  it('a link no conference belongs to → 404 40401 naming the canonical link', async () => {
    const answer = await core.handle(
      request(JSON.stringify({ attendeeJoinUrl: 'HTTPS://S.qsh1.cn/k/zzzz0000/' })),
    )
    expect(answer.status).toBe(404)
    expect(parse(answerText(answer))).toMatchObject({ status: 40401 })
    expect(parse(answerText(answer)).msg).toContain('https://s.qsh1.cn/k/zzzz0000')
  })

  it.each([
    ['GET', LOOKUP_PATH, 405, 40501],
    ['PUT', LOOKUP_PATH, 405, 40501],
    ['GET', '/nope', 404, 40402],
    ['POST', `${LOOKUP_PATH}/extra`, 404, 40402],
  ])('%s %s → %d %d', async (method, path, status, code) => {
    const answer = await core.handle(request('', { method, path }))
    expect(answer.status).toBe(status)
    expect(parse(answerText(answer)).status).toBe(code)
    if (status === 405) expect(answer.headers.Allow).toBe('POST')
  })

  it('a source failure answers its code, with Retry-After; a fault is rethrown for the adapter to log', async () => {
    const failing = (error: unknown): ConferenceSource => ({
      lookup: () => Promise.reject(error),
    })
    const paused = createLookupCore({
      source: failing(lookupError('UPSTREAM_CIRCUIT_OPEN', { retry_after: 9 }, { retryAfterS: 9 })),
    })
    const answer = await paused.handle(request(JSON.stringify({ attendeeJoinUrl: SEED })))
    expect(answer.status).toBe(503)
    expect(answer.headers['Retry-After']).toBe('9')
    const broken = createLookupCore({ source: failing(new TypeError('bug')) })
    await expect(broken.handle(request(JSON.stringify({ attendeeJoinUrl: SEED })))).rejects.toThrow('bug')
    const fault = broken.fail({ requestId: 'r', startedAt: performance.now() }, new TypeError('bug'))
    expect(fault.status).toBe(500)
    expect(answerText(fault)).not.toContain('bug')
  })

  it('the source gets the link keyed by host and code, and the request context', async () => {
    const seen: unknown[] = []
    const spy = createLookupCore({
      source: {
        lookup: async (link, context) => {
          seen.push(link, context)
          return { kind: 'not_found', cache: 'miss' }
        },
      },
    })
    const context = { clientAddress: '192.0.2.1' }
    const answer = await spy.handle(
      request(JSON.stringify({ attendeeJoinUrl: 'mtest.QSH1.cn/a/mkIW3Txa0Uk?x=1' }), { context }),
    )
    expect(seen).toEqual([
      {
        host: 'mtest.qsh1.cn',
        code: 'mkIW3Txa0Uk',
        canonicalUrl: 'https://mtest.qsh1.cn/a/mkIW3Txa0Uk',
        key: 'mtest.qsh1.cn/mkIW3Txa0Uk',
      },
      context,
    ])
    expect(answer.headers['X-Joinlink-Cache']).toBe('miss')
    expect(answer.cache).toBe('miss')
  })

  const seed = JSON.stringify({ attendeeJoinUrl: SEED })
  it.each([
    'application/json',
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/json;charset=UTF-8',
    'application/json ; charset=utf-8',
  ])('Content-Type %s → 200', async (type) => {
    expect((await core.handle(request(seed, { contentType: type }))).status).toBe(200)
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
  ])('Content-Type %j → 415 (only what the spec documents)', async (type) => {
    expect((await core.handle(request(seed, { contentType: type }))).status).toBe(415)
  })
})
