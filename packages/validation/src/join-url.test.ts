import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { invalidRequests, validRequests } from './fixtures/requests.ts'
import { DEFAULT_ALLOWED_HOSTS, joinUrlPattern, MAX_JOIN_URL_LENGTH, normalizeJoinUrl } from './join-url.ts'

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
    // A 40003 body has the shape the zod schema checks: exactly one string field of 1..512 characters.
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

// The spec's pattern and the parser must accept exactly the same strings (the length limit aside,
// which is the spec's maxLength). Ajv compiles patterns with the `u` flag; plain RegExp without it.
describe('joinUrlPattern matches exactly what normalizeJoinUrl accepts', () => {
  const verdicts = (link: string, hosts: readonly string[] = DEFAULT_ALLOWED_HOSTS) => {
    const pattern = joinUrlPattern(hosts)
    return {
      parser: normalizeJoinUrl(link, hosts).ok,
      unicode: new RegExp(pattern, 'u').test(link),
      plain: new RegExp(pattern).test(link),
    }
  }
  const agree = (link: string, hosts?: readonly string[]) => {
    const v = verdicts(link, hosts)
    return v.parser === v.unicode && v.parser === v.plain
  }

  it.each(validRequests)('accepts the fixture $name', ({ body }) => {
    expect(verdicts(body.attendeeJoinUrl)).toEqual({ parser: true, unicode: true, plain: true })
  })

  it.each(badLinks)('refuses the fixture $name', ({ body }) => {
    const link = (body as { attendeeJoinUrl: string }).attendeeJoinUrl
    expect(verdicts(link)).toEqual({ parser: false, unicode: false, plain: false })
  })

  it.each([
    ['Kelvin sign in a label', 'https://\u212Atest.qsh1.cn/k/mkIW3Txa0Uk'],
    ['no-break space inside the query', `${SEED}?a\u00a0b`],
    ['ideographic space around it', `\u3000${SEED}\u3000`],
    ['a C1 control in the fragment', `${SEED}#\u0085`],
    ['a lone surrogate in the query', `${SEED}?\ud800`],
    ['an emoji in the fragment', `${SEED}#\u{1F600}`],
    ['the scheme without slashes', 'https:mtest.qsh1.cn/k/mkIW3Txa0Uk'],
    ['a port without a scheme', 'qsh1.cn:1/k/mkIW3Txa0Uk'],
    ['a query without a path', 'https://qsh1.cn?/k/mkIW3Txa0Uk'],
  ])('agrees on %s', (_label, link) => {
    expect(agree(link)).toBe(true)
  })

  it('names configured families, in any letter case, and their subdomains only', () => {
    const hosts = ['Example.org', 'a-b.co.uk']
    expect(verdicts('https://X.EXAMPLE.ORG/a/abcdef12', hosts)).toEqual({
      parser: true,
      unicode: true,
      plain: true,
    })
    expect(verdicts('https://a-b.co.uk/k/abcdef12', hosts)).toEqual({
      parser: true,
      unicode: true,
      plain: true,
    })
    expect(verdicts(SEED, hosts)).toEqual({ parser: false, unicode: false, plain: false })
    expect(verdicts('https://xexample.org/k/abcdef12', hosts)).toEqual({
      parser: false,
      unicode: false,
      plain: false,
    })
  })

  it('leaves out families no join link can have, and refuses a list of only those', () => {
    expect(joinUrlPattern(['qsh1.cn', '10.0.0.1', 'bad_host'])).toBe(joinUrlPattern(['qsh1.cn']))
    expect(() => joinUrlPattern(['127.0.0.1'])).toThrow(/no allowed host family can be a join link's host/)
    expect(() => joinUrlPattern([])).toThrow(/none given/)
  })

  const piece = <T>(...values: T[]) => fc.constantFrom(...values)
  const nearMiss = fc
    .tuple(
      piece('', ' ', '\t', '\n', '\u00a0', '\u0001', '\u3000', '\ufeff'),
      piece('', 'https://', 'http://', 'HtTpS://', '//', 'https:/', 'ftp://', 'https:', 'javascript:', 'h:1'),
      piece('', 'u@', 'u:p@'),
      fc.oneof(
        piece('', 'mtest.', 'S.', 'a.b.', '-.', '_x.', '\u212A.', '1.'),
        fc.stringMatching(/^[a-zK_.-]{0,5}$/),
      ),
      piece(
        'qsh1.cn',
        'QSH1.CN',
        'quanshi.com',
        'qsh1.cn.',
        'xqsh1.cn',
        'qsh1.cn.evil.com',
        'example.com',
        '127.0.0.1',
        '[::1]',
        '',
      ),
      piece('', ':443', ':'),
      piece('/k/', '/a/', '/K/', '/x/', '/', '', '//k/', '?', '#'),
      fc.oneof(fc.stringMatching(/^[A-Za-z0-9]{4,34}$/), fc.string({ maxLength: 8 })),
      piece('', '/', '//', '/x'),
      fc.oneof(
        piece(''),
        fc.tuple(piece('?', '#'), fc.string({ unit: 'binary', maxLength: 8 })).map((t) => t.join('')),
      ),
      piece('', ' ', '\r\n', '\u0000', '\u2028'),
    )
    .map((parts) => parts.join(''))

  it('agrees on near misses of join links (fast-check, seeded)', () => {
    fc.assert(
      fc.property(nearMiss, (link) => agree(link)),
      { seed: 1313, numRuns: 5000 },
    )
  })

  it('agrees on arbitrary strings (fast-check, seeded)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 60 }), (link) => agree(link)),
      { seed: 1313, numRuns: 2000 },
    )
  })

  // Schemathesis (Python's `re`) found links the old pattern accepted and the parser refused: its
  // `\s` meant other characters than JavaScript's. The pattern now spells every class out.
  it.each([
    ['vertical tab, form feed and non-ASCII in the query', `${SEED}?a\u000b\u000c\u00e9`],
    ['a trailing U+001C (whitespace to Python, a control to JavaScript)', `${SEED}\u001c`],
    ['a trailing U+0085', `${SEED}\u0085`],
    ['a BOM in the query (whitespace to JavaScript, not to Python)', `${SEED}?a\ufeff`],
    ['a leading BOM', `\ufeff${SEED}`],
    ['vertical tab and form feed around the link', `\u000b${SEED}\u000c`],
  ])('agrees on %s', (_label, link) => {
    expect(agree(link)).toBe(true)
  })

  it('uses no shorthand class whose meaning differs between regex dialects (\\s \\d \\w \\b)', () => {
    expect(joinUrlPattern()).not.toMatch(/\\[sSdDwWbB]/)
  })

  // Every part of a link drawn from the pattern gets a control, whitespace or non-ASCII character
  // somewhere: any disagreement between the pattern and the parser fails.
  const odd = fc.constantFrom(
    ...'\u0000\u0001\u0008\t\n\u000b\u000c\r\u001b\u001c\u001f \u007f\u0085\u009f\u00a0\u00e9\u1680\u180e\u2000\u200a\u200b\u2027\u2028\u2029\u202a\u202f\u205f\u3000\ufeff\ud800\udfff\u212a',
    '\u{1F600}',
  )
  const tampered = fc
    .tuple(
      fc.stringMatching(new RegExp(joinUrlPattern())),
      fc.array(fc.tuple(fc.nat(), odd), { maxLength: 3 }),
    )
    .map(([link, inserts]) => {
      let out = link
      for (const [at, ch] of inserts) {
        const i = at % (out.length + 1)
        out = out.slice(0, i) + ch + out.slice(i)
      }
      return out
    })
  it('agrees on links generated from the pattern with control, whitespace and non-ASCII characters anywhere (fast-check, seeded)', () => {
    fc.assert(
      fc.property(tampered, (link) => agree(link)),
      { seed: 2121, numRuns: 5000 },
    )
  })

  it('every string generated from the pattern is a join link the parser accepts', () => {
    const fromPattern = fc.stringMatching(new RegExp(joinUrlPattern()))
    fc.assert(
      fc.property(fromPattern, (link) => [...link].length > MAX_JOIN_URL_LENGTH || normalizeJoinUrl(link).ok),
      { seed: 1313, numRuns: 2000 },
    )
  })
})
