// The upstream cache under many large vendor records, with the default settings: 5,000 distinct
// links, each answered with a ~250 KB record (within the body and record caps), stay under the
// cache's byte budget — the least recently used go, the newest stay.
import { joinLink } from '@joinlink/core'
import { seedConference } from '@joinlink/validation/fixtures'
import { expect, it } from 'vitest'
import { DEFAULTS, parseConfig } from '../config/config.ts'
import { type CacheUsage, noMetrics } from '../observability/metrics.ts'
import { createUpstreamSource } from './upstream.ts'

const LINKS = 5000
const RECORD_CHARS = 250 * 1024
const linkOf = (i: number) => `https://s.qsh1.cn/k/jlMem${String(i).padStart(6, '0')}`

it(`${LINKS} distinct links with ~250 KB records stay under the default byte budget`, async () => {
  const config = await parseConfig({
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: 'https://vendor.example',
    JOINLINK_UPSTREAM_TOKEN: 'tok-memory-0123456789',
  })
  const upstream = config.upstream
  if (!upstream) throw new Error('no upstream configuration')
  // One big record; each answer is it with the link asked for (the vendor's wire format).
  const title = 'x'.repeat(RECORD_CHARS)
  let calls = 0
  const fetch = async (_url: RequestInfo | URL, init?: RequestInit) => {
    calls++
    const asked = JSON.parse(String(init?.body)).attendeeJoinUrl as string
    const conference = {
      ...seedConference,
      title,
      attendeeJoinUrl: asked,
      webRTCUrl: `${asked}?priority=web`,
    }
    return new Response(
      JSON.stringify({
        status: 0,
        result: [conference],
        request_id: 'r',
        timestamp: 1,
        request_duration: '1ms',
      }),
      {
        headers: { 'Content-Type': 'application/json' },
      },
    )
  }
  let read: (() => CacheUsage) | undefined
  const metrics = { ...noMetrics, trackCache: (r: () => CacheUsage) => (read = r) }
  const source = createUpstreamSource(upstream, { fetch, metrics })
  const lookup = (i: number) =>
    source.lookup(joinLink('s.qsh1.cn', `jlMem${String(i).padStart(6, '0')}`, linkOf(i)), {})

  let peak = 0
  for (let i = 0; i < LINKS; i++) {
    expect((await lookup(i)).kind).toBe('found')
    peak = Math.max(peak, read?.().bytes ?? Number.POSITIVE_INFINITY)
  }
  const usage = read?.()
  expect(usage?.maxBytes).toBe(DEFAULTS.cacheMaxBytes)
  expect(peak).toBeLessThanOrEqual(DEFAULTS.cacheMaxBytes)
  // 5,000 × 250 KB would be ~1.2 GiB: only what fits in the budget is kept.
  expect(usage?.entries).toBeLessThan(LINKS)
  expect(usage?.entries).toBeGreaterThan(100)
  expect(calls).toBe(LINKS)
  // The newest is a hit; the first, long evicted, goes to the vendor again.
  expect(await lookup(LINKS - 1)).toMatchObject({ cache: 'hit' })
  expect(await lookup(0)).toMatchObject({ cache: 'miss' })
  expect(calls).toBe(LINKS + 1)
}, 120_000)
