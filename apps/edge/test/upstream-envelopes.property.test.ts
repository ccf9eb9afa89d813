// Every envelope inside the spec, whatever the vendor sends: random vendor answers (statuses of any
// JSON type and size, messages of any code points, records with fields replaced by hostile or
// mistyped values, the token echoed, HTTP errors) go through the upstream source and the app, and
// every answer, public or `full`, validates against the served spec with Ajv, is well-formed
// Unicode, and carries neither the token nor the vendor's message. fast-check, seeded.

import { createSpecJudge } from '@joinlink/spec-judge'
import { LOOKUP_PATH } from '@joinlink/validation'
import { seedResponse } from '@joinlink/validation/fixtures'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseConfig, type UpstreamConfig } from '../src/config/config.ts'
import { createApp } from '../src/http/app.ts'
import { specJson } from '../src/http/openapi.gen.ts'
import { createUpstreamSource } from '../src/sources/upstream.ts'

const TOKEN = 'tok-PROPERTY-0123456789'
const FULL_KEY = 'full-key-0123456789abcdef'
const MARK = 'VENDOR-MSG-7f3a'
const judge = createSpecJudge(JSON.parse(specJson))
const seed = seedResponse.result[0] as Record<string, unknown>
const SEED_LINK = seed.attendeeJoinUrl as string

const anyText = fc.string({ unit: 'binary', maxLength: 40 })
const hostileValue = fc.oneof(
  anyText,
  fc.integer(),
  fc.double(),
  fc.constant(null),
  fc.boolean(),
  fc.constantFrom(
    'javascript:alert(1)',
    'JAVASCRIPT://x',
    'data:text/html,<script>',
    TOKEN,
    `see ${TOKEN}`,
    'https://ok.example/x',
    '',
    2 ** 60,
    '\ud800',
  ),
)
const record = fc
  .oneof(
    fc.constant<[string, unknown][]>([]),
    fc.array(fc.tuple(fc.constantFrom(...Object.keys(seed)), hostileValue), { minLength: 1, maxLength: 3 }),
  )
  .map((changes) => ({ ...structuredClone(seed), ...Object.fromEntries(changes) }))
const vendorStatus = fc.oneof(
  { arbitrary: fc.constant(0), weight: 8 },
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.constantFrom(2 ** 53, 2 ** 53 - 1, 2 ** 60, -(2 ** 60), 1e308, 0.5, -0),
  fc.double(),
  anyText,
  fc.constant(null),
)
const vendorMsg = fc.oneof(
  fc.constant(undefined),
  fc.integer(),
  anyText.map((text) => `${MARK}${text}`),
  fc.constantFrom(`${MARK} token ${TOKEN}`, `${MARK}${'😀'.repeat(250)}`, `${MARK}\u001b[2J\u202e`),
)
const envelope = fc.record(
  {
    status: vendorStatus,
    msg: vendorMsg,
    result: fc.oneof(
      fc.constant([]),
      { arbitrary: fc.array(record, { minLength: 1, maxLength: 2 }), weight: 6 },
      hostileValue,
    ),
    reqid: fc.oneof({ arbitrary: anyText, weight: 4 }, fc.constant(TOKEN), fc.integer()),
    request_id: anyText,
    timestamp: fc.oneof({ arbitrary: fc.integer(), weight: 4 }, fc.double()),
  },
  { requiredKeys: ['status', 'result'] },
)
const vendorAnswer = fc.record({
  http: fc.constantFrom(200, 200, 200, 200, 200, 400, 404, 500, 503),
  contentType: fc.oneof(
    fc.constant('application/json'),
    anyText.map((t) => `text/html; x=${TOKEN}${t}`),
  ),
  body: fc.oneof(
    // The vendor's own envelope (request_id, timestamp, request_duration…) with fields overridden.
    { arbitrary: envelope.map((e) => JSON.stringify({ ...seedResponse, ...e })), weight: 8 },
    fc.constantFrom('', '<html>down</html>', '{"status":0,"result":[', `{"status":10001,"msg":"${TOKEN}"`),
  ),
})

async function appFor(answer: { http: number; contentType: string; body: string }) {
  const config = await parseConfig({
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: 'https://vendor.example',
    JOINLINK_UPSTREAM_TOKEN: TOKEN,
    JOINLINK_UPSTREAM_RETRIES: '0',
    JOINLINK_RATE_LIMIT: '0',
    // Pages are not under test here; their limiter's table (lru-cache, 100,000 clients allocated up
    // front) took ~45 ms of every one of the 300 apps this file makes.
    JOINLINK_PAGE_RATE_LIMIT: '0',
    JOINLINK_LOG: 'false',
    JOINLINK_API_KEYS: `ops:full:${FULL_KEY}`,
  })
  const upstream = config.upstream as UpstreamConfig
  // Header values must be Latin-1 to be sent at all: what a real vendor could put on the wire.
  const type = [...answer.contentType].every((ch) => ch.charCodeAt(0) < 256 && ch >= ' ')
    ? answer.contentType
    : 'application/json'
  const fetch = async () =>
    new Response(answer.body, { status: answer.http, headers: { 'Content-Type': type } })
  const source = createUpstreamSource(upstream, { fetch })
  return createApp({ config, source })
}

describe('every answer to any vendor answer is inside the served spec', () => {
  it('public and full (fast-check, seeded, 300 vendor answers)', async () => {
    const seen = new Map<number, number>()
    await fc.assert(
      fc.asyncProperty(vendorAnswer, async (answer) => {
        const app = await appFor(answer)
        for (const headers of [{}, { authorization: `Bearer ${FULL_KEY}` }]) {
          const res = await app.request(LOOKUP_PATH, {
            method: 'POST',
            headers: { 'content-type': 'application/json', ...headers },
            body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
          })
          const text = await res.text()
          seen.set(res.status, (seen.get(res.status) ?? 0) + 1)
          const body = JSON.parse(text)
          expect(judge.response(res.status, body), text).toEqual({ ok: true })
          expect([200, 404, 502].includes(res.status), text).toBe(true)
          expect(text, 'a lone surrogate').not.toMatch(/\p{Cs}/u)
          expect(text).not.toContain(TOKEN)
          expect(text).not.toContain(MARK)
          expect(text).not.toMatch(/javascript:|data:text/i)
          for (const [, value] of res.headers) expect(value).not.toContain(TOKEN)
        }
      }),
      { seed: 2121, numRuns: 300 },
    )
    // The generator reaches every kind of answer, not only refusals.
    for (const status of [200, 404, 502])
      expect(seen.get(status) ?? 0, `answers ${status}`).toBeGreaterThan(10)
  }, 60_000)
})
