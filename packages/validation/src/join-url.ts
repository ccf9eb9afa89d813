import { MAX_JOIN_URL_LENGTH } from './facts.gen.ts'

export { MAX_JOIN_URL_LENGTH }

/**
 * The outcome of {@link normalizeJoinUrl}: the lower-cased host, the short code and the canonical
 * link, or why the link was refused.
 */
export type JoinUrlResult =
  | { ok: true; host: string; code: string; canonicalUrl: string }
  | { ok: false; reason: string }

// The grammar, once: the parser below and joinUrlPattern() are both built from these pieces.
/** A host label, tested on the host as sent (ASCII only: toLowerCase maps U+212A KELVIN SIGN to `k`). */
const LABEL = '[A-Za-z0-9-]+'
/** The path prefixes; `/k` and `/a` stay case-sensitive lowercase, exactly as the vendor sends them. */
const KINDS = '[ka]'
/** The short code's alphabet and length. */
const CODE = '[A-Za-z0-9]{6,32}'
/**
 * Whitespace, spelt out: what JavaScript's `\s` and `String.prototype.trim` mean (Unicode White_Space
 * and line terminators, plus U+FEFF). Never `\s` itself in the pattern: its meaning differs between
 * regex dialects (Python's adds U+001C–U+001F and U+0085 and drops U+FEFF), so a tool in another
 * language would accept links this parser refuses. The line and paragraph separators are written
 * as the range U+2027–U+202A (a hyphenation point and a bidi control come with them): a generator
 * that prints `\u` escapes as characters (hey-api) would otherwise put a line terminator inside a
 * regex literal.
 */
const SPACE = '\\x09-\\x0d\\x20\\u00a0\\u1680\\u2000-\\u200a\\u2027-\\u202a\\u202f\\u205f\\u3000\\ufeff'
/** A C0 or C1 control character (or DEL). */
const CONTROL = '\\x00-\\x1f\\x7f-\\x9f'
/** What the query and fragment may hold: anything but whitespace and controls. */
const TAIL_CHAR = `[^${SPACE}${CONTROL}]`

/** Host families allowed by default: the domain itself and any subdomain. */
export const DEFAULT_ALLOWED_HOSTS: readonly string[] = ['qsh1.cn', 'quanshi.com']

const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):/
const HOST_NAME = new RegExp(`^${LABEL}(\\.${LABEL})*$`)
const JOIN_PATH = new RegExp(`^\\/(${KINDS})\\/([^/]+)\\/?$`)
const SHORT_CODE = new RegExp(`^${CODE}$`)
/** A last label that WHATWG URL reads as an IPv4 number (even `0x7f.1` or `2130706433`). */
const NUMERIC_LABEL = /^(\d+|0x[0-9a-f]*)$/

const SURROUNDING_SPACE = new RegExp(`^[${SPACE}]+|[${SPACE}]+$`, 'g')
const SPACE_OR_CONTROL = new RegExp(`[${SPACE}${CONTROL}]`)

const refuse = (reason: string): JoinUrlResult => ({ ok: false, reason })

/**
 * Checks that `link` is an attendee join link on an allowed host and extracts its short code.
 * Never fetches the link and never throws: a refusal comes back as `{ ok: false, reason }`, where
 * `reason` is a sentence a person can act on.
 *
 * Surrounding whitespace, the scheme (`http`, `https` or none), host case, one trailing slash, the
 * query and the fragment do not matter; the short code keeps its case.
 *
 * @param link - The attendee join link as the caller typed or pasted it.
 * @param allowedHosts - Host families: each domain itself and any of its subdomains are allowed.
 * @example
 * ```ts
 * normalizeJoinUrl(' HTTPS://MTEST.qsh1.cn/k/mkIW3Txa0Uk?priority=web ')
 * // → { ok: true, code: 'mkIW3Txa0Uk', canonicalUrl: 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk' }
 * normalizeJoinUrl('https://example.com/k/mkIW3Txa0Uk')
 * // → { ok: false, reason: 'the host example.com is not an allowed join-link host (qsh1.cn, quanshi.com)' }
 * ```
 */
