// fast-check generators of lookup requests: junk, near-misses of valid links, odd content types.
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import fc from 'fast-check'
import type { RequestCase } from './request-case.ts'
import { createRequestJudge, type OpenApiDoc } from './request-judge.ts'

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

// ── Generated from the served spec: positive data (the schema accepts it) and negative data (it
// breaks the schema in one way). Which is which is settled by the request judge, never assumed.

/** The lookup's request parts the generators read from a spec. */
interface RequestShape {
  bodySchema: OpenApiDoc
  mediaTypes: string[]
  headers: { name: string; schema: OpenApiDoc; required: boolean }[]
  /** True when no security requirement is `{}`: a credential must be sent. */
  keyRequired: boolean
}

function requestShape(spec: OpenApiDoc, path: string): RequestShape {
  const op = spec.paths[path].post
  const content: Record<string, { schema: { $ref?: string } }> = op.requestBody.content
  const deref = (schema: { $ref?: string }): OpenApiDoc =>
    schema.$ref ? deref(spec.components.schemas[schema.$ref.split('/').pop() as string]) : schema
  const security: Record<string, unknown>[] = op.security ?? spec.security ?? [{}]
  return {
    bodySchema: deref((content['application/json'] ?? Object.values(content)[0] ?? { schema: {} }).schema),
    mediaTypes: Object.keys(content),
    headers: (op.parameters ?? [])
      .filter((p: { in: string }) => p.in === 'header')
      .map((p: { name: string; schema?: object; required?: boolean }) => ({
        name: p.name,
        schema: p.schema ?? {},
        required: p.required === true,
      })),
    keyRequired: !security.some((r) => Object.keys(r).length === 0),
  }
}

/** JSON Schema counts characters as code points. */
const codePoints = (text: string) => [...text].length

/** Values valid for a JSON Schema of the kinds the request uses (object, string with pattern/lengths, enum). */
export function arbitraryFromSchema(schema: OpenApiDoc): fc.Arbitrary<unknown> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as unknown[]))
  switch (schema.type) {
    case 'string': {
      const min: number = schema.minLength ?? 0
      const max: number = schema.maxLength ?? 64
      const base = schema.pattern
        ? fc.stringMatching(new RegExp(schema.pattern, 'u'))
        : fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(max, 64) })
      return base.filter((s) => codePoints(s) >= min && codePoints(s) <= max)
    }
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -(2 ** 31), max: schema.maximum ?? 2 ** 31 })
    case 'boolean':
      return fc.boolean()
    case 'object': {
      const props: Record<string, OpenApiDoc> = schema.properties ?? {}
      const model = Object.fromEntries(Object.entries(props).map(([k, s]) => [k, arbitraryFromSchema(s)]))
      return fc.record(model, { requiredKeys: schema.required ?? [] })
    }
    default:
      throw new TypeError(`arbitraryFromSchema: type ${JSON.stringify(schema.type)} is not supported`)
  }
}

/** A header value HTTP can carry (visible ASCII, no leading or trailing space). */
const wireHeader = fc.stringMatching(/^[\x21-\x7e]([\x20-\x7e]{0,62}[\x21-\x7e])?$/)

/** Options for the spec-driven generators. */
export interface SpecArbitraryOptions {
  /** The operation's path (default: the lookup's). */
  path?: string
  /** A valid API key, sent as `Authorization: Bearer <key>` when the spec requires one. */
  apiKey?: string
}

/**
 * Requests generated from the served spec that it accepts: a body from the request schema (the
 * join link from its `pattern`), a documented media type in any letter case with or without a
 * charset, optional header parameters, and the key when security requires one.
 */
export function validRequestArbitrary(
  spec: OpenApiDoc,
  options: SpecArbitraryOptions = {},
): fc.Arbitrary<Omit<RequestCase, 'name'>> {
  const shape = requestShape(spec, options.path ?? LOOKUP_PATH)
  const headerArbs = Object.fromEntries(
    shape.headers.map((h) => [
      h.name,
      h.schema.type === 'string' && !h.schema.pattern ? wireHeader : arbitraryFromSchema(h.schema),
    ]),
  )
  const requiredHeaders = shape.headers.filter((h) => h.required).map((h) => h.name)
  const auth: Record<string, string> =
    shape.keyRequired && options.apiKey ? { Authorization: `Bearer ${options.apiKey}` } : {}
  return fc
    .record({
      body: arbitraryFromSchema(shape.bodySchema).map((v) => JSON.stringify(v)),
      contentType: fc
        .tuple(fc.constantFrom(...shape.mediaTypes), fc.constantFrom('', '; charset=utf-8', ';charset=UTF-8'))
        .chain(([type, param]) => fc.mixedCase(fc.constant(type)).map((t) => t + param)),
      headers: fc.record(headerArbs as Record<string, fc.Arbitrary<string>>, {
        requiredKeys: requiredHeaders,
      }),
    })
    .map((r) => ({ ...r, headers: { ...(r.headers as Record<string, string>), ...auth } }))
}

