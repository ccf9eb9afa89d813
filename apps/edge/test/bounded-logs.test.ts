// The log a hostile client can cause on Node (app.request, an injected clock): 15 KB paths for
// 10 s write a bounded log; honest callers' lines are all there.
import { LOOKUP_PATH, SEED_LINK } from '@joinlink/test-kit/contract'
import { describe, expect, it } from 'vitest'
import { LOG_NOISE_DEFAULTS } from '../src/observability/log-limit.ts'
import { LOG_FIELD_MAX } from '../src/observability/request-log.ts'
import { buildTestApp } from './support/app.ts'

const lines = (logs: string) =>
  logs
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>)

describe('bounded logs (Node, app.request)', () => {
  it('one client requesting 15 KB paths for 10 s writes at most 20 lines per 10 s, each under 1 KiB, and says how many it dropped', async () => {
    let t = 0
    const address = (c: { req: { header(name: string): string | undefined } }) =>
      c.req.header('x-test-client')
    const { app, logs } = await buildTestApp({}, { now: () => t, clientAddress: address })
    const path = `/${'a'.repeat(15_000)}`
    const requests = 4000
    for (let i = 0; i < requests; i++) {
      t = (i * 10_000) / requests
      const res = await app.request(path, { headers: { 'x-test-client': '198.51.100.7' } })
      expect(res.status).toBe(404)
    }
    // Another client's mistakes in the same window are still logged.
    const other = await app.request('/nope', { headers: { 'x-test-client': '198.51.100.8' } })
    expect(other.status).toBe(404)
    // The window ends: the next line brings the summary.
    t = 10_000
    await app.request('/healthz', { headers: { 'x-test-client': '198.51.100.8' } })

    const text = logs()
    const all = lines(text)
    const noisy = all.filter((line) => line.status === 404 && String(line.path).startsWith('/aaa'))
    expect(noisy).toHaveLength(LOG_NOISE_DEFAULTS.perWindow)
    for (const line of noisy) {
      expect(line.path).toBe(`/${'a'.repeat(LOG_FIELD_MAX.path - 1)}…[+${15_001 - LOG_FIELD_MAX.path} chars]`)
    }
    expect(all.filter((line) => line.path === '/nope')).toHaveLength(1)
    expect(all.find((line) => line.msg === 'log lines dropped')).toMatchObject({
      dropped: requests - LOG_NOISE_DEFAULTS.perWindow,
      clients: 1,
    })
    // The bound the README states: 20 lines under 1 KiB each per address and 10 s, plus one summary.
    expect(Math.max(...text.split('\n').map((line) => line.length))).toBeLessThan(1024)
    expect(text.length).toBeLessThan(24 * 1024)
  }, 60_000)

  it('truncates a long method and keeps a safe request id whole', async () => {
    const { app, logs } = await buildTestApp({})
    await app.request('/healthz', {
      method: 'PROPFINDXXXXXXXXXXXXXXXXXXXX',
      headers: { 'x-request-id': 'r'.repeat(128) },
    })
    const [line] = lines(logs())
    expect(line?.method).toBe(`PROPFINDXXXXXXXX…[+12 chars]`)
    expect(line?.request_id).toBe('r'.repeat(128))
  })

  it('every lookup line of an honest client is written', async () => {
    const { app, logs } = await buildTestApp({ JOINLINK_RATE_LIMIT: '0' })
    const body = JSON.stringify({ attendeeJoinUrl: SEED_LINK })
    for (let i = 0; i < 100; i++) {
      const res = await app.request(LOOKUP_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
      expect(res.status).toBe(200)
    }
    expect(lines(logs()).filter((line) => line.status === 200)).toHaveLength(100)
  })
})
