// The upstream source over real HTTP against the fake vendor: the fault matrix, coalescing,
// stale answers, the circuit breaker and the token's secrecy.

import { createSpecJudge } from '@joinlink/spec-judge'
import { type FakeVendor, type FaultMode, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { LOOKUP_PATH } from '@joinlink/validation'
import { dataset, invalidVendorPayloads, seedResponse } from '@joinlink/validation/fixtures'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, parseConfig, type UpstreamConfig } from '../src/config/config.ts'
import type { UpstreamDeps } from '../src/sources/upstream.ts'
import { upstreamApp } from './support/upstream-app.ts'

const TOKEN = 'tok-SECRET-0123456789'
const SEED_LINK: string = seedResponse.result[0].attendeeJoinUrl
const OTHER_LINK = (dataset.find((c) => c.attendeeJoinUrl !== SEED_LINK) ?? dataset[0])?.attendeeJoinUrl ?? ''
const judge = createSpecJudge()

let vendor: FakeVendor
/** Every answer body, header and log line of the current test, searched for the token. */
let captured: string[] = []

beforeAll(async () => {
  vendor = await startFakeVendor({ token: TOKEN })
})
afterAll(() => vendor.close())
afterEach(() => {
  for (const text of captured) expect(text).not.toContain(TOKEN)
  expect(vendor.badTokens, 'every vendor call carried the token').toBe(0)
  expect(vendor.tokensSeen.every((t) => t === TOKEN)).toBe(true)
  captured = []
  vendor.reset()
})

/** An app on the upstream source, talking to `target` (the shared fake vendor by default). */
async function setup(upstream: Partial<UpstreamConfig> = {}, deps: UpstreamDeps = {}, target = vendor) {
  const app = await upstreamApp({
    vendor: target,
    token: TOKEN,
    env: { JOINLINK_UPSTREAM_TIMEOUT_MS: '300' },
    upstream,
    deps,
    log: (line) => captured.push(line),
  })
  return async function lookup(link = SEED_LINK) {
    const res = await app.request(LOOKUP_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ attendeeJoinUrl: link }),
    })
    const text = await res.text()
    captured.push(text, ...[...res.headers].map(([k, v]) => `${k}: ${v}`))
    const body = JSON.parse(text)
    return { status: res.status, body, cache: res.headers.get('x-joinlink-cache'), headers: res.headers }
  }
}

interface Row {
  name: string
  mode: FaultMode
  status: number
  code: number
  /** Vendor calls the first lookup makes (1 + retries for retryable faults). */
  calls: number
  /** Whether the answer was cached (only "no conference" is). */
  cached: boolean
}

const transport: Row[] = [
  { name: 'hang before headers', mode: { kind: 'hang' }, status: 504, code: 50401, calls: 3, cached: false },
  { name: 'stall mid-body', mode: { kind: 'stall' }, status: 504, code: 50401, calls: 3, cached: false },
  { name: 'connection reset', mode: { kind: 'reset' }, status: 502, code: 50203, calls: 3, cached: false },
  ...[500, 502, 503, 408].map((s) => ({
    name: `HTTP ${s}`,
    mode: { kind: 'status', status: s } as const,
    status: 502,
    code: 50203,
    calls: 3,
    cached: false,
  })),
  {
    name: '429 with Retry-After: 1 (honoured)',
    mode: { kind: 'status', status: 429, retryAfter: '1' },
    status: 502,
    code: 50203,
    calls: 3,
    cached: false,
  },
  {
    name: '429 with Retry-After: 60 (over the 5 s cap: no retry)',
    mode: { kind: 'status', status: 429, retryAfter: '60' },
    status: 502,
    code: 50203,
    calls: 1,
    cached: false,
  },
  {
    name: 'a 10 MB body',
    mode: { kind: 'huge', bytes: 10 * 1024 * 1024 },
    status: 502,
    code: 50202,
    calls: 1,
    cached: false,
  },
  { name: 'a redirect', mode: { kind: 'redirect' }, status: 502, code: 50202, calls: 1, cached: false },
]

