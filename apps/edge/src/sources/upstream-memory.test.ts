// The upstream cache under many large vendor records: distinct links, each answered with a ~250 KB
// record (within the body and record caps), fill an 8 MiB budget five times over and stay under it —
// the least recently used go, the newest stay — and each entry counts what it holds: both profiles'
// answers (the title is public, so ~2 × 250 KB), not the JSON length of one. (A real process under a
// heap limit: test/upstream-memory.test.ts.)
import { joinLink } from '@joinlink/core'
import { seedConference } from '@joinlink/validation/fixtures'
import { expect, it } from 'vitest'
import { parseConfig } from '../config/config.ts'
import { type CacheUsage, noMetrics } from '../observability/metrics.ts'
import { createUpstreamSource } from './upstream.ts'

const BUDGET = 8 * 1024 * 1024
const RECORD_CHARS = 250 * 1024
/** Each entry holds ~500 KB: 16 fit; enough links to fill the budget five times. */
const LINKS = 80
const linkOf = (i: number) => `https://s.qsh1.cn/k/jlMem${String(i).padStart(6, '0')}`

it(`${LINKS} distinct links with ~250 KB records stay under an 8 MiB budget, counted as held`, async () => {
  const config = await parseConfig({
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: 'https://vendor.example',
    JOINLINK_UPSTREAM_TOKEN: 'tok-memory-0123456789',
    JOINLINK_CACHE_MAX_BYTES: String(BUDGET),
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
  expect(usage?.maxBytes).toBe(BUDGET)
  expect(peak).toBeLessThanOrEqual(BUDGET)
  // 80 × ~500 KB would be ~40 MiB: only what fits in the budget is kept, and it fills it.
  const entries = usage?.entries ?? 0
  expect(entries).toBeLessThan(LINKS / 4)
  expect(usage?.bytes).toBeGreaterThan(BUDGET - 2 * (2 * RECORD_CHARS + 16 * 1024))
  // Both profiles' bytes, each with the record's title: what an entry really holds.
  expect((usage?.bytes ?? 0) / entries).toBeGreaterThan(2 * RECORD_CHARS)
  expect((usage?.bytes ?? 0) / entries).toBeLessThan(2 * RECORD_CHARS + 16 * 1024)
  expect(calls).toBe(LINKS)
  // The newest is a hit; the first, long evicted, goes to the vendor again.
  expect(await lookup(LINKS - 1)).toMatchObject({ cache: 'hit' })
  expect(await lookup(0)).toMatchObject({ cache: 'miss' })
  expect(calls).toBe(LINKS + 1)
}, 30_000)
