// The HTTP contract suite: the same table-driven checks against any target that speaks HTTP — the
// app through app.request(), or a real server on Node, workerd, Bun or Deno. Every target must be
// started with SUITE_ENV so keys and limits are the same everywhere.
import { readFileSync } from 'node:fs'
import { createSpecJudge } from '@joinlink/spec-judge'
import { BODY_LIMIT_BYTES, LOOKUP_PATH } from '@joinlink/validation/facts'
import {
  dataset,
  invalidRequests,
  sentinelConference,
  validConferences,
  validRequests,
} from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { type RawResponse, rawExchange } from './raw-http.ts'
import { blankSecrets, getPath, leafValues, secretFields } from './secrets.ts'

export { LOOKUP_PATH }
export const FULL_KEY = 'full-key-0123456789abcdef'
export const LOOKUP_KEY = 'lookup-key-0123456789abcdef'
export const UNKNOWN_KEY = 'unknown-key-0123456789abcdef'
export const SENTINEL_LINK = 'https://mtest.qsh1.cn/k/jlSentinel01'
export const SEED_LINK = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'
export const BODY_LIMIT = BODY_LIMIT_BYTES

/** The environment every runtime under this suite is started with. */
export const SUITE_ENV: Readonly<Record<string, string>> = {
  JOINLINK_API_KEYS: `test-full:full:${FULL_KEY},test-lookup:lookup:${LOOKUP_KEY}`,
  JOINLINK_RATE_LIMIT: '0',
  // The suite sends hundreds of requests from one address, 4xx and pages among them, and checks the
  // log line of each: the per-address caps on 4xx lines and on pages are tested on their own.
  JOINLINK_LOG_4XX_LIMIT: '0',
  JOINLINK_PAGE_RATE_LIMIT: '0',
}

/** A JSON answer, loosely typed on purpose: the spec judge checks its shape. */
export interface AnswerJson {
  status: number | string
  msg: string
  request_id: string
  timestamp: number
  request_duration: string
  result: Record<string, unknown>[]
}

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>

export interface ContractTarget {
  /** Names the runtime in every test title, so a failure says where it happened. */
  name: string
  baseUrl: () => string
  /** Everything the server has logged so far; when given, the log checks run too. */
  logs?: () => string
  /** Replaces the global fetch (e.g. app.request); the raw-socket tests then do not run. */
  fetch?: FetchLike
  /**
   * How the runtime must refuse Content-Length + Transfer-Encoding together: `json` only a JSON
   * envelope (Node, whose entry shapes parser errors); by default a bare empty 400 from the
   * runtime's own HTTP parser is accepted too (Bun, Deno), and the test title says so.
   */
  ambiguousFraming?: 'json' | 'json-or-bare-400'
  /**
   * `server` (default): a deployment of the edge, every case. `lookup`: the lookup alone, such as
   * the client's test fetch — the deployment's own features (API-key refusals, `/healthz`,
   * `/openapi.*`, `/docs`) do not apply and their cases are not registered; the title says so.
   */
  kind?: 'server' | 'lookup'
  /** For `lookup` targets: a fetch answering in the full profile, standing in for a `full` key. */
  fullFetch?: FetchLike
}

/** The /docs page's one script tag: Scalar's bundle, served by the same server. */
const SCALAR_SCRIPT = /<script src="(\/docs\/scalar-[\w.-]+\.js)"><\/script>/

/** What a `lookup` target does not have, named in its suite's title. */
const NOT_APPLICABLE = 'deployment features not applicable: API-key refusals, /healthz, /openapi.*, /docs'

const judge = createSpecJudge()
const specYamlText = readFileSync(new URL('../../../../spec/openapi.yaml', import.meta.url), 'utf8')
/** The repository spec's example answer (the vendor's, verbatim) and the values it must never serve. */
const seedExample = judge.spec.components.examples.SeedSuccess.value
const seedSecrets = [
  ...new Set([
    ...secretFields(judge.spec, 'Conference', seedExample.result[0]).flatMap((f) => leafValues(f.value)),
    seedExample.reqid,
    seedExample.request_id,
  ]),
]
/** A spec document without its example success answer (the one part served differently). */
const withoutSeedExample = (doc: typeof judge.spec) => ({
  ...doc,
  components: { ...doc.components, examples: { ...doc.components.examples, SeedSuccess: undefined } },
})
/** `host/code` of a link: what names a conference (the same code on two hosts is two). */
const keyOf = (link: string) => `${new URL(link).host}/${new URL(link).pathname.split('/').at(-1)}`
const recordFor = (canonicalUrl: string) =>
  dataset.find((c) => keyOf(c.attendeeJoinUrl) === keyOf(canonicalUrl))