const payloads: Row[] = invalidVendorPayloads.map((p) => ({
  name: `payload ${p.name}`,
  mode: { kind: 'raw', body: p.rawBody, ...(p.contentType ? { contentType: p.contentType } : {}) },
  status: p.status,
  code: p.code,
  calls: 1,
  cached: p.code === 40401,
}))

describe('fault matrix', () => {
  it.each([...transport, ...payloads])(
    '$name → $status $code, $calls call(s)',
    async (row) => {
      // No failure cache: the vendor's recovery is seen at once (the cache is tested in vendor-breaker.test.ts).
      // A body of megabytes gets 5 s, not 300 ms: on a busy machine its transfer alone took longer,
      // and the timeout (a retry) is not what these rows are about.
      const bulky = row.mode.kind === 'huge' || (row.mode.kind === 'raw' && row.mode.body.length > 64 * 1024)
      const lookup = await setup({ failureCacheMs: 0, ...(bulky ? { timeoutMs: 5000 } : {}) })
      vendor.setDefault(row.mode)
      const started = Date.now()
      const first = await lookup()
      expect(first.status).toBe(row.status)
      expect(first.body.status).toBe(row.code)
      expect(judge.response(first.status, first.body)).toEqual({ ok: true })
      expect(vendor.calls).toBe(row.calls)
      // Failures are thrown as AppErrors, so they carry no cache header; "no conference" does.
      expect(first.cache).toBe(row.code === 40401 ? 'miss' : null)
      if (row.code === 50201) expect(first.body.upstream).toMatchObject({ status: expect.any(Number) })
      else expect(first.body.upstream).toBeUndefined()
      if (row.mode.kind === 'status' && row.mode.retryAfter === '1')
        expect(Date.now() - started).toBeGreaterThan(1900)
      if (row.mode.kind === 'redirect') expect(vendor.redirectsFollowed).toBe(0)
      if (row.mode.kind === 'huge') expect(vendor.hugeBytesSent).toBeLessThan(row.mode.bytes)

      // The vendor recovers: a failure was not cached, "no conference" was.
      vendor.setDefault({ kind: 'ok' })
      const second = await lookup()
      if (row.cached) {
        expect([second.status, second.cache, vendor.calls]).toEqual([404, 'hit', row.calls])
      } else {
        expect([second.status, second.cache, vendor.calls]).toEqual([200, 'miss', row.calls + 1])
        expect(judge.response(second.status, second.body)).toEqual({ ok: true })
      }
    },
    15_000,
  )

  it("50201 carries the vendor status, never its msg (that goes to the operator's log)", async () => {
    const lookup = await setup({ failureCacheMs: 0 })
    vendor.plan({ kind: 'raw', body: JSON.stringify({ status: 10001, msg: 'token expired' }) })
    expect((await lookup()).body.upstream).toEqual({ status: 10001, msg: '' })
    expect(captured.some((line) => line.includes('"vendor_msg":"token expired"'))).toBe(true)
    vendor.plan({ kind: 'raw', body: JSON.stringify({ status: 500 }) })
    expect((await lookup()).body.upstream).toEqual({ status: 500, msg: '' })
  })

  it('a transient 503 then success answers 200 after one retry', async () => {
    const lookup = await setup()
    vendor.plan({ kind: 'status', status: 503 })
    const answer = await lookup()
    expect([answer.status, answer.cache, vendor.calls]).toEqual([200, 'miss', 2])
  })
})

