// fast-check generators of lookup requests: junk, near-misses of valid links, odd content types.
import fc from 'fast-check'

/** One request to send, exactly as it goes on the wire. */
export interface RequestCase {
  /** Fixture name, or `generated #<n>`. */
  name: string
  /** Raw body text. */
  body: string
  /** Content-Type header; null sends none. */
  contentType: string | null
  /** Extra request headers. */
  headers?: Record<string, string>
  /** For fixtures: the answer the spec demands. */
  expect?: { status: number; code?: number }
}

const json = 'application/json'
const headerValue = fc.stringMatching(/^[\x21-\x7e][\x20-\x7e]{0,38}[\x21-\x7e]$/)

const contentType: fc.Arbitrary<string | null> = fc.oneof(
  { weight: 6, arbitrary: fc.constant(json) },
  fc.constantFrom(
    null,
    'application/json; charset=utf-8',
    'APPLICATION/JSON',
    'application/json;charset=UTF-8',
    'text/plain',
    'text/json',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/vnd.api+json',
    'application/problem+json',
    'application/jsonx',
    '',
  ),
  headerValue,
)

const schemes = ['https://', 'http://', '', 'HTTPS://', 'ftp://', '//', 'https:/', 'javascript:', 'https:///']
const hosts = [
  'mtest.qsh1.cn',
  'MTEST.QSH1.CN',
  'qsh1.cn',
  'meet.quanshi.com',
  'quanshi.com.',
  'evil.example.com',
  'qsh1.cn.evil.com',
  'evilqsh1.cn',
  'mtest.qsh1.cn:8443',
  'user:pw@mtest.qsh1.cn',
  '127.0.0.1',
  '[::1]',
  '',
]
const prefixes = ['/k/', '/a/', '/K/', '/x/', '/', '//k/', '/k/k/', '/k%2F', '/api/k/']

const code = (codes: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.constantFrom(...codes),
    fc.constantFrom(...codes).chain((c) => fc.mixedCase(fc.constant(c))),
    fc.constantFrom(...codes).map((c) => c.slice(1)),
    fc.constantFrom(...codes).map((c) => `${c}${c}`),
    fc.stringMatching(/^[A-Za-z0-9]{0,20}$/),
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'binary', maxLength: 8 }),
  )

/** Links built from known-good parts with one or more parts mutated. */
function mutatedLink(codes: readonly string[]): fc.Arbitrary<string> {
  return fc
    .record({
      ws: fc.constantFrom('', ' ', '\t', '\n  '),
      scheme: fc.constantFrom(...schemes),
      host: fc.oneof(fc.constantFrom(...hosts), fc.domain()),
      prefix: fc.constantFrom(...prefixes),
      code: code(codes),
      slash: fc.constantFrom('', '/', '//'),
      query: fc.constantFrom('', '?priority=web', '?a=1&b=2', '?', `?${'q'.repeat(600)}`),
      fragment: fc.constantFrom('', '#x', '#'),
    })
    .map((p) => `${p.ws}${p.scheme}${p.host}${p.prefix}${p.code}${p.slash}${p.query}${p.fragment}${p.ws}`)
}

/**
 * A mix of requests: arbitrary JSON, arbitrary `attendeeJoinUrl` strings, mutated valid links,
 * extra fields, raw non-JSON text, odd content types and the occasional oversize body.
 *
 * @param links valid links (from the fixtures) to mutate; their short codes are reused.
 */
export function requestArbitrary(links: readonly string[]): fc.Arbitrary<Omit<RequestCase, 'name'>> {
  const known = links.length > 0 ? links : ['https://mtest.qsh1.cn/k/mkIW3Txa0Uk']
  const codes = known.map((l) => /\/[ka]\/([^/?#]+)/i.exec(l)?.[1] ?? 'mkIW3Txa0Uk')
  const link = fc.oneof(fc.constantFrom(...known), mutatedLink(codes))
  const body: fc.Arbitrary<string> = fc.oneof(
    { weight: 2, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    {
      weight: 2,
      arbitrary: fc
        .string({ unit: 'grapheme', maxLength: 80 })
        .map((s) => JSON.stringify({ attendeeJoinUrl: s })),
    },
    { weight: 4, arbitrary: link.map((s) => JSON.stringify({ attendeeJoinUrl: s })) },
    {
      weight: 1,
      arbitrary: fc
        .tuple(
          link,
          fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue({ maxDepth: 2 }), {
            minKeys: 1,
            maxKeys: 3,
          }),
        )
        .map(([l, extra]) => JSON.stringify({ ...extra, attendeeJoinUrl: l })),
    },
    {
      weight: 1,
      arbitrary: fc.jsonValue({ maxDepth: 1 }).map((v) => JSON.stringify({ attendeeJoinUrl: v })),
    },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        '',
        '{',
        '{"attendeeJoinUrl":',
        'null',
        '[]',
        '"x"',
        '{"attendeeJoinUrl":"a"}}',
      ),
    },
    {
      weight: 1,
      arbitrary: fc
        .tuple(link, fc.integer({ min: 4_000, max: 20_000 }))
        .map(([l, n]) => JSON.stringify({ attendeeJoinUrl: l, pad: 'x'.repeat(n) })),
    },
  )
  return fc
    .record({
      body,
      contentType,
      headers: fc.option(fc.record({ 'x-request-id': headerValue }), { nil: undefined }),
    })
    .map(({ headers, ...rest }) => (headers === undefined ? rest : { ...rest, headers }))
}

/** `count` requests drawn from {@link requestArbitrary} with `seed`; the same seed gives the same list. */
export function generateRequests(links: readonly string[], count: number, seed: number): RequestCase[] {
  return fc
    .sample(requestArbitrary(links), { seed, numRuns: count })
    .map((r, i) => ({ name: `generated #${i}`, ...r }))
}
