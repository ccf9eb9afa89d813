import { LOOKUP_PATH } from '@joinlink/validation/facts'
import { invalidVendorPayloads, seedConference, seedResponse } from '@joinlink/validation/fixtures'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { failure } from '../test/failure.ts'
import { createJoinlinkClient, ErrorCode, JoinlinkError, type JoinlinkErrorKind } from './index.ts'

const SEED_LINK = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'
const BASE = 'http://joinlink.test'

type Answer = () => Response | Error | 'hang'

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Answer => {
  return () => Response.json(body, { status, headers })
}
const ok = (body: unknown = seedResponse): Answer => json(200, body)
const envelope = (httpStatus: number, code: number, headers?: Record<string, string>): Answer =>
  json(
    httpStatus,
    {
      status: code,
      msg: `failure ${code}`,
      request_id: `req-${code}`,
      timestamp: 1,
      request_duration: '1ms',
    },
    headers,
  )
const text = (status: number, body: string, type = 'text/html'): Answer => {
  return () => new Response(body, { status, headers: { 'content-type': type } })
}
const hang: Answer = () => 'hang'

/** A fake `fetch` answering in turn (the last answer repeats); it records each request and its body. */
function fakeFetch(...answers: Answer[]) {
  const bodies: unknown[] = []
  const fetch = vi.fn(async (request: Request): Promise<Response> => {
    bodies.push(await request.json())
    const answer = (answers[fetch.mock.calls.length - 1] ?? answers.at(-1) ?? ok())()
    if (answer instanceof Error) throw answer
    if (answer !== 'hang') return answer
    return new Promise((_, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true })
    })
  })
  return Object.assign(fetch, { bodies })
}

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('success', () => {
  it('resolves to the one conference, sending the canonical link with the auth headers', async () => {
    const fetch = fakeFetch(ok())
    const client = createJoinlinkClient({
      baseUrl: `${BASE}/`,
      fetch,
      apiKey: 'key-1',
      token: 'vendor-token',
      headers: { 'X-Request-Id': 'mine-1' },
    })
    await expect(
      client.getConference(' HTTPS://MTEST.qsh1.cn/k/mkIW3Txa0Uk/?priority=web '),
    ).resolves.toEqual(seedConference)
    const request = fetch.mock.calls[0]?.[0] as Request
    expect(request.method).toBe('POST')
    expect(request.url).toBe(`${BASE}${LOOKUP_PATH}`)
    expect(request.headers.get('authorization')).toBe('Bearer key-1')
    expect(request.headers.get('token')).toBe('vendor-token')
    expect(request.headers.get('x-request-id')).toBe('mine-1')
    expect(request.headers.get('content-type')).toBe('application/json')
    expect(fetch.bodies).toEqual([{ attendeeJoinUrl: SEED_LINK }])
  })

  it('lookup resolves to the whole envelope', async () => {
    const client = createJoinlinkClient({ baseUrl: BASE, fetch: fakeFetch(ok()) })
    const answer = await client.lookup(SEED_LINK)
    expect(answer).toEqual(seedResponse)
    expect(answer.request_id).toBe(seedResponse.request_id)
  })

  it('passes per-call headers', async () => {
    const fetch = fakeFetch(ok())
    await createJoinlinkClient({ baseUrl: BASE, fetch }).lookup(SEED_LINK, {
      headers: { 'X-Request-Id': 'call-2' },
    })
    const request = fetch.mock.calls[0]?.[0] as Request
    expect(request.headers.get('x-request-id')).toBe('call-2')
  })
})

describe('fails fast', () => {
  it.each(['', 'https://example.com/k/mkIW3Txa0Uk', 'javascript:alert(1)', 'https://mtest.qsh1.cn/x/abc'])(
    'rejects %j with invalid_request and makes no request',
    async (link) => {
      const fetch = fakeFetch(ok())
      const error = await failure(createJoinlinkClient({ baseUrl: BASE, fetch }).getConference(link))
      expect(error.kind).toBe('invalid_request')
      expect(error.message).toMatch(/^Not an attendee join link: /)
      expect(fetch).not.toHaveBeenCalled()
    },
  )

  it.each([
    [{ baseUrl: 'joinlink.test' }, /baseUrl must be an http\(s\) URL; got joinlink.test/],
    [{ baseUrl: 'ftp://joinlink.test' }, /baseUrl/],
    [{ baseUrl: BASE, retries: -1 }, /retries must be an integer >= 0; got -1/],
    [{ baseUrl: BASE, retries: 1.5 }, /retries/],
    [{ baseUrl: BASE, timeoutMs: 0 }, /timeoutMs must be a number > 0; got 0/],
    [{ baseUrl: BASE, timeoutMs: Number.NaN }, /timeoutMs/],
    [{ baseUrl: BASE, validate: 'loose' }, /validate must be 'off' or 'strict'; got loose/],
    [{ baseUrl: BASE, apiKey: '' }, /apiKey must be a non-empty string; got $/],
    [{ baseUrl: BASE, fetch: 'nope' }, /fetch must be a function; got nope/],
  ])('refuses options %j at creation', (options, message) => {
    const create = () => createJoinlinkClient(options as never)
    expect(create).toThrow(JoinlinkError)
    expect(create).toThrow(message)
  })
})