/**
 * Requests that break the served spec in one way: a wrong type, a missing required field, an extra
 * property, a string that breaks the pattern, one over `maxLength`, a body that is not an object or
 * not JSON, an undocumented or missing Content-Type, a body over the size limit, or (when security
 * requires a key) a missing or malformed Authorization header.
 */
export function invalidRequestArbitrary(
  spec: OpenApiDoc,
  options: SpecArbitraryOptions = {},
): fc.Arbitrary<Omit<RequestCase, 'name'>> {
  const shape = requestShape(spec, options.path ?? LOOKUP_PATH)
  const valid = validRequestArbitrary(spec, options)
  const field = Object.keys(shape.bodySchema.properties ?? {})[0] ?? 'attendeeJoinUrl'
  const max: number = shape.bodySchema.properties?.[field]?.maxLength ?? 512
  const withBody = (f: (value: Record<string, unknown>) => fc.Arbitrary<string>) =>
    valid.chain((r) => f(JSON.parse(r.body) as Record<string, unknown>).map((body) => ({ ...r, body })))
  const link = (v: Record<string, unknown>) => String(v[field] ?? '')
  const mutations: fc.Arbitrary<Omit<RequestCase, 'name'>>[] = [
    withBody((v) =>
      fc
        .oneof(
          fc.integer(),
          fc.boolean(),
          fc.constant(null),
          fc.array(fc.string(), { maxLength: 2 }),
          fc.object({ maxDepth: 1 }),
        )
        .map((wrong) => JSON.stringify({ ...v, [field]: wrong })),
    ),
    withBody(() => fc.constantFrom('{}', '{"attendeeJoinURL":"https://mtest.qsh1.cn/k/mkIW3Txa0Uk"}')),
    withBody((v) =>
      fc
        .tuple(
          fc.string({ minLength: 1, maxLength: 12 }).filter((k) => k !== field),
          fc.jsonValue({ maxDepth: 1 }),
        )
        .map(([k, extra]) => JSON.stringify({ ...v, [k]: extra })),
    ),
    withBody((v) =>
      fc
        .oneof(
          fc
            .constantFrom(' ', '\u0000', '\u00a0')
            .map((bad) => link(v).replace(/(\/[ka]\/[A-Za-z0-9]{3})/, `$1${bad}`)),
          fc.constant(link(v).replace(/\/([ka])\//, '/x/')),
          fc.constant(link(v).replace(/\/[ka]\/([A-Za-z0-9]{1,5})[A-Za-z0-9]*/, '/k/$1')),
          fc.domain().map((host) => `https://${host}/k/mkIW3Txa0Uk`),
          fc.string({ maxLength: 30 }),
          fc.constant(''),
        )
        .map((broken) => JSON.stringify({ ...v, [field]: broken })),
    ),
    withBody((v) =>
      // Over maxLength in code points (JSON Schema's unit): ASCII, or emoji of two UTF-16 units each.
      fc.tuple(fc.integer({ min: 1, max: 200 }), fc.constantFrom('x', '\u{1F600}')).map(([extra, pad]) => {
        const base = link(v).includes('?') ? `${link(v)}&pad=` : `${link(v)}?pad=`
        return JSON.stringify({
          ...v,
          [field]: base + pad.repeat(Math.max(0, max + extra - codePoints(base))),
        })
      }),
    ),
    withBody((v) => fc.constantFrom(JSON.stringify([v]), JSON.stringify(link(v)), 'null', '42', '')),
    withBody((v) => fc.nat({ max: 10 }).map((n) => JSON.stringify(v).slice(0, n))),
    valid.chain((r) =>
      fc
        .constantFrom(
          null,
          '',
          'text/plain',
          'application/xml',
          'application/vnd.api+json',
          'application/jsonx',
          'multipart/form-data; boundary=x',
        )
        .map((contentType) => ({ ...r, contentType })),
    ),
    withBody((v) => fc.integer({ min: 4_100, max: 8_000 }).map((n) => JSON.stringify(v) + ' '.repeat(n))),
  ]
  if (shape.keyRequired) {
    mutations.push(
      valid.chain((r) =>
        fc.constantFrom(undefined, 'Basic dXNlcjpwdw==', 'Bearer', 'token abc').map((authorization) => {
          const { Authorization: _dropped, ...headers } = r.headers ?? {}
          return {
            ...r,
            headers: authorization === undefined ? headers : { ...headers, Authorization: authorization },
          }
        }),
      ),
    )
  }
  // A mutation can miss (a generated domain may happen to be allowed): the spec has the last word.
  const judge = createRequestJudge(spec)
  return fc.oneof(...mutations).filter((r) => !judge(r).valid)
}
