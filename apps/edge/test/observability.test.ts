// The done-when of the observability issue, over real HTTP on Node: the built edge in front of the
// fake vendor, a scripted run (hits, misses, a drifted vendor record, a not-found, a vendor outage
// that opens the breaker, a rate-limited burst), then /metrics read with an independent parser — every counter moved by
// exactly what the script did. Also: who may read /metrics, the metrics listener, /readyz while
// the dataset loads and while draining on SIGTERM.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { freePort } from '@joinlink/test-kit/process'
import { LOOKUP_PATH } from '@joinlink/validation'
import { dataset, driftedVendorAnswers, seedResponse } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdge, type NodeServer, spawnNode, startNodeServer } from './support/node-server.ts'
import { type Exposition, parseExposition } from './support/prometheus.ts'

const TOKEN = 'vendor-token-0123456789abcdef'
const METRICS_KEY = 'metrics-key-0123456789abcdef'
const LOOKUP_KEY = 'lookup-key-0123456789abcdef'
const SEED_LINK: string = seedResponse.result[0].attendeeJoinUrl
const OTHERS = dataset.map((c) => c.attendeeJoinUrl).filter((link) => link !== SEED_LINK)
const UNKNOWN_LINK = 'https://mtest.qsh1.cn/k/noSuchCode01'
const RATE_LIMIT = 12
const DRIFTED = driftedVendorAnswers[0] as (typeof driftedVendorAnswers)[number]
const MAX_BYTES = 1_000_000

let vendor: FakeVendor
let edge: NodeServer

beforeAll(async () => {
  buildEdge()
  vendor = await startFakeVendor({ token: TOKEN })
  edge = await startNodeServer({
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: vendor.url,
    JOINLINK_UPSTREAM_TOKEN: TOKEN,
    JOINLINK_UPSTREAM_RETRIES: '0',
    JOINLINK_UPSTREAM_TIMEOUT_MS: '2000',
    JOINLINK_BREAKER_MIN_LINKS: '2',
    JOINLINK_BREAKER_FAILURE_PERCENT: '40',
    JOINLINK_CACHE_MAX_BYTES: String(MAX_BYTES),
    JOINLINK_CACHE_MAX_ENTRIES: '500',
    JOINLINK_RATE_LIMIT: String(RATE_LIMIT),
    JOINLINK_API_KEYS: `prom:metrics:${METRICS_KEY},app:lookup:${LOOKUP_KEY}`,
    JOINLINK_METRICS_PORT: '0',
    JOINLINK_LOG: 'false',
  })
}, 150_000)

afterAll(async () => {
  await edge?.stop()
  await vendor?.close()
})

const lookup = (link: string, headers: Record<string, string> = {}) =>
  fetch(edge.url + LOOKUP_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ attendeeJoinUrl: link }),
  }).then(async (response) => ({
    status: response.status,
    body: (await response.json()) as { status: number },
  }))

async function scrape(): Promise<Exposition> {
  const response = await fetch(`${edge.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_KEY}` } })
  expect(response.status).toBe(200)
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
  return parseExposition(await response.text())
}

