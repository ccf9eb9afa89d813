import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { normalizeJoinUrl } from '@joinlink/validation'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { checkConformance, describeFailures, type RequestCase } from './conformance.ts'

const spec = parse(readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8'))
const seedSuccess = spec.components.examples.SeedSuccess.value
type Fault = 'none' | 'teapot' | 'wrongType' | 'crash'

// A stand-in for the edge that answers per the spec, unless told to misbehave in one way.
function fakeEdge(fault: Fault): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const reply = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
      }
      const fail = (status: number, code: number) =>
        reply(status, { status: code, msg: 'no', request_id: 'r', timestamp: 1, request_duration: '1ms' })
      if (Buffer.byteLength(raw) > 4096) return fail(413, 41301)
      if (!/^application\/json\s*(;|$)/i.test(req.headers['content-type'] ?? '')) return fail(415, 41501)
      let body: unknown
      try {
        body = JSON.parse(raw)
      } catch {
        return fail(400, 40001)
      }
      const url = (body as { attendeeJoinUrl?: unknown } | null)?.attendeeJoinUrl
      if (typeof url !== 'string' || Object.keys(body as object).length !== 1) return fail(400, 40002)
      if (fault === 'teapot' && url.includes('?')) return reply(418, { status: 41801 })
      if (fault === 'crash' && url.endsWith('/')) return fail(500, 50001)
      const link = normalizeJoinUrl(url)
      if (!link.ok) return fail(400, 40003)
      if (link.code !== 'mkIW3Txa0Uk') return fail(404, 40401)
      const answer = structuredClone(seedSuccess)
      if (fault === 'wrongType') answer.result[0].title = 42
      return reply(200, answer)
    })
  })
}

const fixtures: RequestCase[] = [
  {
    name: 'seed link',
    body: '{"attendeeJoinUrl":"https://mtest.qsh1.cn/k/mkIW3Txa0Uk"}',
    contentType: 'application/json',
    expect: { status: 200 },
  },
  {
    name: 'webRTC link',
    body: '{"attendeeJoinUrl":"https://mtest.qsh1.cn/k/mkIW3Txa0Uk?priority=web"}',
    contentType: 'application/json',
    expect: { status: 200 },
  },
  {
    name: 'trailing slash',
    body: '{"attendeeJoinUrl":"mtest.qsh1.cn/k/mkIW3Txa0Uk/"}',
    contentType: 'application/json',
    expect: { status: 200 },
  },
  { name: 'not JSON', body: '{', contentType: 'application/json', expect: { status: 400, code: 40001 } },
  { name: 'text/plain', body: '{}', contentType: 'text/plain', expect: { status: 415, code: 41501 } },
]

const servers: Partial<Record<Fault, string>> = {}
const running: Server[] = []

beforeAll(async () => {
  for (const fault of ['none', 'teapot', 'wrongType', 'crash'] as const) {
    const server = fakeEdge(fault)
    running.push(server)
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    servers[fault] = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
})

afterAll(async () => {
  await Promise.all(running.map((s) => new Promise((resolve) => s.close(resolve))))
})

const run = (fault: Fault, count = 200) =>
  checkConformance({ baseUrl: servers[fault] as string, spec, requests: fixtures, count, seed: 1234 })

describe('checkConformance', () => {
  it('passes a server that answers per the spec', async () => {
    const result = await run('none')
    expect(describeFailures(result)).toBe('')
    expect(result).toMatchObject({ ok: true, sent: fixtures.length + 200, seed: 1234 })
    expect(Object.keys(result.statusCounts)).toEqual(expect.arrayContaining(['200', '400', '415']))
  })

  it.each([
    ['teapot', /status 418 is not documented/],
    ['wrongType', /body: \/result\/0\/title must be string/],
    ['crash', /answered 500: no 5xx/],
  ] as const)('fails a server that misbehaves (%s) and names the problem', async (fault, problem) => {
    const result = await run(fault)
    expect(result.ok).toBe(false)
    const report = describeFailures(result)
    expect(report).toMatch(problem)
    expect(report).toMatch(/\*\*(generated #\d+|[a-zA-Z ]+)\*\*/)
  })

  it('fails a fixture whose answer differs from the expected status and code', async () => {
    const wrong: RequestCase = { ...fixtures[3], expect: { status: 400, code: 40002 } } as RequestCase
    const result = await checkConformance({
      baseUrl: servers.none as string,
      spec,
      requests: [wrong],
      count: 0,
      seed: 1,
    })
    expect(result.ok).toBe(false)
    expect(result.failures[0]?.problems).toContain('expected envelope code 40002, got 40001')
  })

  it('generates the same requests for the same seed', async () => {
    const a = await run('none', 50)
    const b = await run('none', 50)
    expect(a.statusCounts).toEqual(b.statusCounts)
  })
})
