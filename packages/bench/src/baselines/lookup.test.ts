// The floor answers byte for byte what the edge answers (request id, timings and dates aside), and
// logs the same line: every fixture request, plus the framings and routes around the lookup.
import { connect } from 'node:net'
import { resolve } from 'node:path'
import { invalidRequests, validRequests } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BENCH_DIR, EDGE_DIR } from '../context.ts'
import { type Server, startServer } from '../servers.ts'
import { LOOKUP_PATH } from './lookup.ts'

const ENV = { JOINLINK_RATE_LIMIT: '100000', JOINLINK_LOG: 'true' }
let edge: Server
let floor: Server

beforeAll(async () => {
  ;[edge, floor] = await Promise.all([
    startServer('edge', [resolve(EDGE_DIR, 'src/entry/node.ts')], { cpu: undefined, env: ENV }),
    startServer('floor', [resolve(BENCH_DIR, 'src/baselines/raw-node.ts')], { cpu: undefined, env: ENV }),
  ])
}, 60_000)
afterAll(() => Promise.all([edge?.stop(), floor?.stop()]))

/** Sends `head` + `body` as they are, reads until the server closes, returns every byte as text. */
function exchange(server: Server, head: string, body: string): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = []
    const socket = connect(server.port, '127.0.0.1', () => socket.end(head + body))
    socket.setTimeout(10_000, () => socket.destroy(new Error(`${server.name}: no answer in 10 s`)))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', fail)
    socket.on('close', () => done(Buffer.concat(chunks).toString('utf8')))
  })
}

/**
 * The same answer with what differs by time blanked: Date, Server-Timing, timestamp, duration, and
 * Content-Length (the duration's digits change it; the body itself is compared).
 */
const timeless = (raw: string) =>
  raw
    .replace(/^Date: .*$/m, 'Date: <date>')
    .replace(/^Content-Length: \d+(?=\r?$)/m, 'Content-Length: <length>')
    .replace(/^Server-Timing: .*$/m, 'Server-Timing: <timing>')
    .replace(/"timestamp":\d+/, '"timestamp":0')
    .replace(/"request_duration":"[\d.]+ms"/, '"request_duration":"0ms"')

const logLine = (server: Server, id: string) => {
  const line = server
    .output()
    .split('\n')
    .find((l) => l.includes(`"request_id":"${id}"`))
  return line?.replace(/"time":"[^"]+"/, '"time":0').replace(/"duration_ms":[\d.]+/, '"duration_ms":0')
}

interface Case {
  name: string
  method?: string
  path?: string
  contentType?: string | null
  body: string
  chunked?: boolean
}

const cases: Case[] = [
  ...validRequests.map((f) => ({ name: f.name, body: JSON.stringify(f.body) })),
  ...invalidRequests.map((f) => ({ name: f.name, contentType: f.contentType, body: f.rawBody })),
  { name: 'chunked body', body: JSON.stringify(validRequests[0]?.body), chunked: true },
  { name: 'chunked body over 4 KiB', body: `{"x":"${'y'.repeat(5000)}"}`, chunked: true },
  { name: 'unknown code', body: '{"attendeeJoinUrl":"https://s.qsh1.cn/k/zzzz0000"}' },
  { name: 'wrong method', method: 'GET', body: '' },
  { name: 'unknown path', path: '/nope', body: '' },
]

function request({ name, method = 'POST', path = LOOKUP_PATH, contentType, body, chunked }: Case) {
  const id = `floor-${name.replace(/[^A-Za-z0-9]+/g, '-')}`
  const type = contentType === undefined ? 'application/json' : contentType
  const framing = chunked
    ? 'Transfer-Encoding: chunked\r\n'
    : method === 'POST'
      ? `Content-Length: ${Buffer.byteLength(body)}\r\n`
      : ''
  const head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: ${id}\r\n${type === null ? '' : `Content-Type: ${type}\r\n`}${framing}Connection: close\r\n\r\n`
  const payload = chunked ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` : body
  return { id, head, payload }
}

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