describe('GET /metrics after a scripted run (node dist/node.js, fake vendor)', () => {
  let before: Exposition
  let after: Exposition
  const statuses: number[] = []

  beforeAll(async () => {
    before = await scrape()
    const run = async (link: string) => statuses.push((await lookup(link)).status)
    // miss: one vendor call, whose answer has drifted from the spec
    vendor.plan({ kind: 'raw', body: JSON.stringify(DRIFTED.envelope) })
    await run(SEED_LINK)
    await run(SEED_LINK) // hit
    await run(SEED_LINK) // hit
    await run(UNKNOWN_LINK) // not found: one vendor call
    vendor.setDefault({ kind: 'status', status: 503 })
    await run(OTHERS[0] as string) // 502: vendor unreachable
    await run(OTHERS[1] as string) // 502: the second failure opens the breaker
    await run(OTHERS[2] as string) // 503: circuit open, no vendor call
    vendor.setDefault({ kind: 'ok' })
    // 7 lookups so far from 127.0.0.1; a burst of 8 more: 5 pass (cache hits), 3 are refused.
    for (let i = 0; i < 8; i++) await run(SEED_LINK)
    after = await scrape()
  }, 60_000)

  const delta = (name: string, labels: Record<string, string> = {}) =>
    after.value(name, labels) - before.value(name, labels)

  it('the script went as planned', () => {
    expect(statuses).toEqual([200, 200, 200, 404, 502, 502, 503, 200, 200, 200, 200, 200, 429, 429, 429])
    expect(vendor.calls).toBe(4)
  })

  it('requests by route, status and envelope code', () => {
    const requests = (status: string, envelope_code: string) =>
      delta('joinlink_http_requests_total', { route: 'lookup', status, envelope_code })
    expect(requests('200', '0')).toBe(8)
    expect(requests('404', '40401')).toBe(1)
    expect(requests('502', '50203')).toBe(2)
    expect(requests('503', '50301')).toBe(1)
    expect(requests('429', '42901')).toBe(3)
    expect(delta('joinlink_http_request_duration_seconds', { route: 'lookup' })).toBe(15)
    // The first scrape is counted once it is answered.
    expect(delta('joinlink_http_requests_total', { route: 'metrics', status: '200' })).toBe(1)
  })

  it('lookups by outcome', () => {
    expect(delta('joinlink_lookups_total', { outcome: 'miss' })).toBe(1)
    expect(delta('joinlink_lookups_total', { outcome: 'hit' })).toBe(7)
    expect(delta('joinlink_lookups_total', { outcome: 'not_found' })).toBe(1)
    expect(delta('joinlink_lookups_total', { outcome: 'error' })).toBe(3)
    expect(delta('joinlink_lookups_total', { outcome: 'stale' })).toBe(0)
  })

  it('vendor calls by outcome, with their latency', () => {
    expect(delta('joinlink_upstream_calls_total', { outcome: 'ok' })).toBe(1)
    expect(delta('joinlink_upstream_calls_total', { outcome: 'not_found' })).toBe(1)
    expect(delta('joinlink_upstream_calls_total', { outcome: 'unreachable' })).toBe(2)
    expect(delta('joinlink_upstream_call_duration_seconds')).toBe(4)
  })

  it('the breaker: closed before the outage, open after', () => {
    expect(before.value('joinlink_upstream_breaker_state', { state: 'closed' })).toBe(1)
    expect(after.value('joinlink_upstream_breaker_state', { state: 'open' })).toBe(1)
    expect(after.value('joinlink_upstream_breaker_state', { state: 'closed' })).toBe(0)
    expect(delta('joinlink_upstream_breaker_opened_total')).toBe(1)
  })

  it('drift events by field path: one per finding of the drifted answer', () => {
    expect(DRIFTED.drift.length).toBeGreaterThan(0)
    const byPath = new Map<string, number>()
    for (const { path } of DRIFTED.drift) byPath.set(path, (byPath.get(path) ?? 0) + 1)
    for (const [field_path, count] of byPath)
      expect(delta('joinlink_drift_events_total', { field_path }), field_path).toBe(count)
    expect(delta('joinlink_drift_events_total')).toBe(DRIFTED.drift.length)
  })

  it('/healthz shows the drift summary of the drifted answer (the loading source passes it on)', async () => {
    const health = await (await fetch(`${edge.url}/healthz`)).json()
    expect(health.drift.answers).toBe(1)
    const seen = health.drift.fields.map((f: { path: string; kind: string }) => `${f.path} ${f.kind}`)
    expect(seen.sort()).toEqual([...new Set(DRIFTED.drift.map((f) => `${f.path} ${f.kind}`))].sort())
  })

  it('rate-limited requests', () => {
    expect(delta('joinlink_rate_limited_total')).toBe(3)
  })

  it('the cache against its budgets: the record and the not-found', () => {
    expect(after.value('joinlink_cache_entries')).toBe(2)
    expect(after.value('joinlink_cache_max_entries')).toBe(500)
    expect(after.value('joinlink_cache_bytes')).toBeGreaterThan(before.value('joinlink_cache_bytes'))
    expect(after.value('joinlink_cache_max_bytes')).toBe(MAX_BYTES)
  })

  it('build info and bounded labels: no link, code, key or address in any label', async () => {
    expect(after.value('joinlink_build_info', { runtime: 'node' })).toBe(1)
    const text = await (
      await fetch(`${edge.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_KEY}` } })
    ).text()
    expect(text).not.toMatch(/mkIW3Txa0Uk|noSuchCode01|qsh1\.cn|127\.0\.0\.1|metrics-key|lookup-key/)
  })
})

