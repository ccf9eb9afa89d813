// Workers Analytics Engine: `wrangler dev --local` only stubs the binding (its writes go nowhere),
// so the Worker entry runs in-process here — `fetch(request, env, ctx)` exactly as workerd calls
// it — with a binding that records every data point and a ctx that records every waitUntil.
import { LOOKUP_PATH, SEED_LINK } from '@joinlink/test-kit/contract'
import { describe, expect, it, vi } from 'vitest'
import type { DataPoint } from '../src/observability/analytics-engine.ts'

// The Worker's log channel is console.log (wrangler tail); here it is read, not printed.
const logged: string[] = []
vi.spyOn(console, 'log').mockImplementation((line: unknown) => void logged.push(String(line)))
const points: DataPoint[] = []
const pending: Promise<unknown>[] = []
const env = {
  JOINLINK_SOURCE: 'fixtures',
  JOINLINK_RATE_LIMIT: '3',
  JOINLINK_LOG: 'false',
  JOINLINK_ANALYTICS: { writeDataPoint: (point: DataPoint) => void points.push(point) },
}
const ctx = {
  waitUntil: (promise: Promise<unknown>) => void pending.push(promise),
  passThroughOnException() {},
  props: {},
}
// Imported by a computed path: the entry is typed with workers-types (tsconfig.worker.json), which
// this package's Node tsconfig does not load.
const WORKER_ENTRY = '../src/entry/worker.ts'
const { default: worker } = (await import(/* @vite-ignore */ WORKER_ENTRY)) as {
  default: { fetch(request: Request, env: unknown, ctx: unknown): Promise<Response> }
}

const lookup = (link: string) =>
  worker.fetch(
    new Request(`https://edge.example${LOOKUP_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': '203.0.113.7' },
      body: JSON.stringify({ attendeeJoinUrl: link }),
    }),
    env,
    ctx,
  )

const ofEvent = (name: string) => points.filter((point) => point.blobs?.[0] === name)

describe('Worker metrics to Analytics Engine (recording binding, in-process)', () => {
  it('writes each request, lookup and rate-limit refusal as a data point, under ctx.waitUntil', async () => {
    const statuses = []
    statuses.push((await lookup(SEED_LINK)).status)
    statuses.push((await lookup(SEED_LINK)).status)
    statuses.push((await lookup('https://mtest.qsh1.cn/k/noSuchCode01')).status)
    statuses.push((await lookup(SEED_LINK)).status)
    expect(statuses).toEqual([200, 200, 404, 429])
    expect(pending.length).toBeGreaterThanOrEqual(4)
    await Promise.all(pending)

    expect(ofEvent('build')).toEqual([{ indexes: ['build'], blobs: ['build', '0.0.0', 'workerd'] }])
    const requests = ofEvent('request').map((point) => point.blobs?.slice(1))
    expect(requests).toEqual([
      ['lookup', '200', '0'],
      ['lookup', '200', '0'],
      ['lookup', '404', '40401'],
      ['lookup', '429', '42901'],
    ])
    for (const point of ofEvent('request')) {
      expect(point.indexes).toEqual(['request'])
      expect(point.doubles?.[0]).toBeGreaterThan(0)
    }
    expect(ofEvent('lookup').map((point) => point.blobs?.[1])).toEqual(['hit', 'hit', 'not_found'])
    expect(ofEvent('rate_limited')).toHaveLength(1)
    // Bounded labels: no link, code or address is ever written.
    expect(JSON.stringify(points)).not.toMatch(/mkIW3Txa0Uk|noSuchCode01|203\.0\.113\.7/)
  })

  it('logs once that without a LIMITER binding the rate limit counts per isolate', () => {
    expect(logged.filter((line) => line.includes('no LIMITER binding'))).toHaveLength(1)
  })
})
