// Vendor text never reaches a caller: a hostile fake vendor (over real HTTP) sends personal data and
// the token in its msg, reflects the token into a header, echoes it inside a record, sends
// `javascript:` links and a status past 2^53. Every answer, public and `full`, is ours and within
// the spec; the operator's log gets the vendor's msg bounded, escaped and scrubbed.

import { createSpecJudge } from '@joinlink/spec-judge'
import type { FaultMode } from '@joinlink/test-kit/fake-vendor'
import { LOOKUP_PATH } from '@joinlink/validation'
import { seedResponse } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import type { UpstreamConfig } from '../src/config/config.ts'
import { upstreamApp, useFakeVendor } from './support/upstream-app.ts'

const TOKEN = 'tok-HOSTILE-0123456789'
const FULL_KEY = 'full-key-0123456789abcdef'
const SEED_LINK: string = seedResponse.result[0].attendeeJoinUrl
const PERSONAL = 'Zhang San 13800138000 zhang@example.com passcode 2015'
const judge = createSpecJudge()

const fixture = useFakeVendor(TOKEN)
const { logs } = fixture

async function setup(upstream: Partial<UpstreamConfig> = {}) {
  const vendor = fixture.vendor
  const app = await upstreamApp({
    vendor,
    token: TOKEN,
    env: {
      JOINLINK_UPSTREAM_TIMEOUT_MS: '1000',
      JOINLINK_UPSTREAM_RETRIES: '0',
      JOINLINK_UPSTREAM_FAILURE_CACHE_S: '0',
      JOINLINK_API_KEYS: `ops:full:${FULL_KEY}`,
    },
    upstream,
    log: (line) => logs.push(line),
  })
  /** The lookup in both profiles, the same vendor mode for each; the whole answer as text. */
  return async (mode: FaultMode, link = SEED_LINK) => {
    const answers = []
    for (const headers of [{}, { authorization: `Bearer ${FULL_KEY}` }]) {
      vendor.plan(mode)
      const res = await app.request(LOOKUP_PATH, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ attendeeJoinUrl: link }),
      })
      const body = await res.text()
      const text = `${[...res.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}\n${body}`
      expect(judge.response(res.status, JSON.parse(body)), body).toEqual({ ok: true })
      answers.push({ status: res.status, body: JSON.parse(body), text })
    }
    return answers
  }
}

const vendorStatus = (msg: unknown, status: unknown = 10002): FaultMode => ({
  kind: 'raw',
  body: JSON.stringify({ status, msg }),
})

describe("the vendor's msg goes to the operator's log only", () => {
  it.each([
    { name: 'personal data', msg: PERSONAL },
    { name: 'the token', msg: `token ${TOKEN} is not valid for ${PERSONAL}` },
    { name: 'HTML and a script', msg: `<script>alert(1)</script>${PERSONAL}` },
  ])('$name: 502 50201 with our message and an empty upstream.msg', async ({ msg }) => {
    const lookup = await setup()
    for (const answer of await lookup(vendorStatus(msg))) {
      expect([answer.status, answer.body.status]).toEqual([502, 50201])
      expect(answer.body.msg).toBe('The conference service refused the lookup (its status 10002).')
      expect(answer.body.upstream).toEqual({ status: 10002, msg: '' })
      for (const word of ['13800138000', 'zhang@', 'Zhang', 'script', TOKEN])
        expect(answer.text).not.toContain(word)
    }
    const logged = logs.map((line) => JSON.parse(line)).find((line) => line.vendor_status === 10002)
    expect(logged?.vendor_msg).toContain('13800138000')
    expect(logged?.vendor_msg).not.toContain(TOKEN)
  })

  it('the logged msg is bounded in code points, escaped, and whole (no lone surrogate)', async () => {
    const lookup = await setup()
    const hostile = `\u001b[31mred\u202eevil\n${'😀'.repeat(300)}`
    await lookup(vendorStatus(hostile))
    const line = logs.find((l) => l.includes('vendor_status')) as string
    for (const raw of ['\u001b', '\u202e', '\n']) expect(line.includes(raw)).toBe(false)
    const msg = JSON.parse(line).vendor_msg as string
    expect(msg.startsWith('\\u{1b}[31mred\\u{202e}evil\\u{a}')).toBe(true)
    expect([...msg].length).toBeLessThanOrEqual(201)
    expect(msg, 'a lone surrogate').not.toMatch(/\p{Cs}/u)
  })
})