const publicView = <T>(record: T) => blankSecrets(judge.spec, 'Conference', record)
const sentinelSecrets = secretFields(judge.spec, 'Conference', sentinelConference)
const sentinelValues = [...new Set(sentinelSecrets.flatMap((field) => leafValues(field.value)))]

/** A JSON body of exactly `bytes` bytes that is a valid lookup of the seed (padded with whitespace). */
export function seedBodyOfSize(bytes: number): string {
  const body = JSON.stringify({ attendeeJoinUrl: SEED_LINK })
  return body + ' '.repeat(bytes - body.length)
}

/** A body sent as a ReadableStream in two pieces, so fetch frames it with Transfer-Encoding: chunked. */
function chunkedInit(text: string, headers: Record<string, string>): RequestInit {
  const bytes = new TextEncoder().encode(text)
  const half = Math.floor(bytes.length / 2)
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.slice(0, half))
      controller.enqueue(bytes.slice(half))
      controller.close()
    },
  })
  return { method: 'POST', headers, body, duplex: 'half' } as RequestInit
}

export function httpContractSuite(target: ContractTarget): void {
  const doFetch: FetchLike = target.fetch ?? ((url, init) => fetch(url, init))

  interface Answer {
    res: Response
    text: string
    /** The parsed body; `{}` when it is not JSON (`isJson` says which). */
    json: AnswerJson
    isJson: boolean
  }

  const isServer = target.kind !== 'lookup'
  const full = `Bearer ${FULL_KEY}`

  async function call(path: string, init: RequestInit = {}): Promise<Answer> {
    const asFull = !isServer && target.fullFetch && new Headers(init.headers).get('authorization') === full
    const send = asFull && target.fullFetch ? target.fullFetch : doFetch
    const res = await send(`${target.baseUrl()}${path}`, { ...init, signal: AbortSignal.timeout(10_000) })
    const text = await res.text()
    try {
      return { res, text, json: JSON.parse(text) as AnswerJson, isJson: true }
    } catch {
      return { res, text, json: {} as AnswerJson, isJson: false }
    }
  }

  /** POSTs raw bytes to the lookup; `contentType` null sends none. */
  function lookup(
    rawBody: string,
    options: { contentType?: string | null | undefined; headers?: Record<string, string> } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { ...options.headers }
    const type = options.contentType === undefined ? 'application/json' : options.contentType
    if (type !== null) headers['content-type'] = type
    // Bytes rather than a string, so fetch adds no text/plain Content-Type of its own.
    return call(LOOKUP_PATH, { method: 'POST', headers, body: new TextEncoder().encode(rawBody) })
  }

  const lookupLink = (link: string, headers: Record<string, string> = {}) =>
    lookup(JSON.stringify({ attendeeJoinUrl: link }), { headers })

  /** What every envelope answer carries, success or failure. */
  function expectEnvelope({ res, text, json, isJson }: Answer, status: number): void {
    const where = `HTTP ${res.status}: ${text.slice(0, 300)}`
    expect(res.status, where).toBe(status)
    expect(res.headers.get('content-type'), where).toMatch(/^application\/json/i)
    expect(isJson, `not JSON: ${where}`).toBe(true)
    expect(judge.response(status, json), where).toEqual({ ok: true })
    const requestId = res.headers.get('x-request-id')
    expect(requestId, 'X-Request-Id header').toBeTruthy()
    expect(json.request_id, 'request_id matches X-Request-Id').toBe(requestId)
    expect(Math.abs(json.timestamp - Date.now()), 'timestamp is now, in ms').toBeLessThan(300_000)
    expect(json.request_duration).toMatch(/^\d+(\.\d+)?ms$/)
    expect(res.headers.get('server-timing'), 'Server-Timing').toMatch(/total;dur=\d/)
  }

  function expectError(answer: Answer, status: number, code: number): void {
    expectEnvelope(answer, status)
    expect(answer.json.status, answer.text).toBe(code)
    expect(answer.json.msg.length).toBeGreaterThan(10)
  }

  describe(`HTTP contract on ${target.name}${isServer ? '' : ` (${NOT_APPLICABLE})`}`, () => {
    describe('valid requests → 200 with the conference of the link, public profile', () => {
      for (const fixture of validRequests) {
        it(`valid request "${fixture.name}"`, async () => {
          const answer = await lookup(JSON.stringify(fixture.body))
          expectEnvelope(answer, 200)
          const record = recordFor(fixture.canonicalUrl)
          expect(record, `no dataset record for ${fixture.canonicalUrl}`).toBeDefined()
          expect(answer.json.result).toEqual([publicView(record)])
          expect(answer.res.headers.get('cache-control')).toMatch(/no-store/)
        })
      }
      for (const fixture of validConferences) {
        it(`dataset conference "${fixture.name}" by its attendee link: public and full`, async () => {
          const link = fixture.conference.attendeeJoinUrl
          const publicAnswer = await lookupLink(link)
          expectEnvelope(publicAnswer, 200)
          expect(publicAnswer.json.result).toEqual([publicView(fixture.conference)])
          const fullAnswer = await lookupLink(link, { authorization: `Bearer ${FULL_KEY}` })
          expectEnvelope(fullAnswer, 200)
          expect(fullAnswer.json.result).toEqual([fixture.conference])
        })
      }
    })

    describe('invalid requests → documented status and envelope code', () => {
      for (const fixture of invalidRequests) {
        it(`invalid request "${fixture.name}" → ${fixture.status} ${fixture.code}`, async () => {
          const answer = await lookup(fixture.rawBody, { contentType: fixture.contentType })
          expectError(answer, fixture.status, fixture.code)
          expect(answer.res.headers.get('cache-control')).toMatch(/no-store/)
        })
      }
      it('a link no conference belongs to → 404 40401', async () => {
        expectError(await lookupLink('https://mtest.qsh1.cn/k/zzzz0000'), 404, 40401)
      })
    })

    describe('request ids', () => {
      it('a safe inbound X-Request-Id is echoed in the header and the body', async () => {
        const id = 'suite-req_1.2:3-x'
        const answer = await lookupLink(SEED_LINK, { 'x-request-id': id })
        expectEnvelope(answer, 200)
        expect(answer.json.request_id).toBe(id)
      })
      for (const [name, id] of [
        ['spaces', 'has a space'],
        ['over 128 characters', 'a'.repeat(129)],
        ['markup', '<script>alert(1)</script>'],
        ['semicolon', 'id;drop'],
      ] as const) {
        it(`an unsafe inbound X-Request-Id (${name}) is replaced`, async () => {
          const answer = await lookup('{', { headers: { 'x-request-id': id } })
          expectError(answer, 400, 40001)
          expect(answer.json.request_id).not.toBe(id)
          expect(answer.json.request_id).toMatch(/^[A-Za-z0-9._:-]{1,128}$/)
        })
      }
      it('two requests get different ids', async () => {
        const [a, b] = await Promise.all([lookupLink(SEED_LINK), lookupLink(SEED_LINK)])
        expect(a.json.request_id).not.toBe(b.json.request_id)
      })
    })

    describe('routes', () => {
      for (const [method, path] of [
        ['GET', '/nope'],
        ['POST', '/confopenapi/conference/somethingElse'],
        ['GET', `${LOOKUP_PATH}/extra`],
      ] as const) {
        it(`unknown path ${method} ${path} → 404 JSON 40402`, async () => {
          const answer = await call(path, { method })
          expectEnvelope(answer, 404)
          expect(answer.json.status).toBe(40402)
        })
      }
      const wrongMethods: [string, string, string][] = [
        ['GET', LOOKUP_PATH, 'POST'],
        ['PUT', LOOKUP_PATH, 'POST'],
        ['POST', '/healthz', 'GET'],
        ['DELETE', '/openapi.json', 'GET'],
      ]
      for (const [method, path, allow] of wrongMethods.filter(
        ([, path]) => isServer || path === LOOKUP_PATH,
      )) {
        it(`wrong method ${method} ${path} → 405 JSON 40501 with Allow`, async () => {
          const answer = await call(path, { method })
          expect(answer.res.status, answer.text).toBe(405)
          expect(answer.res.headers.get('content-type')).toMatch(/^application\/json/i)
          expect(judge.schema('ErrorEnvelope', answer.json)).toEqual({ ok: true })
          expect(answer.json.status).toBe(40501)
          expect(answer.res.headers.get('allow')).toContain(allow)
          expect(answer.json.request_id).toBe(answer.res.headers.get('x-request-id'))
        })
      }
      // The server's own routes: a deployment feature.
      if (isServer) {
        it('GET /healthz → 200 JSON', async () => {
          const { res, json } = await call('/healthz')
          expect(res.status).toBe(200)
          expect(json.status).toBe('ok')
          expect(res.headers.get('x-request-id')).toBeTruthy()
          expect(res.headers.get('server-timing')).toMatch(/total;dur=/)
        })
        it('GET /openapi.json → the spec, its example answer as a public caller receives it', async () => {
          const { res, json, text } = await call('/openapi.json')
          expect(res.status).toBe(200)
          expect(res.headers.get('content-type')).toMatch(/^application\/json/i)
          expect(withoutSeedExample(json as typeof judge.spec)).toEqual(withoutSeedExample(judge.spec))
          const served = (json as typeof judge.spec).components.examples.SeedSuccess.value
          expect(served.result[0]).toEqual(publicView(seedExample.result[0]))
          expect(served.reqid).toBe('')
          for (const secret of seedSecrets) expect(text, secret).not.toContain(secret)
        })
        it("GET /openapi.yaml → the spec file, without the example answer's secrets", async () => {
          const { res, text } = await call('/openapi.yaml')
          expect(res.status).toBe(200)
          expect(res.headers.get('content-type')).toMatch(/yaml/i)
          expect(text).toContain(`operationId: ${judge.spec.paths[LOOKUP_PATH].post.operationId}`)
          expect(specYamlText).toContain(seedSecrets[0] as string)
          for (const secret of seedSecrets) expect(text, secret).not.toContain(secret)
        })
        it('GET /docs → the Scalar page, loading its script from this server only', async () => {
          const { res, text } = await call('/docs')
          expect(res.status).toBe(200)
          expect(res.headers.get('content-type')).toMatch(/^text\/html/i)
          expect(text).toContain('<div id="app"></div>')
          expect(text).toMatch(SCALAR_SCRIPT)
          expect(text).not.toMatch(/(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i)
        })
        // Built runtimes only: the bundle is inlined by scripts/build.ts (a static asset on
        // Workers); the app from source (app.request) has none to serve.
        if (!target.fetch) {
          it("GET the page's Scalar script → Scalar's browser bundle, cacheable for a year", async () => {
            const path = SCALAR_SCRIPT.exec((await call('/docs')).text)?.[1] ?? '/docs/(no script)'
            const { res, text } = await call(path)
            expect(res.status).toBe(200)
            expect(res.headers.get('content-type')).toMatch(/^(?:text|application)\/javascript/i)
            expect(res.headers.get('cache-control')).toMatch(/max-age=31536000/)
            expect(text).toContain('createApiReference')
          })
        }
      }
    })

    describe('profiles and redaction', () => {
      it('the sentinel conference has secrets to find (the spec walk works)', () => {
        expect(sentinelSecrets.map((f) => f.path)).toEqual(
          expect.arrayContaining(['pcode1', 'hostJoinUrl', 'wcallurl', 'calExtraInfo.eventWatchword']),
        )
        expect(sentinelValues.length).toBeGreaterThanOrEqual(9)
      })
      it('public answer for the sentinel link: no secret value in body or headers; secret fields present but empty', async () => {
        const answer = await lookupLink(SENTINEL_LINK)
        expectEnvelope(answer, 200)
        const headers = [...answer.res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')
        const decoded = JSON.stringify(answer.json)
        for (const value of sentinelValues) {
          expect(answer.text, `secret ${value} in the body`).not.toContain(value)
          expect(decoded, `secret ${value} in the decoded body`).not.toContain(value)
          expect(headers, `secret ${value} in a header`).not.toContain(value)
        }
        const conference = answer.json.result[0]
        for (const field of sentinelSecrets) {
          const { present, value } = getPath(conference, field.path)
          expect(present, `${field.path} present`).toBe(true)
          expect(value, `${field.path} empty`).toBe(field.empty)
        }
        expect(conference).toEqual(publicView(sentinelConference))
      })
      it('full key: the sentinel record exactly as in the dataset', async () => {
        const answer = await lookupLink(SENTINEL_LINK, { authorization: `Bearer ${FULL_KEY}` })
        expectEnvelope(answer, 200)
        expect(answer.json.result).toEqual([sentinelConference])
        for (const value of sentinelValues) expect(answer.text).toContain(value)
      })
      it('lookup key: the public profile', async () => {
        const answer = await lookupLink(SENTINEL_LINK, { authorization: `Bearer ${LOOKUP_KEY}` })
        expectEnvelope(answer, 200)
        expect(answer.json.result).toEqual([publicView(sentinelConference)])
      })
      // API keys: a deployment feature.
      if (isServer)
        for (const [name, header] of [
          ['unknown key', `Bearer ${UNKNOWN_KEY}`],
          ['not a bearer', `Basic ${btoa('user:pass')}`],
          ['empty bearer', 'Bearer '],
        ] as const) {
          it(`bad credentials (${name}) → 401 40101 with WWW-Authenticate`, async () => {
            const answer = await lookupLink(SENTINEL_LINK, { authorization: header })
            expectError(answer, 401, 40101)
            expect(answer.res.headers.get('www-authenticate')).toMatch(/^Bearer/i)
            for (const value of sentinelValues) expect(answer.text).not.toContain(value)
          })
        }
      it('Cache-Control: no-store on lookups, found or not', async () => {
        for (const answer of [await lookupLink(SEED_LINK), await lookupLink('https://qsh1.cn/k/zzzz0000')])
          expect(answer.res.headers.get('cache-control')).toMatch(/no-store/)
      })
    })

    describe('body limits', () => {
      const headers = { 'content-type': 'application/json' }
      it(`${BODY_LIMIT} bytes with Content-Length → 200 (at the limit)`, async () => {
        expectEnvelope(await lookup(seedBodyOfSize(BODY_LIMIT)), 200)
      })
      it('5000 bytes with Content-Length → 413 41301', async () => {
        expectError(await lookup(seedBodyOfSize(5000)), 413, 41301)
      })
      it('5000 bytes chunked (no Content-Length) → 413 41301', async () => {
        expectError(await call(LOOKUP_PATH, chunkedInit(seedBodyOfSize(5000), headers)), 413, 41301)
      })
      it(`${BODY_LIMIT + 1} bytes chunked → 413 41301 (one over the limit)`, async () => {
        expectError(await call(LOOKUP_PATH, chunkedInit(seedBodyOfSize(BODY_LIMIT + 1), headers)), 413, 41301)
      })
      it('a small chunked body → 200', async () => {
        const answer = await call(
          LOOKUP_PATH,
          chunkedInit(JSON.stringify({ attendeeJoinUrl: SEED_LINK }), headers),
        )
        expectEnvelope(answer, 200)
        expect(answer.json.result[0]?.conferenceId).toBe('239719428')
      })
      if (!target.fetch) bothFramingsTest(target)
    })

    if (target.logs) logTests(target, target.logs, lookupLink, call)
  })
}

/**
 * Content-Length and Transfer-Encoding together is the request-smuggling framing: RFC 9112 §6.1
 * lets a server reject it. Node's llhttp does (HPE_INVALID_TRANSFER_ENCODING), and the Node
 * entry's clientError handler answers a JSON 400 40001. Bun's and Deno's HTTP parsers refuse it
 * too, but themselves, before any app code runs: a bare 400 with an empty body the app cannot
 * shape. A runtime that honours the chunked framing instead sees a 5000-byte body and must answer
 * 413; one that closes the socket without a byte has also refused it. Never acceptable: a 2xx, a
 * 5xx, a body that is not a JSON envelope, or a second response (the sign that the two framings
 * were read differently).
 */
function bothFramingsTest(target: ContractTarget): void {
  const bare = target.ambiguousFraming !== 'json'
  const accepts = `one JSON 400 40001 or 413 41301${bare ? ", the runtime parser's bare empty 400" : ''}, or closed unanswered`
  it(`Content-Length + Transfer-Encoding together → ${accepts}; never 2xx/5xx/another body`, async () => {
    const body = seedBodyOfSize(5000)
    const request =
      `POST ${LOOKUP_PATH} HTTP/1.1\r\nHost: ${new URL(target.baseUrl()).host}\r\n` +
      'Content-Type: application/json\r\nContent-Length: 10\r\nTransfer-Encoding: chunked\r\n' +
      `Connection: close\r\n\r\n${body.length.toString(16)}\r\n${body}\r\n0\r\n\r\n`
    const exchange = await rawExchange(target.baseUrl(), request)
    if (exchange.received === '') return // refused: closed (or reset) without an answer
    const where = JSON.stringify(exchange.received.slice(0, 500))
    expect(exchange.responses, where).toHaveLength(1)
    expect(exchange.trailing, where).toBe('')
    const response = exchange.responses[0] as RawResponse
    expect([400, 413], where).toContain(response.status)
    if (bare && response.status === 400 && response.body === '') return
    expect(String(response.headers['content-type']), where).toMatch(/^application\/json/i)
    const json = JSON.parse(response.body)
    expect(judge.schema('ErrorEnvelope', json), where).toEqual({ ok: true })
    expect(json.status).toBe(response.status === 400 ? 40001 : 41301)
  })
}

function logTests(
  target: ContractTarget,
  logs: () => string,
  lookupLink: (link: string, headers?: Record<string, string>) => Promise<{ res: Response }>,
  call: (path: string, init?: RequestInit) => Promise<{ res: Response }>,
): void {
  it(`logs on ${target.name}: one JSON line per request with method, path, status, duration_ms, request_id; no secret, no key`, async () => {
    const stamp = `log-${Date.now()}`
    const sent: { id: string; method: string; path: string; res: Response }[] = []
    const send = async (id: string, method: string, path: string, run: () => Promise<{ res: Response }>) =>
      sent.push({ id, method, path, res: (await run()).res })
    await send(`${stamp}-full`, 'POST', LOOKUP_PATH, () =>
      lookupLink(SENTINEL_LINK, { authorization: `Bearer ${FULL_KEY}`, 'x-request-id': `${stamp}-full` }),
    )
    await send(`${stamp}-lookup`, 'POST', LOOKUP_PATH, () =>
      lookupLink(SENTINEL_LINK, { authorization: `Bearer ${LOOKUP_KEY}`, 'x-request-id': `${stamp}-lookup` }),
    )
    await send(`${stamp}-bad`, 'POST', LOOKUP_PATH, () =>
      lookupLink(SENTINEL_LINK, { authorization: `Bearer ${UNKNOWN_KEY}`, 'x-request-id': `${stamp}-bad` }),
    )
    await send(`${stamp}-404`, 'GET', '/nope', () =>
      call('/nope?token=SENTINEL-query', { headers: { 'x-request-id': `${stamp}-404` } }),
    )
    const lines = await waitForLogLines(
      logs,
      sent.map((s) => s.id),
    )
    for (const { id, method, path, res } of sent) {
      const mine = lines.filter((line) => line.request_id === id)
      expect(mine, `log lines for ${id}`).toHaveLength(1)
      expect(mine[0]).toMatchObject({ method, path, status: res.status, request_id: id })
      expect(mine[0]?.duration_ms).toBeTypeOf('number')
    }
    const text = logs()
    for (const secret of [...sentinelValues, FULL_KEY, LOOKUP_KEY, UNKNOWN_KEY, 'SENTINEL-query'])
      expect(text, `${secret} in the log`).not.toContain(secret)
  })
}

async function waitForLogLines(logs: () => string, ids: string[]): Promise<Record<string, unknown>[]> {
  const deadline = Date.now() + 5000
  for (;;) {
    const lines = logs()
      .split('\n')
      .map((line) => line.slice(Math.max(0, line.indexOf('{'))))
      .flatMap((line) => {
        try {
          const value = JSON.parse(line)
          return typeof value === 'object' && value !== null ? [value as Record<string, unknown>] : []
        } catch {
          return []
        }
      })
    if (ids.every((id) => lines.some((line) => line.request_id === id)) || Date.now() > deadline) return lines
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