describe('error kinds', () => {
  it.each<[number, number, JoinlinkErrorKind]>([
    [400, 40001, 'invalid_request'],
    [400, 40003, 'invalid_request'],
    [401, 40101, 'unauthorized'],
    [404, 40401, 'not_found'],
    [404, 40402, 'invalid_request'],
    [405, 40501, 'invalid_request'],
    [413, 41301, 'invalid_request'],
    [415, 41501, 'invalid_request'],
    [429, 42901, 'rate_limited'],
    [500, 50001, 'upstream'],
    [502, 50201, 'upstream'],
    [502, 50202, 'upstream'],
    [503, 50301, 'upstream'],
    [504, 50401, 'upstream'],
    // HTTP 200 with a non-zero status is an error, never a success.
    [200, 40401, 'not_found'],
    [200, 10001, 'upstream'],
  ])(
    'HTTP %i with code %i → %s, carrying status, httpStatus, msg and requestId',
    async (http, code, kind) => {
      const client = createJoinlinkClient({
        baseUrl: BASE,
        fetch: fakeFetch(envelope(http, code)),
        retries: 0,
      })
      const error = await failure(client.getConference(SEED_LINK))
      expect(error).toMatchObject({
        kind,
        status: code,
        httpStatus: http,
        msg: `failure ${code}`,
        requestId: `req-${code}`,
      })
      expect(error.message).toBe(`failure ${code} (HTTP ${http}, code ${code})`)
      expect(error.name).toBe('JoinlinkError')
      // `code` is the spec's code; the vendor's own status (10001) is not one.
      expect(error.code).toBe(code === 10001 ? undefined : code)
    },
  )

  it('ErrorCode names the codes a program compares with', async () => {
    const client = createJoinlinkClient({ baseUrl: BASE, fetch: fakeFetch(envelope(404, 40401)), retries: 0 })
    const error = await failure(client.getConference(SEED_LINK))
    expect(error.code === ErrorCode.NOT_FOUND).toBe(true)
    expect([ErrorCode.NOT_FOUND, ErrorCode.RATE_LIMITED, ErrorCode.UPSTREAM_TIMEOUT]).toEqual([
      40401, 42901, 50401,
    ])
  })

  it('network: fetch throwing, with the cause kept', async () => {
    const cause = new TypeError('fetch failed')
    const client = createJoinlinkClient({ baseUrl: BASE, fetch: fakeFetch(() => cause), retries: 0 })
    const error = await failure(client.getConference(SEED_LINK))
    expect(error.kind).toBe('network')
    expect([error.httpStatus, error.status, error.requestId]).toEqual([undefined, undefined, undefined])
    expect(error.cause).toBe(cause)
    expect(error.message).toBe(`${BASE} is unreachable: TypeError: fetch failed`)
  })

  it.each([
    ['a page on another origin', 'http://app.example', true],
    ['a page on the same origin', BASE, false],
    ['an opaque origin (a file:// page)', 'null', false],
  ])(
    'network in a browser, %s: names CORS and JOINLINK_CORS_ORIGINS only when it can be the cause',
    async (_, page, cors) => {
      vi.stubGlobal('location', { origin: page })
      const cause = new TypeError('Failed to fetch')
      const client = createJoinlinkClient({ baseUrl: BASE, fetch: fakeFetch(() => cause), retries: 0 })
      const error = await failure(client.getConference(SEED_LINK))
      vi.unstubAllGlobals()
      expect(error.kind).toBe('network')
      expect(error.message).toBe(
        cors
          ? `${BASE} is unreachable, or it refused this page's origin (CORS): TypeError: Failed to fetch. If it is up, its operator must allow ${page} (JOINLINK_CORS_ORIGINS=${page} on a Joinlink edge); the browser console names the cause.`
          : `${BASE} is unreachable: TypeError: Failed to fetch`,
      )
    },
  )

  it('timeout: the per-attempt timeout fires', async () => {
    const client = createJoinlinkClient({ baseUrl: BASE, fetch: fakeFetch(hang), timeoutMs: 20, retries: 0 })
    const error = await failure(client.getConference(SEED_LINK))
    expect(error.kind).toBe('timeout')
    expect(error.message).toBe(`${BASE} timed out (timeoutMs 20)`)
    expect((error.cause as Error).name).toBe('TimeoutError')
  })

  const BASE_URL_ADVICE = /; check that baseUrl points at a Joinlink server$/
  const SPEC_ADVICE =
    /; the server does not follow the spec this @joinlink\/client was built from: update the client, or report it to the server operator \(request id [^)]+\)$/
  it.each<[string, Answer, RegExp]>([
    ['an HTML page with 200', text(200, '<html>hello</html>'), BASE_URL_ADVICE],
    ['an HTML page with 502', text(502, '<html>Bad Gateway</html>'), BASE_URL_ADVICE],
    ['an empty body', text(200, '', 'application/json'), BASE_URL_ADVICE],
    ['truncated JSON', text(200, '{"status":0,"result":[', 'application/json'), BASE_URL_ADVICE],
    ['a JSON array', ok([seedConference]), BASE_URL_ADVICE],
    ['an envelope without status', ok({ result: [seedConference] }), BASE_URL_ADVICE],
    ['status 0 with an empty result', ok({ ...seedResponse, result: [] }), SPEC_ADVICE],
    ['status 0 with result a string', ok({ ...seedResponse, result: '[]' }), SPEC_ADVICE],
    ['status 0 on HTTP 500', json(500, seedResponse), SPEC_ADVICE],
  ])('invalid_response: %s, with advice that fits', async (_, answer, advice) => {
    const client = createJoinlinkClient({ baseUrl: BASE, fetch: fakeFetch(answer), retries: 0 })
    const error = await failure(client.getConference(SEED_LINK))
    expect(error.kind).toBe('invalid_response')
    expect(error.message).toMatch(/^HTTP \d+ with /)
    expect(error.message).toMatch(advice)
  })
})