describe('who may read /metrics', () => {
  it('no key, a lookup key, an unknown key → the same 401; the metrics key → 200', async () => {
    // A server of its own: the scripted run used up this client's rate limit, which refused
    // /metrics attempts count against.
    const fresh = await startNodeServer({
      JOINLINK_API_KEYS: `prom:metrics:${METRICS_KEY},app:lookup:${LOOKUP_KEY}`,
      JOINLINK_LOG: 'false',
    })
    try {
      const at = (headers: Record<string, string> = {}) => fetch(`${fresh.url}/metrics`, { headers })
      const refusals = []
      for (const headers of [
        {},
        { authorization: `Bearer ${LOOKUP_KEY}` },
        { authorization: 'Bearer not-a-key-0123456789abcdef' },
      ]) {
        const refused = await at(headers)
        const body = (await refused.json()) as { status: number; msg: string }
        refusals.push([refused.status, body.status, body.msg])
      }
      expect(new Set(refusals.map((r) => JSON.stringify(r))).size).toBe(1)
      expect(refusals[0]?.slice(0, 2)).toEqual([401, 40101])
      expect((await at({ authorization: `Bearer ${METRICS_KEY}` })).status).toBe(200)
    } finally {
      await fresh.stop()
    }
  })

  it('a metrics key cannot look up (401), even where anyone may look up without a key', async () => {
    // A server of its own: the scripted run used up this client's rate limit.
    const fresh = await startNodeServer({
      JOINLINK_API_KEYS: `prom:metrics:${METRICS_KEY}`,
      JOINLINK_LOG: 'false',
    })
    try {
      const post = (headers: Record<string, string>) =>
        fetch(fresh.url + LOOKUP_PATH, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
        })
      const refused = await post({ authorization: `Bearer ${METRICS_KEY}` })
      expect(refused.status).toBe(401)
      expect(((await refused.json()) as { status: number }).status).toBe(40101)
      expect((await post({})).status).toBe(200)
    } finally {
      await fresh.stop()
    }
  })

  it('the metrics listener (JOINLINK_METRICS_PORT, 127.0.0.1) serves the same names without a key', async () => {
    const origin = /Joinlink metrics on (http:\/\/127\.0\.0\.1:\d+)\/metrics/.exec(edge.stdout())?.[1]
    expect(origin, edge.stdout()).toBeDefined()
    const response = await fetch(`${origin}/metrics`)
    expect(response.status).toBe(200)
    const names = parseExposition(await response.text()).names
    expect([...names].sort()).toEqual([...(await scrape()).names].sort())
    expect((await fetch(`${origin}${LOOKUP_PATH}`, { method: 'POST' })).status).toBe(404)
  })
})

describe('without a metrics key or port, /metrics is not served at all', () => {
  it('GET /metrics → 404 40403 on a default edge, naming what would serve it', async () => {
    const plain = await startNodeServer({ JOINLINK_LOG: 'false' })
    try {
      const response = await fetch(`${plain.url}/metrics`)
      expect(response.status).toBe(404)
      const body = (await response.json()) as { status: number; msg: string }
      expect(body.status).toBe(40403)
      expect(body.msg).toContain('JOINLINK_METRICS_PORT')
    } finally {
      await plain.stop()
    }
  })
})

describe('/readyz', () => {
  it('503 "loading" until the dataset is read, then 200; /healthz is live throughout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'joinlink-readyz-'))
    const fifo = join(dir, 'data.ndjson')
    execFileSync('mkfifo', [fifo], { stdio: 'ignore' })
    const port = await freePort()
    const proc = spawnNode({ PORT: String(port), JOINLINK_DATA: fifo, JOINLINK_LOG: 'false' })
    const url = `http://127.0.0.1:${port}`
    try {
      let loading: Response | undefined
      for (let i = 0; i < 100 && !loading; i++) {
        loading = await fetch(`${url}/readyz`).catch(() => undefined)
        if (!loading) await new Promise((r) => setTimeout(r, 100))
      }
      expect(loading?.status, proc.stdout() + proc.stderr()).toBe(503)
      expect(await loading?.json()).toMatchObject({ status: 'not_ready', reason: 'loading' })
      expect((await fetch(`${url}/healthz`)).status).toBe(200)
      // A lookup sent while loading waits for the dataset rather than failing.
      const early = fetch(url + LOOKUP_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
      })
      await new Promise((r) => setTimeout(r, 300))
      expect((await fetch(`${url}/readyz`)).status).toBe(503)
      writeFileSync(fifo, dataset.map((c) => JSON.stringify(c)).join('\n'))
      expect((await early).status).toBe(200)
      const ready = await fetch(`${url}/readyz`)
      expect(ready.status).toBe(200)
      expect(await ready.json()).toMatchObject({ status: 'ready' })
    } finally {
      await proc.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  }, 30_000)

  it('503 "draining" after SIGTERM while requests are still answered, then the process exits 0', async () => {
    const draining = await startNodeServer({ JOINLINK_DRAIN_S: '2', JOINLINK_LOG: 'false' })
    try {
      expect((await fetch(`${draining.url}/readyz`)).status).toBe(200)
      draining.child.kill('SIGTERM')
      await new Promise((r) => setTimeout(r, 200))
      const readyz = await fetch(`${draining.url}/readyz`)
      expect(readyz.status).toBe(503)
      expect(await readyz.json()).toMatchObject({ status: 'not_ready', reason: 'draining' })
      const answer = await fetch(draining.url + LOOKUP_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
      })
      expect(answer.status).toBe(200)
      expect(await draining.exited).toEqual({ code: 0, signal: null })
    } finally {
      await draining.stop()
    }
  }, 30_000)
})
