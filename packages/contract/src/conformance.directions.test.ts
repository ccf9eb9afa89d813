// Both directions, as a schema-driven fuzzer checks them: what the served spec accepts must be
// accepted (200 or 404), what it rejects must be refused with a documented 4xx. A server that is
// right except in one way — it ignores the join-link pattern, say — must fail, naming the way.
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { normalizeJoinUrl } from '@joinlink/validation'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { checkConformance, describeFailures } from './conformance.ts'

const spec = parse(readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8'))
const seedSuccess = spec.components.examples.SeedSuccess.value
const KEY = 'lookup-key-0123456789abcdef'
const keysRequired = structuredClone(spec)
keysRequired.paths['/confopenapi/conference/getConferenceByAttendeeJoinUrl'].post.security = [
  { edgeApiKey: [] },
]

type Quirk =
  | 'none'
  | 'ignoresPattern'
  | 'refusesQueries'
  | 'takesExtraFields'
  | 'takesPlusJson'
  | 'ignoresKeys'

/** A stand-in for the edge that follows the spec, but for one quirk. */
function fakeEdge(quirk: Quirk, keyRequired: boolean): Server {
  return createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8')
      const fail = (status: number, code: number) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(
          JSON.stringify({
            status: code,
            msg: 'no',
            request_id: 'r',
            timestamp: 1,
            request_duration: '1ms',
          }),
        )
      const auth = req.headers.authorization ?? ''
      if (keyRequired && quirk !== 'ignoresKeys' && auth !== `Bearer ${KEY}`) return fail(401, 40101)
      const json =
        quirk === 'takesPlusJson' ? /^application\/([\w.-]+\+)?json\s*(;|$)/i : /^application\/json\s*(;|$)/i
      if (!json.test(req.headers['content-type'] ?? '')) return fail(415, 41501)
      if (Buffer.byteLength(raw) > 4096) return fail(413, 41301)
      let body: Record<string, unknown>
      try {
        body = JSON.parse(raw)
      } catch {
        return fail(400, 40001)
      }
      const url = body?.attendeeJoinUrl
      const extra = typeof body === 'object' && body !== null && Object.keys(body).length !== 1
      if (
        typeof url !== 'string' ||
        (extra && quirk !== 'takesExtraFields') ||
        url.length > 512 ||
        url === ''
      )
        return fail(400, 40002)
      const link = normalizeJoinUrl(url)
      if (!link.ok && quirk !== 'ignoresPattern') return fail(400, 40003)
      if (quirk === 'refusesQueries' && /[?#]/.test(url)) return fail(400, 40003)
      if (!link.ok || link.code !== 'mkIW3Txa0Uk') return fail(404, 40401)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seedSuccess))
    })
  })
}

const running: Server[] = []
afterAll(async () => {
  await Promise.all(running.map((s) => new Promise((resolve) => s.close(resolve))))
})

async function check(quirk: Quirk, doc: Record<string, unknown> = spec, apiKey?: string) {
  const server = fakeEdge(quirk, doc === keysRequired)
  running.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return checkConformance({
    baseUrl,
    spec: doc,
    requests: [],
    count: 400,
    seed: 2024,
    ...(apiKey ? { apiKey } : {}),
  })
}

describe('conformance in both directions', () => {
  it('passes a server that accepts exactly what the spec accepts', async () => {
    const result = await check('none')
    expect(describeFailures(result)).toBe('')
    expect(result.ok).toBe(true)
    // Both directions ran: lookups (200/404) and refusals of every kind.
    expect(Object.keys(result.statusCounts)).toEqual(
      expect.arrayContaining(['200', '404', '400', '413', '415']),
    )
  })

  it('passes a keys-required server when the spec says keys are required', async () => {
    const result = await check('none', keysRequired, KEY)
    expect(describeFailures(result)).toBe('')
    expect(result.statusCounts['401']).toBeGreaterThan(0)
  })

  it.each([
    ['ignoresPattern', /the spec rejects this request \(body: \/attendeeJoinUrl must match pattern/],
    ['takesExtraFields', /the spec rejects this request \(body: .*additional properties/],
    ['takesPlusJson', /the spec rejects this request \(Content-Type application\/vnd\.api\+json/],
    ['refusesQueries', /the spec accepts this request but the server answered 400/],
  ] as const)('fails a server that %s, and says which direction broke', async (quirk, problem) => {
    const result = await check(quirk)
    expect(result.ok).toBe(false)
    expect(result.failures.map((f) => f.problems.join('\n')).join('\n')).toMatch(problem)
  })

  it('fails a server that takes lookups without a key when its spec requires one', async () => {
    const result = await check('ignoresKeys', keysRequired, KEY)
    expect(result.ok).toBe(false)
    expect(describeFailures(result, 50)).toMatch(/the spec rejects this request \(no credentials/)
  })
})
