// Memory counted as it is held, on a real Node edge (node dist/node.js) in front of the fake vendor:
// records whose `userProfile` holds 24,000 empty objects (~72 KB of JSON, ~1.5 MB as parsed objects;
// inside the vendor bounds) fill an 8 MiB cache three times over under a 512 MiB heap. Kept as served
// bytes, the cache holds what it counts: the process grows by at most the budget + 128 MiB over its
// idle RSS (an idle edge on Node 24 is ~105 MiB, ~70 MiB of it the node binary's own pages). V8's
// young generation is bounded as the README advises (`--max-semi-space-size=8`): Node 24's default
// lets it alone commit up to 128 MiB under this allocation rate. Kept as parsed objects (before), the
// cache held ~20× its count: 1.5 GB for "64 MiB", then "JavaScript heap out of memory".
import { readFileSync } from 'node:fs'
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import type { Conference } from '@joinlink/types'
import { LOOKUP_PATH } from '@joinlink/validation'
import { seedConference } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildEdge, type NodeServer, startNodeServer } from './support/node-server.ts'

const TOKEN = 'tok-memory-0123456789'
const FULL_KEY = 'full-key-0123456789abcdef'
const METRICS_KEY = 'metrics-key-0123456789abcdef'
const MiB = 1024 * 1024
const BUDGET = 8 * MiB
/** Enough links to fill the budget ~3 times (each record holds ~75 KB in its full answer). */
const LINKS = 330
const CONCURRENCY = 8

const linkOf = (i: number) => `https://s.qsh1.cn/k/jlFat${String(i).padStart(6, '0')}`
const fatProfile = { p: Array.from({ length: 24_000 }, () => ({})) }
const fat = (i: number): Conference => ({
  ...seedConference,
  attendeeJoinUrl: linkOf(i),
  webRTCUrl: `${linkOf(i)}?priority=web`,
  attendList: seedConference.attendList.map((a, n) => (n === 0 ? { ...a, userProfile: fatProfile } : a)),
})

let vendor: FakeVendor
let edge: NodeServer
/** The edge's RSS once ready, before any lookup. */
let idle: number

beforeAll(async () => {
  buildEdge()
  vendor = await startFakeVendor({
    token: TOKEN,
    conferences: Array.from({ length: LINKS }, (_, i) => fat(i)),
  })
  edge = await startNodeServer({
    NODE_OPTIONS: '--max-old-space-size=512 --max-semi-space-size=8',
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: vendor.url,
    JOINLINK_UPSTREAM_TOKEN: TOKEN,
    JOINLINK_CACHE_MAX_BYTES: String(BUDGET),
    JOINLINK_API_KEYS: `ops:full:${FULL_KEY},scrape:metrics:${METRICS_KEY}`,
    JOINLINK_RATE_LIMIT: '0',
    JOINLINK_LOG: 'false',
  })
  idle = rss().now
}, 120_000)

afterAll(async () => {
  await edge?.stop()
  await vendor?.close()
})

async function lookup(
  i: number,
  key?: string,
): Promise<{ status: number; cache: string | null; body: string }> {
  const res = await fetch(`${edge.url}${LOOKUP_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(key ? { Authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ attendeeJoinUrl: linkOf(i) }),
  })
  return { status: res.status, cache: res.headers.get('x-joinlink-cache'), body: await res.text() }
}

/** A figure of the edge's own /metrics. */
async function gauge(name: string): Promise<number> {
  const res = await fetch(`${edge.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_KEY}` } })
  const line = (await res.text()).split('\n').find((l) => l.startsWith(`${name} `))
  return Number(line?.split(' ')[1])
}

/** The process's resident memory now and at its peak (Linux: /proc/<pid>/status). */
function rss(): { now: number; peak: number } {
  const status = readFileSync(`/proc/${edge.child.pid}/status`, 'utf8')
  const kib = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1]) * 1024
  return { now: kib('VmRSS'), peak: kib('VmHWM') }
}

it(`${LINKS} fat records through a ${BUDGET / MiB} MiB cache under a 512 MiB heap: RSS grows ≤ budget + 128 MiB`, async () => {
  let next = 0
  const statuses = new Map<number, number>()
  const worker = async () => {
    for (let i = next++; i < LINKS; i = next++) {
      const { status } = await lookup(i)
      statuses.set(status, (statuses.get(status) ?? 0) + 1)
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker))
  expect(Object.fromEntries(statuses)).toEqual({ 200: LINKS })
  expect(vendor.calls).toBe(LINKS)
  expect(edge.alive()).toBe(true)

  // The cache filled to its budget and no further: what it counts is what it holds.
  const bytes = await gauge('joinlink_cache_bytes')
  const entries = await gauge('joinlink_cache_entries')
  expect(bytes).toBeLessThanOrEqual(BUDGET)
  expect(bytes).toBeGreaterThan(BUDGET * 0.9)
  expect(entries).toBeLessThan(LINKS / 2)
  // Each entry counts its full answer's 24,000 `{}` (72 KB) at least: bytes, not a parsed graph.
  expect(bytes / entries).toBeGreaterThan(72_000)

  const { peak } = rss()
  const said = `peak RSS ${(peak / MiB).toFixed(0)} MiB, idle ${(idle / MiB).toFixed(0)} MiB`
  expect(peak - idle, said).toBeLessThanOrEqual(BUDGET + 128 * MiB)

  // The newest records answer from the cache, intact; the first, long evicted, goes to the vendor.
  const newest = await lookup(LINKS - 1, FULL_KEY)
  expect([newest.status, newest.cache]).toEqual([200, 'hit'])
  expect(JSON.parse(newest.body).result[0].attendList[0].userProfile.p).toHaveLength(24_000)
  const publicAnswer = await lookup(LINKS - 1)
  expect(JSON.parse(publicAnswer.body).result[0].attendList[0].userProfile).toBeNull()
  expect((await lookup(0)).cache).toBe('miss')
}, 120_000)
