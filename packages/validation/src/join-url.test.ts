import { describe, expect, it } from 'vitest'
import { invalidRequests, validRequests } from './fixtures/requests.ts'
import { DEFAULT_ALLOWED_HOSTS, MAX_JOIN_URL_LENGTH, normalizeJoinUrl } from './join-url.ts'

const SEED = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'

const badLinks = invalidRequests.flatMap((fixture) => {
  if (fixture.code !== 40003) return []
  const body: unknown = JSON.parse(fixture.rawBody)
  return [{ name: fixture.name, body }]
})

function expectRefused(link: unknown, allowedHosts?: readonly string[]): string {
  const result = normalizeJoinUrl(link as string, allowedHosts)
  if (result.ok) throw new Error(`expected ${JSON.stringify(link)} to be refused, got ${result.canonicalUrl}`)
  return result.reason
}

describe('normalizeJoinUrl over the request fixtures', () => {
  it.each(validRequests)('accepts $name', ({ body, code, canonicalUrl }) => {
    const host = new URL(canonicalUrl).host
    expect(normalizeJoinUrl(body.attendeeJoinUrl)).toEqual({ ok: true, host, code, canonicalUrl })
  })

  it('covers every 40003 fixture', () => {
    expect(badLinks.length).toBeGreaterThan(20)
  })

  it.each(badLinks)('refuses $name', ({ body }) => {
    // A 40003 body must get past the schema: exactly one string field of 1..512 characters.
    expect(body).toEqual({ attendeeJoinUrl: expect.any(String) })
    const link = (body as { attendeeJoinUrl: string }).attendeeJoinUrl
    expect(link.length).toBeGreaterThanOrEqual(1)
    expect(link.length).toBeLessThanOrEqual(MAX_JOIN_URL_LENGTH)
    expect(expectRefused(link)).toMatch(/^the \S.{10,}$/)
  })
})

describe('normalizeJoinUrl', () => {
  it('names the host and the allowed families when the host is unknown', () => {
    expect(expectRefused('https://example.com/k/mkIW3Txa0Uk')).toBe(
      'the host example.com is not an allowed join-link host (qsh1.cn, quanshi.com)',
    )
  })

  it('names a refused scheme', () => {
    expect(expectRefused('javascript:alert(1)')).toContain('javascript:')
    expect(expectRefused('file:///etc/passwd')).toBe(
      'the scheme file: is not allowed; use an https:// join link',
    )
  })

  it('names the port, even the default one', () => {
    expect(expectRefused('https://mtest.qsh1.cn:443/k/mkIW3Txa0Uk')).toContain('mtest.qsh1.cn:443')
  })

  it('keeps the short code case and lowercases the host', () => {
    expect(normalizeJoinUrl('https://S.QSH1.CN/a/AbCdEf123')).toEqual({
      ok: true,
      host: 's.qsh1.cn',
      code: 'AbCdEf123',
      canonicalUrl: 'https://s.qsh1.cn/a/AbCdEf123',
    })
  })

  it('uses the given host families instead of the defaults', () => {
    const allowed = ['Example.ORG']
    expect(normalizeJoinUrl('https://join.example.org/k/mkIW3Txa0Uk', allowed)).toEqual({
      ok: true,
      host: 'join.example.org',
      code: 'mkIW3Txa0Uk',
      canonicalUrl: 'https://join.example.org/k/mkIW3Txa0Uk',
    })
    expect(normalizeJoinUrl('example.org/k/mkIW3Txa0Uk', allowed).ok).toBe(true)
    expect(expectRefused(SEED, allowed)).toBe(
      'the host mtest.qsh1.cn is not an allowed join-link host (example.org)',
    )
    expect(expectRefused(SEED, [])).toContain('mtest.qsh1.cn')
  })

  it('exports the defaults it documents', () => {
    expect(DEFAULT_ALLOWED_HOSTS).toEqual(['qsh1.cn', 'quanshi.com'])
    expect(MAX_JOIN_URL_LENGTH).toBe(512)
  })

  it.each([
    ['numeric IPv4', 'https://2130706433/k/mkIW3Txa0Uk'],
    ['hex IPv4', 'https://0x7f.1/k/mkIW3Txa0Uk'],
    ['backslash', 'https:\\\\mtest.qsh1.cn\\k\\mkIW3Txa0Uk'],
    ['non-ASCII host', 'https://mtést.qsh1.cn/k/mkIW3Txa0Uk'],
    ['non-breaking space', `${SEED}\u00a0x`],
    ['over the length limit before trimming', `${SEED}${' '.repeat(MAX_JOIN_URL_LENGTH)}`],
    ['an empty string', ''],
  ])('refuses %s', (_label, link) => {
    expect(expectRefused(link)).not.toBe('')
  })

  it.each([null, undefined, 42, {}, [SEED], Symbol('x')])(
    'refuses the non-string %s without throwing',
    (input) => {
      expect(expectRefused(input)).toBe(`the join link must be a string, not ${typeof input}`)
    },
  )
})
