// The upstream source with a fake fetch passed in (no server): the request it makes, the body cap,
// the shared cache layer, waitUntil and redaction. The HTTP fault matrix is in test/upstream.test.ts.
import { joinLink, type LookupError, type LookupOutcome, servedConference, serveRecord } from '@joinlink/core'
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import { seedResponse } from '@joinlink/validation/fixtures'
import { describe, expect, it, vi } from 'vitest'
import type { UpstreamConfig } from '../config/config.ts'
import { createMemorySharedCache, serializeEntry } from './cache.ts'
import { createUpstreamSource } from './upstream.ts'

/** A lookup outcome with its served record read back (conference, reqid), for matching. */
const seen = (outcome: LookupOutcome | undefined) =>
  outcome?.kind === 'found' ? { ...outcome, record: undefined, ...servedConference(outcome.record) } : outcome

const TOKEN = 'tok-SECRET-0123456789'
const LINK = seedResponse.result[0].attendeeJoinUrl
const SEED = joinLink('mtest.qsh1.cn', 'mkIW3Txa0Uk', LINK)
const config: UpstreamConfig = {
  url: 'https://vendor.example',
  allowedHosts: ['qsh1.cn', 'quanshi.com'],
  path: LOOKUP_PATH,
  token: TOKEN,
  tokenFile: undefined,
  tokenCheckMs: 10_000,
  tokenErrorStatuses: [],
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
    maxBytes: 1024 * 1024,
  },
  breaker: { ratio: 0.5, windowMs: 30_000, minLinks: 10, halfOpenAfterMs: 30_000 },
  failureCacheMs: 0,
  bulkhead: { concurrency: 32, queue: 64 },
  retryBudgetRatio: 0.2,
}
const big = { ...config, maxBodyBytes: 256 * 1024 }

const json = (body: unknown, init: ResponseInit = {}) =>
  new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' }, ...init })

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('the lookup succeeded'),
    (error: unknown) => error as LookupError,
  )

describe('the vendor request', () => {
  it('POSTs the canonical link with the token header and never follows redirects', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, _init?: RequestInit) => json(seedResponse))
    const outcome = await createUpstreamSource(big, { fetch }).lookup(SEED, {})
    expect(seen(outcome)).toMatchObject({ kind: 'found', cache: 'miss', reqid: seedResponse.reqid })
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
      const error = await failure(source.lookup(SEED, {}))
      expect([error.code, error.message]).toEqual([
        50202,
        expect.stringContaining('not the link that was asked for'),
      ])
    }
    expect(fetch).toHaveBeenCalledTimes(2)
  })

  it('strips fields the spec does not know', async () => {
    const extra = { ...seedResponse, result: [{ ...seedResponse.result[0], secretExtra: 'x' }] }
    const outcome = await createUpstreamSource(big, { fetch: async () => json(extra) }).lookup(SEED, {})
    expect(outcome.kind === 'found' && 'secretExtra' in servedConference(outcome.record).conference).toBe(
      false,
    )
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
    const error = await failure(createUpstreamSource(config, { fetch }).lookup(SEED, {}))
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
    const error = await failure(createUpstreamSource(config, { fetch }).lookup(SEED, {}))
    expect(error.code).toBe(50401)
  })

  it('redacts the token if the vendor echoes it in its msg', async () => {
    const fetch = async () => json({ status: 10001, msg: `bad token ${TOKEN}` })
    const error = await failure(createUpstreamSource(config, { fetch }).lookup(SEED, {}))
    expect(error.code).toBe(50201)
    expect(JSON.stringify({ msg: error.message, upstream: error.upstream })).not.toContain(TOKEN)
  })
})

