// The upstream source with a fake fetch passed in (no server): the request it makes, the body cap,
// the shared cache layer, waitUntil and redaction. The HTTP fault matrix is in test/upstream.test.ts.
import { seedResponse } from '@joinlink/validation/fixtures'
import { describe, expect, it, vi } from 'vitest'
import type { UpstreamConfig } from '../config.ts'
import { AppError } from '../errors.ts'
import { createMemorySharedCache, serializeEntry } from './cache.ts'
import { createUpstreamSource } from './upstream.ts'
import { parseRetryAfter } from './upstream-call.ts'

const TOKEN = 'tok-SECRET-0123456789'
const LINK = seedResponse.result[0].attendeeJoinUrl
const config: UpstreamConfig = {
  url: 'https://vendor.example',
  allowedHosts: ['qsh1.cn', 'quanshi.com'],
  path: '/confopenapi/conference/getConferenceByAttendeeJoinUrl',
  token: TOKEN,
  timeoutMs: 200,
  retries: 0,
  maxBodyBytes: 1024,
  maxDepth: 32,
  maxNodes: 50_000,
  maxRecordBytes: 256 * 1024,
  cache: {
    freshMs: 60_000,
    staleWhileRevalidateMs: 300_000,
    staleIfErrorMs: 3_600_000,
    notFoundMs: 10_000,
    maxEntries: 100,
  },
  breaker: { failures: 5, halfOpenAfterMs: 30_000 },
}
const big = { ...config, maxBodyBytes: 256 * 1024 }

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' }, ...init })

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the lookup succeeded'),
    (error: unknown) => error as AppError,
  )

describe('the vendor request', () => {
  it('POSTs the canonical link with the token header and never follows redirects', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(seedResponse))
    const outcome = await createUpstreamSource(big, { fetch }).lookup('mkIW3Txa0Uk', LINK)
    expect(outcome).toMatchObject({ kind: 'found', cache: 'miss', reqid: seedResponse.reqid })
    const [url, init] = fetch.mock.calls[0] ?? []
    expect(url).toBe(`${config.url}${config.path}`)
    expect(init).toMatchObject({
      method: 'POST',
      redirect: 'manual',
      body: JSON.stringify({ attendeeJoinUrl: LINK }),
    })
    expect(init?.headers).toMatchObject({ token: TOKEN, 'Content-Type': 'application/json' })
    expect(init?.signal).toBeInstanceOf(AbortSignal)
  })

  it('refuses, and never caches, a record that belongs to another link', async () => {
    const other = {
      ...seedResponse,
      result: [{ ...seedResponse.result[0], attendeeJoinUrl: 'https://mtest.qsh1.cn/k/otherCode01' }],
    }
    const fetch = vi.fn(async () => json(other))
    const source = createUpstreamSource(big, { fetch })
    for (const _ of [1, 2]) {
      const error = await failure(source.lookup('mkIW3Txa0Uk', LINK))
      expect([error.code, error.message]).toEqual([
        50202,
        expect.stringContaining('not the link that was asked for'),
      ])
    }
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('strips fields the spec does not know', async () => {
    const extra = { ...seedResponse, result: [{ ...seedResponse.result[0], secretExtra: 'x' }] }
    const outcome = await createUpstreamSource(big, { fetch: async () => json(extra) }).lookup('c', LINK)
    expect(outcome.kind === 'found' && 'secretExtra' in outcome.conference).toBe(false)
  })

  it('cancels a body past the cap without reading the rest (no Content-Length)', async () => {
    let pulled = 0
    const cancel = vi.fn()
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++
        controller.enqueue(new Uint8Array(512))
      },
      cancel,
    })
    const fetch = async () => new Response(body, { headers: { 'Content-Type': 'application/json' } })
    const error = await failure(createUpstreamSource(config, { fetch }).lookup('c', LINK))
    expect(error.code).toBe(50202)
    expect(cancel).toHaveBeenCalled()
    expect(pulled).toBeLessThan(10)
  })

  it('times out a body that never ends (the timeout covers the body read)', async () => {
    const fetch = async (_url: RequestInfo | URL, init?: RequestInit) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('{"status":0,'))
          init?.signal?.addEventListener('abort', () => controller.error(init.signal?.reason))
        },
      })
      return new Response(body)
    }
    const error = await failure(createUpstreamSource(config, { fetch }).lookup('c', LINK))
    expect(error.code).toBe(50401)
  })

  it('redacts the token if the vendor echoes it in its msg', async () => {
    const fetch = async () => json({ status: 10001, msg: `bad token ${TOKEN}` })
    const error = await failure(createUpstreamSource(config, { fetch }).lookup('c', LINK))
    expect(error.code).toBe(50201)
    expect(JSON.stringify({ msg: error.message, upstream: error.upstream })).not.toContain(TOKEN)
  })
})

