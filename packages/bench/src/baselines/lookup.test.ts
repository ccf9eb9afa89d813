// The floor answers byte for byte what the edge answers (request id, timings and dates aside), and
// logs the same line: every fixture request, plus the framings and routes around the lookup.
import { resolve } from 'node:path'
import { invalidRequests, validRequests } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BENCH_DIR, EDGE_DIR } from '../context.ts'
import { type Server, startServer } from '../servers.ts'
import { type Case, exchange, logLine, request, timeless } from './wire.ts'

// The edge caps 4xx log lines per address (JOINLINK_LOG_4XX_LIMIT, 20 per 10 s); the floor does not
// (the bench loads are 2xx), and this file sends more than 20 4xx requests from one address: with
// the cap on, the edge's later 4xx lines would be dropped and there would be nothing to compare.
const ENV = { JOINLINK_RATE_LIMIT: '100000', JOINLINK_LOG: 'true', JOINLINK_LOG_4XX_LIMIT: '0' }
let edge: Server
let floor: Server

beforeAll(async () => {
  ;[edge, floor] = await Promise.all([
    startServer('edge', [resolve(EDGE_DIR, 'src/entry/node.ts')], { cpu: undefined, env: ENV }),
    startServer('floor', [resolve(BENCH_DIR, 'src/baselines/raw-node.ts')], { cpu: undefined, env: ENV }),
  ])
}, 60_000)
afterAll(() => Promise.all([edge?.stop(), floor?.stop()]))

const cases: Case[] = [
  ...validRequests.map((f) => ({ name: f.name, body: JSON.stringify(f.body) })),
  ...invalidRequests.map((f) => ({ name: f.name, contentType: f.contentType, body: f.rawBody })),
  { name: 'chunked body', body: JSON.stringify(validRequests[0]?.body), chunked: true },
  { name: 'chunked body over 4 KiB', body: `{"x":"${'y'.repeat(5000)}"}`, chunked: true },
  { name: 'unknown code', body: '{"attendeeJoinUrl":"https://s.qsh1.cn/k/zzzz0000"}' },
  { name: 'wrong method', method: 'GET', body: '' },
  { name: 'unknown path', path: '/nope', body: '' },
]

describe('the floor writes the edge bytes', () => {
  it.each(cases)('$name', async (c) => {
    const { id, head, payload } = request(c)
    const [fromEdge, fromFloor] = await Promise.all([
      exchange(edge, head, payload),
      exchange(floor, head, payload),
    ])
    expect(fromEdge).toMatch(/^HTTP\/1\.1 \d{3} /)
    expect(fromEdge).toContain(`X-Request-Id: ${id}\r\n`)
    expect(timeless(fromFloor)).toBe(timeless(fromEdge))
    // The log line is written after the answer: give both a moment to flush it.
    await expect.poll(() => logLine(edge, id), { timeout: 2000 }).toBeDefined()
    await expect.poll(() => logLine(floor, id), { timeout: 2000 }).toBe(logLine(edge, id))
  })
})
