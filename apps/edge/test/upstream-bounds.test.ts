// Bounds on what the edge asks of a failing vendor, over real HTTP on both sides (the edge served by
// @hono/node-server, the fake vendor counting what reaches it): the bulkhead and the retry budget.
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { createSpecJudge } from '@joinlink/spec-judge'
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { LOOKUP_PATH } from '@joinlink/validation'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/config.ts'
import { createApp } from '../src/http/app.ts'
import { createSource } from '../src/sources/index.ts'
import { BACKOFF_MAX_MS, RETRY_BUDGET_MIN_RETRIES } from '../src/sources/upstream-policy.ts'

const TOKEN = 'tok-SECRET-0123456789'
const judge = createSpecJudge()
let vendor: FakeVendor
const closers: (() => Promise<void>)[] = []

beforeAll(async () => {
  vendor = await startFakeVendor({ token: TOKEN })
})
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()))
  vendor.reset()
})
afterAll(() => vendor.close())

/** The edge in upstream mode on 127.0.0.1 (a free port) with `env` over the defaults here. */
async function startEdge(env: Record<string, string>): Promise<{ url: string; logs: string[] }> {
  const config = await parseConfig({
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: vendor.url,
    JOINLINK_UPSTREAM_TOKEN: TOKEN,
    JOINLINK_RATE_LIMIT: '0',
    ...env,
  })
  const logs: string[] = []
  const log = (line: string) => logs.push(line)
  const app = createApp({ config, source: await createSource(config, { log }), log })
  const server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 })
  await new Promise<void>((resolve) => server.once('listening', resolve))
  closers.push(
    () =>
      new Promise<void>((resolve) => {
        ;(server as { closeAllConnections?: () => void }).closeAllConnections?.()
        server.close(() => resolve())
      }),
  )
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, logs }
}

/** `n` distinct, valid join links (the hanging vendor never tells them apart anyway). */
const links = (n: number) =>
  Array.from({ length: n }, (_, i) => `https://s.qsh1.cn/k/bound${String(i).padStart(6, '0')}`)

async function lookup(url: string, link: string) {
  const started = performance.now()
  const res = await fetch(`${url}${LOOKUP_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ attendeeJoinUrl: link }),
    signal: AbortSignal.timeout(20_000),
  })
  const body = await res.json()
  return {
    status: res.status,
    body,
    retryAfter: res.headers.get('retry-after'),
    ms: performance.now() - started,
  }
}

describe('bulkhead (JOINLINK_UPSTREAM_CONCURRENCY, JOINLINK_UPSTREAM_QUEUE)', () => {
  it('300 distinct lookups against a hanging vendor: at most 8 vendor calls at once, all answered 503/504 in time', async () => {
    const timeoutMs = 300
    const retries = 2
    const { url, logs } = await startEdge({
      JOINLINK_UPSTREAM_TIMEOUT_MS: String(timeoutMs),
      JOINLINK_UPSTREAM_RETRIES: String(retries),
      JOINLINK_UPSTREAM_CONCURRENCY: '8',
      JOINLINK_UPSTREAM_QUEUE: '8',
    })
    vendor.setDefault({ kind: 'hang' })
    const answers = await Promise.all(links(300).map((link) => lookup(url, link)))

    expect(vendor.maxInFlight).toBeGreaterThan(0)
    expect(vendor.maxInFlight).toBeLessThanOrEqual(8)
    // One lookup holds its slot for at most (retries + 1) timeouts and the backoffs between them; a
    // queued one waits for at most one such lookup first.
    const oneLookupMs = (retries + 1) * timeoutMs + retries * BACKOFF_MAX_MS
    for (const answer of answers) {
      expect([503, 504]).toContain(answer.status)
      expect(answer.ms).toBeLessThan(2 * oneLookupMs + 1000)
      expect(judge.response(answer.status, answer.body)).toEqual({ ok: true })
      if (answer.status === 503) expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1)
    }
    // Refused at once (50302) while the slots and the queue are full; once the breaker has seen
    // enough timeouts, refused by it (50301); the lookups that got a slot time out (50401).
    const codes = new Set(answers.map((a) => a.body.status as number))
    expect([...codes].sort()).toEqual([...codes].filter((c) => [50301, 50302, 50401].includes(c)).sort())
    expect(codes.has(50302) && codes.has(50401)).toBe(true)
    expect(vendor.calls).toBeLessThanOrEqual(16 * (retries + 1))
    expect(logs.some((line) => line.includes('upstream busy'))).toBe(true)
  }, 30_000)

  it('queued lookups run when a slot frees: of 7, 2 run, 4 wait and are answered, 1 is refused', async () => {
    const slow = await startFakeVendor({ token: TOKEN, latencyMs: 100 })
    closers.push(() => slow.close())
    const edge = await startEdge({
      JOINLINK_UPSTREAM_URL: slow.url,
      JOINLINK_UPSTREAM_CONCURRENCY: '2',
      JOINLINK_UPSTREAM_QUEUE: '4',
    })
    const answers = await Promise.all(links(7).map((link) => lookup(edge.url, link)))
    // Unknown links: the vendor answers "no conference" (404) for each one that got through.
    expect(answers.map((a) => a.status).sort()).toEqual([404, 404, 404, 404, 404, 404, 503])
    expect(slow.maxInFlight).toBe(2)
  }, 15_000)
})

describe('retry budget (JOINLINK_UPSTREAM_RETRY_BUDGET_PERCENT)', () => {
  it.each([
    { percent: 0, most: 100 + RETRY_BUDGET_MIN_RETRIES },
    { percent: 20, most: 100 + RETRY_BUDGET_MIN_RETRIES + 20 },
  ])(
    'an outage of 100 lookups with 2 retries each makes at most $most vendor calls at $percent %, not 300',
    async ({ percent, most }) => {
      const { url } = await startEdge({
        JOINLINK_UPSTREAM_TIMEOUT_MS: '1000',
        JOINLINK_UPSTREAM_RETRIES: '2',
        JOINLINK_UPSTREAM_CONCURRENCY: '100',
        JOINLINK_UPSTREAM_QUEUE: '0',
        JOINLINK_UPSTREAM_RETRY_BUDGET_PERCENT: String(percent),
        JOINLINK_BREAKER_MIN_LINKS: '1000',
      })
      vendor.setDefault({ kind: 'status', status: 503 })
      const answers = await Promise.all(links(100).map((link) => lookup(url, link)))
      expect(answers.every((a) => a.status === 502 && a.body.status === 50203)).toBe(true)
      expect(vendor.calls).toBeGreaterThan(100)
      expect(vendor.calls).toBeLessThanOrEqual(most)
    },
    20_000,
  )
})