describe('coalescing and cache', () => {
  it('200 concurrent cold lookups of one link make exactly 1 vendor call', async () => {
    const slow = await startFakeVendor({ token: TOKEN, latencyMs: 50 })
    try {
      const lookup = await setup({}, {}, slow)
      const answers = await Promise.all(Array.from({ length: 200 }, () => lookup()))
      expect(slow.calls).toBe(1)
      expect(answers.every((a) => a.status === 200 && a.cache === 'miss')).toBe(true)
      expect((await lookup()).cache).toBe('hit')
      expect(slow.calls).toBe(1)
    } finally {
      await slow.close()
    }
  })

  it('serves stale while revalidating in the background, one refresh at a time', async () => {
    let now = 1_000_000
    const lookup = await setup({}, { now: () => now })
    expect((await lookup()).cache).toBe('miss')
    now += 60_001
    const stale = await Promise.all([lookup(), lookup(), lookup()])
    expect(stale.map((a) => [a.status, a.cache])).toEqual([
      [200, 'stale'],
      [200, 'stale'],
      [200, 'stale'],
    ])
    await expect.poll(() => vendor.calls).toBe(2)
    await new Promise((r) => setTimeout(r, 20))
    expect((await lookup()).cache).toBe('hit')
    expect(vendor.calls).toBe(2)
  })

  it('a vendor outage after a cached success answers the stale record, marked stale', async () => {
    let now = 1_000_000
    const lookup = await setup({}, { now: () => now })
    const fresh = await lookup()
    vendor.setDefault({ kind: 'status', status: 503 })
    now += 60_000 + 300_000 + 1 // past stale-while-revalidate, within stale-if-error
    const stale = await lookup()
    expect([stale.status, stale.cache, vendor.calls]).toEqual([200, 'stale', 4])
    expect(stale.body.result).toEqual(fresh.body.result)
    expect(judge.response(stale.status, stale.body)).toEqual({ ok: true })
    expect(captured.some((line) => line.includes('serving stale'))).toBe(true)
    now += 3_600_000 // past stale-if-error: the failure shows
    const gone = await lookup()
    expect([gone.status, gone.body.status]).toEqual([502, 50203])
  })
})

describe('circuit breaker', () => {
  it('opens after repeated failures (503 50301 + Retry-After) and recovers half-open', async () => {
    const lookup = await setup({
      retries: 0,
      failureCacheMs: 0,
      breaker: { ratio: 0.5, windowMs: 30_000, minLinks: 2, halfOpenAfterMs: 400 },
    })
    vendor.setDefault({ kind: 'status', status: 500 })
    expect((await lookup(SEED_LINK)).body.status).toBe(50203)
    expect((await lookup(OTHER_LINK)).body.status).toBe(50203)
    const open = await lookup(SEED_LINK)
    expect([open.status, open.body.status, vendor.calls]).toEqual([503, 50301, 2])
    expect(Number(open.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(judge.response(open.status, open.body)).toEqual({ ok: true })

    await new Promise((r) => setTimeout(r, 450))
    vendor.setDefault({ kind: 'ok' })
    const probe = await lookup(SEED_LINK)
    expect([probe.status, probe.cache, vendor.calls]).toEqual([200, 'miss', 3])
    expect((await lookup(OTHER_LINK)).status).toBe(200)
    expect(captured.some((l) => l.includes('circuit opened'))).toBe(true)
    expect(captured.some((l) => l.includes('circuit closed'))).toBe(true)
  })

  it('a failed half-open probe opens the circuit again', async () => {
    const lookup = await setup({
      retries: 0,
      failureCacheMs: 0,
      breaker: { ratio: 0.5, windowMs: 30_000, minLinks: 1, halfOpenAfterMs: 300 },
    })
    vendor.setDefault({ kind: 'status', status: 503 })
    await lookup()
    expect((await lookup()).status).toBe(503)
    await new Promise((r) => setTimeout(r, 350))
    expect((await lookup()).body.status).toBe(50203)
    expect((await lookup()).body.status).toBe(50301)
    expect(vendor.calls).toBe(2)
  })
})

describe('start-up configuration for upstream mode', () => {
  it('names the missing variables', async () => {
    const error = await parseConfig({ JOINLINK_SOURCE: 'upstream' }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toContain('JOINLINK_UPSTREAM_URL')
    expect((error as ConfigError).message).toContain('JOINLINK_UPSTREAM_TOKEN')
  })

  it.each(['ftp://vendor.example', 'not a url', 'https://'])(
    'refuses the URL %j without echoing the token',
    async (url) => {
      const error = await parseConfig({
        JOINLINK_SOURCE: 'upstream',
        JOINLINK_UPSTREAM_URL: url,
        JOINLINK_UPSTREAM_TOKEN: TOKEN,
      }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).message).toContain('JOINLINK_UPSTREAM_URL')
      expect((error as ConfigError).message).not.toContain(TOKEN)
    },
  )
})
