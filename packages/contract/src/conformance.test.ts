import { readFileSync } from 'node:fs'
import { type AddressInfo, connect, createServer } from 'node:net'
import { answerText, type CoreRequest } from '@joinlink/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { checkConformance, describeFailures, type RequestCase, shorten } from './conformance.ts'
import { type Bend, bodyText, type FakeEdge, reanswer, startFakeEdge } from './fake-edge.ts'

const spec = parse(readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8'))
type Fault = 'none' | 'teapot' | 'wrongType' | 'crash'

const link = (request: CoreRequest) => {
  try {
    return String(JSON.parse(bodyText(request)).attendeeJoinUrl)
  } catch {
    return ''
  }
}

/** The core's answers, bent in one way each: an undocumented status, a mistyped field, a crash. */
const BENDS: Record<Fault, Bend> = {
  none: {},
  teapot: {
    after: (req, answer) => (link(req).includes('?') ? reanswer(answer, 418, { status: 41801 }) : answer),
  },
  wrongType: {
    after: (_req, answer) => {
      if (answer.status !== 200) return answer
      const envelope = JSON.parse(answerText(answer))
      envelope.result[0].title = 42
      return reanswer(answer, 200, envelope)
    },
  },
  crash: {
    after: (req, answer) =>
      link(req).endsWith('/')
        ? reanswer(answer, 500, { ...JSON.parse(answerText(answer)), status: 50001 })
        : answer,
  },
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
const running: FakeEdge[] = []

beforeAll(async () => {
  for (const fault of ['none', 'teapot', 'wrongType', 'crash'] as const) {
    const edge = await startFakeEdge(BENDS[fault])
    running.push(edge)
    servers[fault] = edge.baseUrl
  }
})

afterAll(async () => {
  await Promise.all(running.map((edge) => edge.close()))
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

  it.each([
    [
      'a JSON body, as sent (no escaped quotes or backslashes)',
      '{"attendeeJoinUrl":"https://s.qsh1.cn/k/a"}',
      120,
      '{"attendeeJoinUrl":"https://s.qsh1.cn/k/a"}',
    ],
    ['control characters escaped', 'a\nb\u0000', 120, 'a\\nb\\u0000'],
    ['a long body cut short', 'x'.repeat(40), 12, `${'x'.repeat(11)}…`],
  ] as const)('shows %s', (_name, body, max, shown) => {
    expect(shorten(body, max)).toBe(shown)
  })

  it.each([
    ['a connection closed under a reused request is sent again once, and passes', 1, true],
    ['a server that resets every connection fails, naming the socket error', Infinity, false],
  ])('%s', async (_name, resets, ok) => {
    // A TCP relay to the fake edge that drops the first `resets` connections as their request arrives.
    const target = new URL(servers.none as string)
    let dropped = 0
    const relay = createServer((socket) => {
      socket.once('data', (chunk) => {
        if (dropped < resets) {
          dropped++
          socket.destroy()
          return
        }
        const upstream = connect(Number(target.port), target.hostname, () => upstream.write(chunk))
        socket.pipe(upstream).pipe(socket)
        upstream.on('error', () => socket.destroy())
      })
    })
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = relay.address() as AddressInfo
      const result = await checkConformance({
        baseUrl: `http://127.0.0.1:${port}`,
        spec,
        requests: [fixtures[0] as RequestCase],
        count: 0,
        seed: 1,
      })
      expect(result.ok, describeFailures(result)).toBe(ok)
      if (!ok)
        expect(describeFailures(result)).toMatch(
          /no answer \(crash, reset or timeout\): fetch failed \((ECONNRESET|UND_ERR_SOCKET|EPIPE)\)/,
        )
      expect(dropped).toBe(ok ? 1 : 2)
    } finally {
      relay.close()
    }
  })

  it('generates the same requests for the same seed', async () => {
    const a = await run('none', 50)
    const b = await run('none', 50)
    expect(a.statusCounts).toEqual(b.statusCounts)
  })
})
