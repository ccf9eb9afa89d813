import { seedConference, seedResponse } from '@joinlink/validation/fixtures'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { createJoinlinkClient, JoinlinkError } from './index.ts'

const SEED_LINK = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'
const BASE = 'http://joinlink.test'

type Answer = () => Response | Error | 'hang'

const ok: Answer = () => Response.json(seedResponse)
const fail =
  (httpStatus: number, code: number, headers: Record<string, string> = {}): Answer =>
  () =>
    Response.json(
      { status: code, msg: `failure ${code}`, request_id: 'r', timestamp: 1, request_duration: '1ms' },
      {
        status: httpStatus,
        headers,
      },
    )
const offline: Answer = () => new TypeError('fetch failed')
const hang: Answer = () => 'hang'

/** Answers in turn (the last repeats); each request's body is read, proving it is fresh per attempt. */
function fakeFetch(...answers: Answer[]) {
  const requests: Request[] = []
  const fetch = vi.fn(async (request: Request): Promise<Response> => {
    requests.push(request)
    expect(await request.json()).toEqual({ attendeeJoinUrl: SEED_LINK })
    const answer = (answers[requests.length - 1] ?? answers.at(-1) ?? ok)()
    if (answer instanceof Error) throw answer
    if (answer !== 'hang') return answer
    return new Promise((_, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true })
    })
  })
  return Object.assign(fetch, { requests })
}

/** Lets pending fetches and body reads settle without moving fake time. */
async function settle(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve))
}

afterEach(() => {
  vi.useRealTimers()
  vi.restoreAllMocks()
})

describe('retries', () => {
  it.each([
    ['502', fail(502, 50201)],
    ['503', fail(503, 50301)],
    ['504', fail(504, 50401)],
    ['500', fail(500, 50001)],
    ['429', fail(429, 42901, { 'Retry-After': '0' })],
    ['a network error', offline],
  ])('retries after %s and then succeeds, with a fresh request each time', async (_, answer) => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const fetch = fakeFetch(answer, answer, ok)
    const client = createJoinlinkClient({ baseUrl: BASE, fetch })
    await expect(client.getConference(SEED_LINK)).resolves.toEqual(seedConference)
    expect(fetch).toHaveBeenCalledTimes(3)
    expect(new Set(fetch.requests).size).toBe(3)
  })

  it('gives up after `retries` retries with the last error', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const fetch = fakeFetch(fail(503, 50301))
    const error = await createJoinlinkClient({ baseUrl: BASE, fetch, retries: 1 })
      .getConference(SEED_LINK)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'upstream', status: 50301 })
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('retries a per-attempt timeout with a fresh timeout', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const fetch = fakeFetch(hang, ok)
    const client = createJoinlinkClient({ baseUrl: BASE, fetch, timeoutMs: 30 })
    await expect(client.getConference(SEED_LINK)).resolves.toEqual(seedConference)
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(fetch.requests[0]?.signal.aborted).toBe(true)
    expect(fetch.requests[1]?.signal.aborted).toBe(false)
  })

  it.each([
    ['400', fail(400, 40003)],
    ['401', fail(401, 40101)],
    ['404', fail(404, 40401)],
    ['200 with a non-zero status', fail(200, 10001)],
    ['an invalid 200', () => new Response('<html>', { status: 200 })],
  ])('does not retry %s', async (_, answer) => {
    const fetch = fakeFetch(answer)
    await expect(
      createJoinlinkClient({ baseUrl: BASE, fetch }).getConference(SEED_LINK),
    ).rejects.toBeInstanceOf(JoinlinkError)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('retries an HTML 502 from a proxy but reports it as invalid_response', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0)
    const fetch = fakeFetch(() => new Response('<html>Bad Gateway</html>', { status: 502 }))
    const error = await createJoinlinkClient({ baseUrl: BASE, fetch, retries: 1 })
      .getConference(SEED_LINK)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'invalid_response', httpStatus: 502 })
    expect(fetch).toHaveBeenCalledTimes(2)
  })
})

describe('backoff', () => {
  it('waits a jittered exponential backoff between attempts (100–200 ms, then 200–400 ms)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    vi.spyOn(Math, 'random').mockReturnValue(0.5)
    const fetch = fakeFetch(offline, offline, ok)
    const result = createJoinlinkClient({ baseUrl: BASE, fetch }).getConference(SEED_LINK)
    await settle()
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(149)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    await settle()
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(299)
    expect(fetch).toHaveBeenCalledTimes(2)
    await vi.advanceTimersByTimeAsync(1)
    await settle()
    expect(fetch).toHaveBeenCalledTimes(3)
    await expect(result).resolves.toEqual(seedConference)
  })

  it.each([
    ['delay-seconds', () => '2'],
    ['an HTTP-date', () => new Date(Date.now() + 2000).toUTCString()],
  ])('honours Retry-After given as %s instead of the backoff', async (_, retryAfter) => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    vi.setSystemTime(Date.parse('2026-11-26T12:00:00Z'))
    const fetch = fakeFetch(fail(429, 42901, { 'Retry-After': retryAfter() }), ok)
    const result = createJoinlinkClient({ baseUrl: BASE, fetch }).getConference(SEED_LINK)
    await settle()
    await vi.advanceTimersByTimeAsync(1999)
    expect(fetch).toHaveBeenCalledTimes(1)
    await vi.advanceTimersByTimeAsync(1)
    await settle()
    expect(fetch).toHaveBeenCalledTimes(2)
    await expect(result).resolves.toEqual(seedConference)
  })

  it('fails at once when Retry-After is over 30 s, reporting the wait asked for', async () => {
    const fetch = fakeFetch(fail(503, 50301, { 'Retry-After': '31' }), ok)
    const error = await createJoinlinkClient({ baseUrl: BASE, fetch })
      .getConference(SEED_LINK)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'upstream', httpStatus: 503, retryAfterMs: 31_000 })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('exposes Retry-After on a rate_limited error when out of retries', async () => {
    const fetch = fakeFetch(fail(429, 42901, { 'Retry-After': '12' }))
    const error = await createJoinlinkClient({ baseUrl: BASE, fetch, retries: 0 })
      .getConference(SEED_LINK)
      .catch((e: unknown) => e)
    expect(error).toMatchObject({ kind: 'rate_limited', retryAfterMs: 12_000 })
  })
})

describe('abort by the caller', () => {
  it('rejects with the abort reason while a request is in flight, without retrying', async () => {
    const controller = new AbortController()
    const fetch = fakeFetch(hang)
    const result = createJoinlinkClient({ baseUrl: BASE, fetch }).getConference(SEED_LINK, {
      signal: controller.signal,
    })
    await settle()
    const reason = new Error('user left the page')
    controller.abort(reason)
    await expect(result).rejects.toBe(reason)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('rejects during the backoff wait without waiting it out', async () => {
    const controller = new AbortController()
    const fetch = fakeFetch(fail(503, 50301, { 'Retry-After': '20' }))
    const result = createJoinlinkClient({ baseUrl: BASE, fetch }).lookup(SEED_LINK, {
      signal: controller.signal,
    })
    await settle()
    controller.abort()
    await expect(result).rejects.toMatchObject({ name: 'AbortError' })
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('makes no request when the signal is already aborted', async () => {
    const fetch = fakeFetch(ok)
    const result = createJoinlinkClient({ baseUrl: BASE, fetch }).getConference(SEED_LINK, {
      signal: AbortSignal.abort('too late'),
    })
    await expect(result).rejects.toBe('too late')
    expect(fetch).not.toHaveBeenCalled()
  })
})