describe('the shared cache layer', () => {
  it('a second instance answers from the shared layer without calling the vendor', async () => {
    const sharedCache = createMemorySharedCache()
    const waitUntil = vi.fn()
    const first = createUpstreamSource(big, { fetch: async () => json(seedResponse), sharedCache })
    await first.lookup(SEED, { waitUntil })
    expect(waitUntil).toHaveBeenCalledTimes(1)
    await waitUntil.mock.calls[0]?.[0]
    const fetch = vi.fn(async () => json(seedResponse))
    const second = createUpstreamSource(big, { fetch, sharedCache })
    expect(await second.lookup(SEED, {})).toMatchObject({ kind: 'found', cache: 'hit' })
    expect(fetch).not.toHaveBeenCalled()
  })

  it('a shared entry outside the spec is a miss', async () => {
    const sharedCache = createMemorySharedCache()
    const now = Date.now()
    const tampered = serializeEntry({
      value: { kind: 'found', record: serveRecord({ ...seedResponse.result[0], title: 1 } as never) },
      storedAt: now,
      freshUntil: now + 60_000,
      revalidateUntil: now + 60_000,
      staleUntil: now + 60_000,
    })
    await sharedCache.put(SEED.key, tampered, 60_000)
    const fetch = vi.fn(async () => json(seedResponse))
    await createUpstreamSource(big, { fetch, sharedCache }).lookup(SEED, {})
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
    expect(await source.lookup(SEED, {})).toMatchObject({ kind: 'found', cache: 'miss' })
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
    await source.lookup(SEED, {})
    now = 61_000
    fail = true
    const waitUntil = vi.fn()
    expect(await source.lookup(SEED, { waitUntil })).toMatchObject({ cache: 'stale' })
    await waitUntil.mock.calls[0]?.[0]
    expect(lines.join('\n')).toContain('background refresh failed')
    expect(await source.lookup(SEED, {})).toMatchObject({ kind: 'found', cache: 'stale' })
  })
})

describe('environments: the same code on two hosts is two conferences', () => {
  const PROD = joinLink('s.qsh1.cn', 'mkIW3Txa0Uk', 'https://s.qsh1.cn/k/mkIW3Txa0Uk')
  const onHost = (host: string, title: string) => ({
    ...seedResponse,
    result: [{ ...seedResponse.result[0], title, attendeeJoinUrl: `https://${host}/k/mkIW3Txa0Uk` }],
  })

  it('concurrent lookups on two hosts make two vendor calls, cached apart', async () => {
    const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
      const asked = JSON.parse(String(init?.body)).attendeeJoinUrl as string
      return json(onHost(new URL(asked).host, `from ${new URL(asked).host}`))
    })
    const source = createUpstreamSource(big, { fetch })
    const [test, prod] = await Promise.all([source.lookup(SEED, {}), source.lookup(PROD, {})])
    expect(fetch).toHaveBeenCalledTimes(2)
    expect(seen(test)).toMatchObject({ kind: 'found', conference: { title: 'from mtest.qsh1.cn' } })
    expect(seen(prod)).toMatchObject({ kind: 'found', conference: { title: 'from s.qsh1.cn' } })
    expect(seen(await source.lookup(PROD, {}))).toMatchObject({
      cache: 'hit',
      conference: { title: 'from s.qsh1.cn' },
    })
  })

  it('a record of the test host is refused for a production lookup of the same code', async () => {
    const source = createUpstreamSource(big, { fetch: async () => json(onHost('mtest.qsh1.cn', 'test')) })
    const error = await failure(source.lookup(PROD, {}))
    expect(error.code).toBe(50202)
  })
})

describe('fleet coalescing (a fake FleetCoalescing)', () => {
  it('a lookup another instance filled answers from the shared layer without a vendor call; a leader fills it for the others', async () => {
    const shared = createMemorySharedCache()
    const fetch = vi.fn(async () => json(seedResponse))
    const leads: string[] = []
    // Another instance holds the link: by the time this one looks, it has stored its answer.
    const other = {
      async lead<T>(key: string, fill: () => Promise<T>, read: () => Promise<T | undefined>) {
        leads.push(key)
        const now = Date.now()
        const entry = {
          storedAt: now,
          freshUntil: now + 10_000,
          revalidateUntil: now + 10_000,
          staleUntil: now + 10_000,
        }
        await shared.put(key, serializeEntry({ value: { kind: 'not_found' }, ...entry }), 10_000)
        return (await read()) ?? fill()
      },
      tryLead: async () => undefined,
    }
    const waiting = createUpstreamSource(big, { fetch, sharedCache: shared, coalescing: other })
    expect(await waiting.lookup(SEED, {})).toMatchObject({ kind: 'not_found', cache: 'miss' })
    expect(fetch).not.toHaveBeenCalled()
    expect(leads).toEqual([SEED.key])

    // This instance leads: the vendor's answer is in the shared layer before lead() returns.
    const fresh = createMemorySharedCache()
    let storedWhenFilled: string | undefined
    const leader = {
      async lead<T>(key: string, fill: () => Promise<T>) {
        const value = await fill()
        storedWhenFilled = await fresh.get(key)
        return value
      },
      tryLead: async () => undefined,
    }
    const leading = createUpstreamSource(big, { fetch, sharedCache: fresh, coalescing: leader })
    expect(await leading.lookup(SEED, {})).toMatchObject({ kind: 'found', cache: 'miss' })
    expect(fetch).toHaveBeenCalledTimes(1)
    expect(storedWhenFilled).toContain('"kind":"found"')
  })
})