describe('validate: strict', () => {
  const judged = invalidVendorPayloads.filter((payload) => payload.reason !== 'size')

  it.each(judged.map((payload) => [payload.name, payload] as const))(
    'rejects the invalid vendor payload %s with invalid_response',
    async (_, payload) => {
      const answer = text(200, payload.rawBody, payload.contentType ?? 'application/json')
      const client = createJoinlinkClient({ baseUrl: BASE, fetch: fakeFetch(answer), validate: 'strict' })
      const error = await failure(client.getConference(SEED_LINK))
      expect(error.kind).toBe('invalid_response')
    },
  )

  it.each<[string, Record<string, unknown>, string]>([
    ['a wrong type', { title: 42 }, 'result[0].title: expected string, got number'],
    ['null for a string', { title: null }, 'result[0].title: expected string, got null'],
    ['a missing field', { title: undefined }, 'result[0].title: is required (string)'],
  ])('says where and how the answer breaks the spec (%s), and what to do', async (_, change, where) => {
    const body = { ...seedResponse, result: [{ ...seedConference, ...change }] }
    const client = createJoinlinkClient({ baseUrl: BASE, fetch: fakeFetch(ok(body)), validate: 'strict' })
    const error = await failure(client.getConference(SEED_LINK))
    expect(error.kind).toBe('invalid_response')
    expect(error.message).toBe(
      `HTTP 200 with an answer outside the spec: ${where}; the server does not follow the spec this @joinlink/client was built from: update the client, or report it to the server operator (request id ${seedResponse.request_id})`,
    )
  })

  it('accepts the seed response and passes a valid error envelope through by its kind', async () => {
    const fetch = fakeFetch(ok(), envelope(404, 40401))
    const client = createJoinlinkClient({ baseUrl: BASE, fetch, validate: 'strict' })
    await expect(client.getConference(SEED_LINK)).resolves.toEqual(seedConference)
    expect((await failure(client.getConference(SEED_LINK))).kind).toBe('not_found')
  })

  it("'off' lets a mistyped field through (the check is strict mode's job)", async () => {
    const body = { ...seedResponse, result: [{ ...seedConference, title: 42 }] }
    const client = createJoinlinkClient({ baseUrl: BASE, fetch: fakeFetch(ok(body)) })
    await expect(client.getConference(SEED_LINK)).resolves.toMatchObject({ title: 42 })
  })
})
