// The contract suite through app.request() (no server), and what only the app's configuration
// changes: rate limit, keys-only mode, CORS, secure headers, internal faults.

import { type ConferenceSource, lookupError } from '@joinlink/core'
import { createSpecJudge } from '@joinlink/spec-judge'
import {
  FULL_KEY,
  httpContractSuite,
  LOOKUP_KEY,
  LOOKUP_PATH,
  SEED_LINK,
  SUITE_ENV,
} from '@joinlink/test-kit/contract'
import { describe, expect, it } from 'vitest'
import { buildTestApp, type TestApp } from './support/app.ts'

const BASE = 'http://app.local'
const judge = createSpecJudge()
const suiteApp = await buildTestApp({ ...SUITE_ENV })

httpContractSuite({ name: 'app.request()', baseUrl: () => BASE, fetch: suiteApp.fetch, logs: suiteApp.logs })

function post(t: TestApp, headers: Record<string, string> = {}, link = SEED_LINK) {
  return t.fetch(`${BASE}${LOOKUP_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: new TextEncoder().encode(JSON.stringify({ attendeeJoinUrl: link })),
  })
}

describe('rate limit (JOINLINK_RATE_LIMIT)', () => {
  const byHeader = {
    clientAddress: (c: { req: { header(name: string): string | undefined } }) => c.req.header('x-client'),
  }

  it('2 a minute: the third request from one client → 429 42901 with Retry-After; another client is unaffected', async () => {
    const t = await buildTestApp({ ...SUITE_ENV, JOINLINK_RATE_LIMIT: '2' }, byHeader)
    expect((await post(t, { 'x-client': 'a' })).status).toBe(200)
    expect((await post(t, { 'x-client': 'a' })).status).toBe(200)
    const limited = await post(t, { 'x-client': 'a' })
    expect(limited.status).toBe(429)
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThanOrEqual(1)
    expect(retryAfter).toBeLessThanOrEqual(60)
    const body = await limited.json()
    expect(judge.response(429, body)).toEqual({ ok: true })
    expect(body.status).toBe(42901)
    expect(limited.headers.get('x-request-id')).toBe(body.request_id)
    expect((await post(t, { 'x-client': 'b' })).status).toBe(200)
  })

  it('0 turns it off: 50 requests from one client all → 200', async () => {
    const t = await buildTestApp({ ...SUITE_ENV, JOINLINK_RATE_LIMIT: '0' }, byHeader)
    const statuses = await Promise.all(Array.from({ length: 50 }, () => post(t, { 'x-client': 'a' })))
    expect(new Set(statuses.map((r) => r.status))).toEqual(new Set([200]))
  })
})

describe('JOINLINK_PUBLIC=false', () => {
  it('no key → 401 40101 with WWW-Authenticate; lookup key → public; full key → full', async () => {
    const t = await buildTestApp({ ...SUITE_ENV, JOINLINK_PUBLIC: 'false' })
    const refused = await post(t)
    expect(refused.status).toBe(401)
    expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer/)
    const body = await refused.json()
    expect(judge.response(401, body)).toEqual({ ok: true })
    expect(body.status).toBe(40101)
    const lookup = await post(t, { authorization: `Bearer ${LOOKUP_KEY}` })
    expect(lookup.status).toBe(200)
    expect((await lookup.json()).result[0].pcode1).toBe('')
    const full = await post(t, { authorization: `Bearer ${FULL_KEY}` })
    expect((await full.json()).result[0].pcode1).toBe('201501000037434973')
  })
})

describe('CORS (JOINLINK_CORS_ORIGINS)', () => {
  const allowed = 'https://app.example.com'

  it('an allowed origin gets Access-Control-Allow-Origin; another origin does not', async () => {
    const t = await buildTestApp({ ...SUITE_ENV, JOINLINK_CORS_ORIGINS: allowed })
    const ok = await post(t, { origin: allowed })
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed)
    expect(ok.headers.get('access-control-expose-headers')).toMatch(/X-Request-Id/i)
    const other = await post(t, { origin: 'https://evil.example.com' })
    expect(other.status).toBe(200)
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('a preflight from an allowed origin is answered; one from another origin is not allowed', async () => {
    const t = await buildTestApp({ ...SUITE_ENV, JOINLINK_CORS_ORIGINS: allowed })
    const preflight = (origin: string) =>
      t.fetch(`${BASE}${LOOKUP_PATH}`, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type',
        },
      })
    const ok = await preflight(allowed)
    expect(ok.status).toBe(204)
    expect(ok.headers.get('access-control-allow-origin')).toBe(allowed)
    expect(ok.headers.get('access-control-allow-methods')).toMatch(/POST/)
    expect(
      (await preflight('https://evil.example.com')).headers.get('access-control-allow-origin'),
    ).toBeNull()
  })

  it('no JOINLINK_CORS_ORIGINS → no CORS headers at all', async () => {
    const t = await buildTestApp({ ...SUITE_ENV })
    expect((await post(t, { origin: allowed })).headers.get('access-control-allow-origin')).toBeNull()
  })
})

describe('secure headers', () => {
  for (const path of [LOOKUP_PATH, '/healthz', '/docs', '/nope']) {
    it(`on ${path}`, async () => {
      const init: RequestInit = path === LOOKUP_PATH ? { method: 'POST' } : {}
      const res = await suiteApp.fetch(`${BASE}${path}`, init)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
      expect(res.headers.get('x-frame-options')).toBeTruthy()
      expect(res.headers.get('referrer-policy')).toBeTruthy()
      expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/)
      expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    })
  }
  it('/docs has a strict Content-Security-Policy: this origin, a fresh nonce per page, no eval', async () => {
    const policies = await Promise.all(
      [1, 2].map(async () => {
        const res = await suiteApp.fetch(`${BASE}/docs`, {})
        const csp = res.headers.get('content-security-policy') ?? ''
        const nonce = /'nonce-([^']+)'/.exec(csp)?.[1]
        expect(await res.text()).toContain(`<script nonce="${nonce}">`)
        return { csp, nonce }
      }),
    )
    const [first, second] = policies as [(typeof policies)[0], (typeof policies)[0]]
    expect(first.nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/)
    expect(second.nonce).not.toBe(first.nonce)
    const directive = (name: string) => new RegExp(`(?:^|; )${name} ([^;]*)`).exec(first.csp)?.[1]
    expect(directive('default-src')).toBe("'none'")
    expect(directive('script-src')).toBe(`'self' 'nonce-${first.nonce}'`)
    expect(directive('style-src')).toBe(`'self' 'nonce-${first.nonce}'`)
    expect(directive('connect-src')).toBe("'self'")
    expect(first.csp).not.toMatch(/unsafe-eval|\*|https?:/)
  })
})

describe('faults inside the server', () => {
  const throwing = (error: unknown): ConferenceSource => ({
    lookup: async () => {
      throw error
    },
  })

  it('a source that throws a plain Error → 500 50001, no stack or detail in the body; the log names it', async () => {
    const error = new Error('database exploded at /srv/secret/path')
    const t = await buildTestApp({ ...SUITE_ENV }, { source: throwing(error) })
    const res = await post(t)
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toMatch(/^application\/json/)
    const text = await res.text()
    const body = JSON.parse(text)
    expect(judge.response(500, body)).toEqual({ ok: true })
    expect(body.status).toBe(50001)
    expect(body.request_id).toBe(res.headers.get('x-request-id'))
    expect(text).not.toMatch(/exploded|secret|\bat \S+:\d+|Error:/)
    expect(t.logs()).toContain('database exploded')
  })

  it('a source that throws a string (not an Error) → 500 50001 too', async () => {
    const t = await buildTestApp({ ...SUITE_ENV }, { source: throwing('plain string') })
    const res = await post(t)
    expect(res.status).toBe(500)
    expect((await res.json()).status).toBe(50001)
  })

  it("a source's LookupError passes through with its own status (504 50401)", async () => {
    const t = await buildTestApp(
      { ...SUITE_ENV },
      { source: throwing(lookupError('UPSTREAM_TIMEOUT', { timeout_ms: 3000, detail: '1 attempt' })) },
    )
    const res = await post(t)
    expect(res.status).toBe(504)
    const body = await res.json()
    expect(judge.response(504, body)).toEqual({ ok: true })
    expect(body.status).toBe(50401)
  })
})

describe('error messages a person can act on', () => {
  const cases: [name: string, body: string, msg: RegExp][] = [
    ['field-number', '{"attendeeJoinUrl": 42}', /attendeeJoinUrl: expected string, got number/],
    ['field-null', '{"attendeeJoinUrl": null}', /attendeeJoinUrl: expected string, got null/],
    ['field-missing', '{}', /attendeeJoinUrl: is required/],
    ['field-extra', `{"attendeeJoinUrl": "${SEED_LINK}", "extra": 1}`, /unknown field extra/],
    ['host-unknown', '{"attendeeJoinUrl": "https://example.com/k/mkIW3Txa0Uk"}', /^attendeeJoinUrl: /],
  ]
  for (const [name, body, msg] of cases) {
    it(`"${name}" says what is wrong`, async () => {
      const res = await suiteApp.fetch(`${BASE}${LOOKUP_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: new TextEncoder().encode(body),
      })
      expect((await res.json()).msg).toMatch(msg)
    })
  }
})