describe('the shared cache layer', () => {
  it('a second instance answers from the shared layer without calling the vendor', async () => {
    const sharedCache = createMemorySharedCache()
    const waitUntil = vi.fn()
    const first = createUpstreamSource(big, { fetch: async () => json(seedResponse), sharedCache, waitUntil })
    await first.lookup('mkIW3Txa0Uk', LINK)
    expect(waitUntil).toHaveBeenCalledTimes(1)
    await waitUntil.mock.calls[0]?.[0]
    const fetch = vi.fn(async () => json(seedResponse))
    const second = createUpstreamSource(big, { fetch, sharedCache })
    expect(await second.lookup('mkIW3Txa0Uk', LINK)).toMatchObject({ kind: 'found', cache: 'hit' })
    expect(fetch).not.toHaveBeenCalled()
  })

  it('a shared entry outside the spec is a miss', async () => {
    const sharedCache = createMemorySharedCache()
    const tampered = serializeEntry({
      value: { kind: 'found', conference: seedResponse.result[0] },
      storedAt: Date.now(),
    })
    await sharedCache.put('c', tampered.replace('"title":"', '"title":1,"x":"'), 60_000)
    const fetch = vi.fn(async () => json(seedResponse))
    await createUpstreamSource(big, { fetch, sharedCache }).lookup('c', LINK)
    expect(fetch).toHaveBeenCalledTimes(1)
  })

  it('a failing shared layer is logged and treated as a miss', async () => {
    const lines: string[] = []
    const sharedCache = {
      get: async () => Promise.reject(new Error('cache down')),
      put: async () => Promise.reject(new Error('cache down')),
    }
    const source = createUpstreamSource(big, {
      fetch: async () => json(seedResponse),
      sharedCache,
      log: (l) => lines.push(l),
    })
    expect(await source.lookup('c', LINK)).toMatchObject({ kind: 'found', cache: 'miss' })
    await new Promise((r) => setTimeout(r, 0))
    expect(lines.join('\n')).toContain('shared cache read failed')
    expect(lines.join('\n')).toContain('shared cache write failed')
  })
})

describe('background refresh', () => {
  it('passes the refresh to the per-lookup waitUntil and keeps the stale record when it fails', async () => {
    let now = 0
    let fail = false
    const lines: string[] = []
    const fetch = async () => (fail ? new Response('down', { status: 503 }) : json(seedResponse))
    const source = createUpstreamSource(big, { fetch, now: () => now, log: (l) => lines.push(l) })
    await source.lookup('c', LINK)
    now = 61_000
    fail = true
    const waitUntil = vi.fn()
    expect(await source.lookup('c', LINK, undefined, { waitUntil })).toMatchObject({ cache: 'stale' })
    await waitUntil.mock.calls[0]?.[0]
    expect(lines.join('\n')).toContain('background refresh failed')
    expect(await source.lookup('c', LINK)).toMatchObject({ kind: 'found', cache: 'stale' })
  })
})

describe('parseRetryAfter', () => {
  it.each([
    ['3', 3000],
    [' 0 ', 0],
    ['Thu, 01 Jan 1970 00:00:10 GMT', 10_000],
    ['soon', undefined],
    [null, undefined],
  ])('%j → %s ms', (value, ms) => {
    expect(parseRetryAfter(value, 0)).toBe(ms)
  })
})

it('AppError codes are the documented ones', () => {
  expect(new AppError(50301, 'x').httpStatus).toBe(503)
})
