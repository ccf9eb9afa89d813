// The breaker measures the vendor, not a link: a handful of links the vendor fails on never pause
// the others, a real outage still opens it, and a link that just failed is answered its failure
// again without a vendor call. In process, with a fake fetch and a fake Date (cockatiel's clock).
import { joinLink, type LookupError } from '@joinlink/core'
import { dataset, seedResponse } from '@joinlink/validation/fixtures'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parseConfig, type UpstreamConfig } from '../config/config.ts'
import { createUpstreamSource } from './upstream.ts'

// What an operator gets by default (breaker ratio 50 %, window 30 s, 10 distinct links, open 30 s,
// failures remembered 5 s), with one attempt of 200 ms.
const config: UpstreamConfig = {
  ...((
    await parseConfig({
      JOINLINK_SOURCE: 'upstream',
      JOINLINK_UPSTREAM_URL: 'https://vendor.example',
      JOINLINK_UPSTREAM_TOKEN: 'tok-breaker-0123456789',
    })
  ).upstream as UpstreamConfig),
  timeoutMs: 200,
  retries: 0,
}

const failing = (i: number) => `https://s.qsh1.cn/k/failing${String(i).padStart(4, '0')}`
const linkOf = (url: string) => {
  const { host, pathname } = new URL(url)
  return joinLink(host, pathname.slice(3), url)
}
const good = [...new Map(dataset.map((c) => [c.attendeeJoinUrl, c])).values()]

/** The vendor: HTTP 500 for the `failing…` links (or for every link in an outage), the record otherwise. */
function fakeVendor() {
  const state = { outage: false, calls: 0 }
  const fetch = vi.fn(async (_url: RequestInfo | URL, init?: RequestInit) => {
    state.calls++
    const asked = JSON.parse(String(init?.body)).attendeeJoinUrl as string
    if (state.outage || asked.includes('/k/failing')) return new Response('boom', { status: 500 })
    const conference = good.find((c) => c.attendeeJoinUrl === asked)
    const body = { ...seedResponse, result: conference ? [conference] : [] }
    return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } })
  })
  return { state, fetch }
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    (outcome) => (outcome as { kind: string }).kind,
    (error: unknown) => (error as LookupError).code,
  )

let clock = 1_800_000_000_000
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(clock)
})
afterEach(() => {
  vi.useRealTimers()
})
const advance = (ms: number) => {
  clock += ms
  vi.setSystemTime(clock)
}

describe('the breaker measures the vendor, not a link', () => {
  it('five failing links asked again and again every 30 s never block a good uncached link (10 minutes)', async () => {
    expect(good.length).toBeGreaterThanOrEqual(20)
    const vendor = fakeVendor()
    const source = createUpstreamSource(config, { fetch: vendor.fetch, now: () => Date.now() })
    for (let round = 0; round < 20; round++) {
      for (let i = 0; i < 5; i++)
        for (let again = 0; again < 3; again++)
          expect(await codeOf(source.lookup(linkOf(failing(i)), {}))).toBe(50203)
      const fresh = good[round] as (typeof good)[number]
      expect(await codeOf(source.lookup(linkOf(fresh.attendeeJoinUrl), {})), `round ${round}`).toBe('found')
      advance(30_000)
    }
    // Each failing link cost one vendor call per round (the rest came from the failure cache).
    expect(vendor.state.calls).toBe(20 * 6)
  })

  it('a real outage (every link failing) opens it once 10 distinct links failed within the window', async () => {
    const vendor = fakeVendor()
    const source = createUpstreamSource(config, { fetch: vendor.fetch, now: () => Date.now() })
    vendor.state.outage = true
    for (let i = 0; i < config.breaker.minLinks; i++) {
      advance(1000)
      expect(await codeOf(source.lookup(linkOf(good[i]?.attendeeJoinUrl ?? ''), {}))).toBe(50203)
    }
    const calls = vendor.state.calls
    const paused = await source.lookup(linkOf(good[15]?.attendeeJoinUrl ?? ''), {}).catch((e) => e)
    expect([(paused as LookupError).code, (paused as LookupError).retryAfterS]).toEqual([50301, 30])
    expect(vendor.state.calls).toBe(calls)
    // After the open period one probe goes through; the vendor is back, so it closes.
    vendor.state.outage = false
    advance(30_000)
    expect(await codeOf(source.lookup(linkOf(good[16]?.attendeeJoinUrl ?? ''), {}))).toBe('found')
    expect(await codeOf(source.lookup(linkOf(good[17]?.attendeeJoinUrl ?? ''), {}))).toBe('found')
  })

  it('fewer failures than the ratio keep it closed however many links fail', async () => {
    const vendor = fakeVendor()
    const source = createUpstreamSource(config, { fetch: vendor.fetch, now: () => Date.now() })
    // 12 distinct failing links, but 13 good lookups in the same window: 48 % < 50 %.
    for (let i = 0; i < 12; i++) {
      expect(await codeOf(source.lookup(linkOf(good[i]?.attendeeJoinUrl ?? ''), {}))).toBe('found')
      expect(await codeOf(source.lookup(linkOf(failing(i)), {}))).toBe(50203)
    }
    expect(await codeOf(source.lookup(linkOf(good[12]?.attendeeJoinUrl ?? ''), {}))).toBe('found')
  })
})

describe('the failure cache', () => {
  it('answers a link the vendor just failed with that failure for 5 s, then asks again', async () => {
    const vendor = fakeVendor()
    const source = createUpstreamSource(config, { fetch: vendor.fetch, now: () => Date.now() })
    const link = linkOf(failing(1))
    expect(await codeOf(source.lookup(link, {}))).toBe(50203)
    advance(4_999)
    expect(await codeOf(source.lookup(link, {}))).toBe(50203)
    expect(vendor.state.calls).toBe(1)
    advance(2)
    expect(await codeOf(source.lookup(link, {}))).toBe(50203)
    expect(vendor.state.calls).toBe(2)
  })

  it('is off with JOINLINK_UPSTREAM_FAILURE_CACHE_S=0', async () => {
    const vendor = fakeVendor()
    const source = createUpstreamSource(
      { ...config, failureCacheMs: 0 },
      { fetch: vendor.fetch, now: () => Date.now() },
    )
    for (const _ of [1, 2, 3]) await source.lookup(linkOf(failing(1)), {}).catch(() => {})
    expect(vendor.state.calls).toBe(3)
  })
})