export function normalizeJoinUrl(
  link: string,
  allowedHosts: readonly string[] = DEFAULT_ALLOWED_HOSTS,
): JoinUrlResult {
  // Callers in plain JavaScript may pass anything; the type alone does not guard that.
  if (typeof link !== 'string') return refuse(`the join link must be a string, not ${typeof link}`)
  // Counted in code points, as the spec's maxLength is: an emoji is one character, not two.
  const length = link.length > MAX_JOIN_URL_LENGTH ? [...link].length : link.length
  if (length > MAX_JOIN_URL_LENGTH) {
    return refuse(`the join link is ${length} characters long; at most ${MAX_JOIN_URL_LENGTH} are allowed`)
  }
  const text = link.replace(SURROUNDING_SPACE, '')
  if (text === '') return refuse('the join link is empty or only whitespace; paste the whole join link')
  if (SPACE_OR_CONTROL.test(text)) {
    return refuse('the join link contains a space or control character; paste it again without them')
  }

  let rest: string
  const scheme = SCHEME.exec(text)?.[1]
  if (text.startsWith('//')) {
    rest = text.slice(2)
  } else if (scheme !== undefined && text.startsWith('//', scheme.length + 1)) {
    if (!/^https?$/i.test(scheme)) {
      return refuse(`the scheme ${scheme}: is not allowed; use an https:// join link`)
    }
    rest = text.slice(scheme.length + 3)
  } else if (scheme !== undefined && !/^\d/.test(text.slice(scheme.length + 1))) {
    // `javascript:`, `data:`, `mailto:` … have no `//`; `host:8080/…` is a port, refused below.
    if (/^https?$/i.test(scheme)) {
      return refuse(`the join link must start with ${scheme}:// followed by the host`)
    }
    return refuse(`the scheme ${scheme}: is not allowed; use an https:// join link`)
  } else {
    rest = text
  }

  const authorityEnd = rest.search(/[/?#]/)
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd)
  const afterAuthority = authorityEnd === -1 ? '' : rest.slice(authorityEnd)
  if (authority.includes('@')) {
    return refuse('the join link carries a user name or password before the host; remove the part up to @')
  }
  if (authority.startsWith('[')) {
    return refuse(`the host ${authority} is an IP address; use the join link's host name`)
  }
  // Checked on the raw text: WHATWG URL would silently drop a default port such as :443.
  if (authority.includes(':')) {
    return refuse(`the join link names a port (${authority}); remove the :port part`)
  }

  const host = authority.toLowerCase()
  if (host === '') return refuse('the join link has no host; expected e.g. https://s.qsh1.cn/k/<code>')
  if (host.endsWith('.')) return refuse(`the host ${host} ends with a dot; remove the trailing dot`)
  if (!HOST_NAME.test(authority)) return refuse(`the host ${authority} is not a valid host name`)
  if (NUMERIC_LABEL.test(host.slice(host.lastIndexOf('.') + 1))) {
    return refuse(`the host ${host} is an IP address; use the join link's host name`)
  }
  const families = allowedHosts.map((family) => family.toLowerCase())
  if (!families.some((family) => host === family || host.endsWith(`.${family}`))) {
    return refuse(`the host ${host} is not an allowed join-link host (${families.join(', ')})`)
  }

  const path = afterAuthority.split(/[?#]/, 1)[0] ?? ''
  const match = JOIN_PATH.exec(path)
  const kind = match?.[1]
  const code = match?.[2]
  if (kind === undefined || code === undefined) {
    return refuse(`the path ${path || '/'} is not a join-link path; expected /k/<code> or /a/<code>`)
  }
  if (!SHORT_CODE.test(code)) {
    return refuse(`the short code ${code} is not valid; it must be 6 to 32 letters or digits`)
  }
  return { ok: true, host, code, canonicalUrl: `https://${host}/${kind}/${code}` }
}

/** Host families a join link can have: a valid host name whose last label is not numeric. */
function usableFamilies(allowedHosts: readonly string[]): string[] {
  return allowedHosts
    .map((family) => family.toLowerCase())
    .filter(
      (family) => HOST_NAME.test(family) && !NUMERIC_LABEL.test(family.slice(family.lastIndexOf('.') + 1)),
    )
}

/** `family` as a pattern that matches it in any letter case. */
const anyCase = (family: string) =>
  family.replace(/[a-z]/g, (ch) => `[${ch.toUpperCase()}${ch}]`).replaceAll('.', '\\.')

/**
 * The JSON Schema `pattern` (ECMA-262 syntax, no flags) that matches exactly the strings
 * {@link normalizeJoinUrl} accepts with `allowedHosts` (the length limit, `maxLength`, aside). The
 * spec's `attendeeJoinUrl` pattern is `joinUrlPattern(DEFAULT_ALLOWED_HOSTS)`; a deployment's served
 * spec names its own host families.
 *
 * @param allowedHosts - Host families, as for {@link normalizeJoinUrl}.
 * @throws TypeError when no family could ever be a join link's host (all empty, invalid or numeric).
 * @example
 * ```ts
 * new RegExp(joinUrlPattern(['qsh1.cn'])).test('https://s.qsh1.cn/k/mkIW3Txa0Uk') // true
 * ```
 */
export function joinUrlPattern(allowedHosts: readonly string[] = DEFAULT_ALLOWED_HOSTS): string {
  const families = [...new Set(usableFamilies(allowedHosts))]
  if (families.length === 0) {
    throw new TypeError(
      `no allowed host family can be a join link's host (${allowedHosts.join(', ') || 'none given'}); name domains such as qsh1.cn`,
    )
  }
  const hosts = families.map(anyCase).join('|')
  return (
    `^[${SPACE}]*(?:(?:[Hh][Tt][Tt][Pp][Ss]?:)?//)?` +
    `(?:${LABEL}\\.)*(?:${hosts})` +
    `/${KINDS}/${CODE}/?(?:[?#]${TAIL_CHAR}*)?[${SPACE}]*$`
  )
}
