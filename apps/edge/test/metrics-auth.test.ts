// GET /metrics on the public port is no key-validity oracle: every bad key gets the same answer,
// and each refused attempt is counted against the caller's rate limit (then 429).
import { LOOKUP_PATH } from '@joinlink/validation'
import { seedResponse } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/config.ts'
import { createApp } from '../src/http/app.ts'
import { createPrometheusMetrics } from '../src/observability/prometheus.ts'
import { createSource } from '../src/sources/index.ts'

const METRICS_KEY = 'metrics-key-0123456789abcdef'
const LOOKUP_KEY = 'lookup-key-0123456789abcdef'
const FULL_KEY = 'full-key-0123456789abcdef'

async function appWith(rateLimit: number) {
  const config = await parseConfig({
    JOINLINK_LOG: 'false',
    JOINLINK_RATE_LIMIT: String(rateLimit),
    JOINLINK_API_KEYS: `prom:metrics:${METRICS_KEY},app:lookup:${LOOKUP_KEY},ops:full:${FULL_KEY}`,
  })
  const metrics = createPrometheusMetrics({ version: 'test', runtime: 'node' })
  const app = createApp({
    config,
    source: await createSource(config, {}),
    metrics,
    exposition: metrics,
    clientAddress: (c) => c.req.header('x-test-peer'),
  })
  const get = async (authorization: string | undefined, peer = '192.0.2.1') => {
    const headers: Record<string, string> = { 'x-test-peer': peer }
    if (authorization !== undefined) headers.authorization = authorization
    const res = await app.request('/metrics', { headers })
    const text = await res.text()
    const body = res.headers.get('content-type')?.startsWith('application/json') ? JSON.parse(text) : {}
    return { status: res.status, code: body.status, msg: body.msg, auth: res.headers.get('www-authenticate') }
  }
  const lookup = async (peer: string) =>
    (
      await app.request(LOOKUP_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-peer': peer },
        body: JSON.stringify({ attendeeJoinUrl: seedResponse.result[0].attendeeJoinUrl }),
      })
    ).status
  return { get, lookup }
}

const BAD = [
  { name: 'no Authorization header', header: undefined },
  { name: 'a malformed header', header: 'Basic abc' },
  { name: 'a Bearer without a key', header: 'Bearer ' },
  { name: 'an unknown key', header: 'Bearer not-a-key-0123456789abcdef' },
  { name: 'a valid lookup key', header: `Bearer ${LOOKUP_KEY}` },
  { name: 'a valid full key', header: `Bearer ${FULL_KEY}` },
  { name: 'the metrics key with one character changed', header: `Bearer ${METRICS_KEY.slice(0, -1)}x` },
]

describe('GET /metrics: one answer for every bad key', () => {
  it('every bad key gets the same status, code, message and WWW-Authenticate', async () => {
    const { get } = await appWith(0)
    const answers = await Promise.all(BAD.map((bad) => get(bad.header)))
    for (const [i, answer] of answers.entries())
      expect(answer, BAD[i]?.name).toEqual({
        status: 401,
        code: 40101,
        msg: 'GET /metrics needs an API key scoped metrics. Send Authorization: Bearer <key> with a key from the operator.',
        auth: 'Bearer realm="joinlink"',
      })
    expect((await get(`Bearer ${METRICS_KEY}`)).status).toBe(200)
  })

  it('refused attempts count against the caller’s rate limit: then 429, while the metrics key still reads', async () => {
    const { get, lookup } = await appWith(5)
    for (let i = 0; i < 5; i++) expect((await get(BAD[i % BAD.length]?.header)).status).toBe(401)
    const limited = await get('Bearer another-guess-0123456789')
    expect([limited.status, limited.code]).toEqual([429, 42901])
    // The same quota as its lookups; another client is not affected; a good scrape is not counted.
    expect(await lookup('192.0.2.1')).toBe(429)
    expect((await get('Bearer guess', '192.0.2.2')).status).toBe(401)
    expect((await get(`Bearer ${METRICS_KEY}`, '192.0.2.3')).status).toBe(200)
    expect(await lookup('192.0.2.3')).toBe(200)
  })
})