describe('no vendor header and no vendor record text a caller must not see', () => {
  it('a Content-Type reflecting the token is not echoed: 502 50202 in our words', async () => {
    const lookup = await setup()
    const mode: FaultMode = { kind: 'raw', body: '<html>down</html>', contentType: `text/html; t=${TOKEN}` }
    for (const answer of await lookup(mode)) {
      expect([answer.status, answer.body.status]).toEqual([502, 50202])
      expect(answer.text).not.toContain(TOKEN)
      expect(answer.text).not.toContain('text/html')
    }
  })

  it('a Retry-After past the cap is not passed on as a number', async () => {
    const lookup = await setup()
    for (const answer of await lookup({ kind: 'status', status: 429, retryAfter: '86399' })) {
      expect([answer.status, answer.body.status]).toEqual([502, 50203])
      expect(answer.text).not.toContain('86399')
      expect(answer.text).not.toContain('86400')
    }
  })

  it.each([
    { name: 'the title', mode: { kind: 'drift', conference: { title: `meeting ${TOKEN}` } } },
    {
      name: 'a full-only attendee field',
      mode: { kind: 'drift', attendee: { userProfile: { note: TOKEN } } },
    },
    { name: 'the envelope reqid', mode: { kind: 'drift', envelope: { reqid: `r-${TOKEN}` } } },
  ] as { name: string; mode: FaultMode }[])(
    'the token echoed in $name: refused (502 50202) in both profiles, never cached',
    async ({ mode }) => {
      const lookup = await setup()
      for (const answer of await lookup(mode)) {
        expect([answer.status, answer.body.status]).toEqual([502, 50202])
        expect(answer.text).not.toContain(TOKEN)
      }
      expect(fixture.vendor.calls).toBe(2)
    },
  )

  it.each(['webRTCUrl', 'livePullUrl', 'attendeeJoinUrl', 'hostJoinUrl', 'wcallurl'])(
    'a javascript: URL in %s: refused (502 50202) in both profiles',
    async (field) => {
      const lookup = await setup()
      const mode: FaultMode = { kind: 'drift', conference: { [field]: 'javascript:alert(document.cookie)' } }
      for (const answer of await lookup(mode)) {
        expect([answer.status, answer.body.status]).toEqual([502, 50202])
        expect(answer.text).not.toContain('javascript:')
      }
    },
  )

  it.each([2 ** 60, -(2 ** 60), 2 ** 53])(
    'a vendor status of %d (outside safe integers): 502 50202, not passed through',
    async (status) => {
      const lookup = await setup()
      for (const answer of await lookup({ kind: 'raw', body: `{"status":${status},"msg":"x"}` })) {
        expect([answer.status, answer.body.status]).toEqual([502, 50202])
        expect(answer.body.upstream).toBeUndefined()
      }
    },
  )
})

describe("the caller's query string is never echoed", () => {
  const SECRET = 'QS-SECRET-0123456789'
  it.each([
    { name: 'a found link', link: `${SEED_LINK}?pwd=${SECRET}`, status: 200 },
    { name: 'an unknown link', link: `https://mtest.qsh1.cn/k/noSuchCode01?pwd=${SECRET}`, status: 404 },
    { name: 'a host not allowed', link: `https://example.com/k/mkIW3Txa0Uk?pwd=${SECRET}`, status: 400 },
    { name: 'a bad short code', link: `https://mtest.qsh1.cn/k/ab?pwd=${SECRET}`, status: 400 },
    { name: 'a bad path', link: `https://mtest.qsh1.cn/x/y?pwd=${SECRET}#${SECRET}`, status: 400 },
    { name: 'a port', link: `https://mtest.qsh1.cn:8443/k/mkIW3Txa0Uk?pwd=${SECRET}`, status: 400 },
  ])('$name → $status without the query', async ({ link, status }) => {
    const lookup = await setup()
    for (const answer of await lookup({ kind: 'ok' }, link)) {
      expect(answer.status).toBe(status)
      expect(answer.text).not.toContain(SECRET)
    }
  })
})
