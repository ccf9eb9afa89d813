// The one key every per-client limit counts under: the in-memory and Workers rate limits, the
// connection cap, and any shared store (Redis) — so one client is one count everywhere.
//
// Addresses are read and written by the platform's WHATWG URL parser (IPv4 in any form, IPv6
// written as RFC 5952 says), not ipaddr.js: this runs in the Worker, whose script has a size
// budget (packages/size) that ipaddr.js alone (≈4 KiB gzipped) would push it past.

const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/
/** What an IPv4 or IPv6 address (with a zone) can be written with; anything else is not one. */
const ADDRESS_CHARACTERS = /^[0-9a-fx.:]+(?:%[\w.-]+)?$/i

/** IPv6 addresses are grouped by this prefix unless told otherwise: one subscriber usually holds a /64. */
export const DEFAULT_IPV6_PREFIX = 64

/** The URL parser's form of an address (`[…]` around IPv6), or undefined when it is none. */
const hostOf = (address: string): string | undefined => {
  try {
    return new URL(`http://${address}/`).hostname
  } catch {
    return undefined
  }
}

/** The eight 16-bit groups of an IPv6 address as the URL parser writes it (hex, at most one `::`). */
function groupsOf(canonical: string): number[] {
  const [head = '', tail] = canonical.split('::')
  const parse = (part: string) => (part ? part.split(':').map((group) => Number.parseInt(group, 16)) : [])
  const front = parse(head)
  const back = tail === undefined ? [] : parse(tail)
  return [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back]
}

/**
 * The key a per-client limit counts under: an IPv4 address (IPv4-mapped ones included) as itself,
 * an IPv6 address by its first `ipv6Prefix` bits (`2001:db8:1:2::/64`), so a client cannot get a
 * fresh quota by changing address inside its own network; anything else (`unknown`) as it came.
 *
 * @param ipv6Prefix - 1–128 (JOINLINK_RATE_LIMIT_IPV6_PREFIX for the rate limit; 64 by default).
 * @example
 * ```ts
 * clientKey('2001:db8:1:2:aaaa::1') // '2001:db8:1:2::/64'
 * clientKey('::ffff:192.0.2.7') // '192.0.2.7'
 * ```
 */
export function clientKey(address: string, ipv6Prefix: number = DEFAULT_IPV6_PREFIX): string {
  // The common case on every request (a dotted IPv4 peer without leading zeros): no parse.
  if (CANONICAL_IPV4.test(address)) return address
  if (!ADDRESS_CHARACTERS.test(address)) return address
  if (!address.includes(':')) {
    const host = hostOf(address)
    return host !== undefined && CANONICAL_IPV4.test(host) ? host : address
  }
  // The zone (`%eth0`) names an interface, not a client: dropped, as the URL parser refuses it.
  const host = hostOf(`[${address.replace(/%.*$/, '')}]`)
  if (host === undefined) return address
  const groups = groupsOf(host.slice(1, -1))
  // ::ffff:a.b.c.d is an IPv4 client on a dual-stack socket.
  if (groups.slice(0, 5).every((group) => group === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6)
    return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`
  }
  const masked = groups.map((group, index) => {
    const keep = Math.min(16, Math.max(0, ipv6Prefix - index * 16))
    return group & ((0xffff << (16 - keep)) & 0xffff)
  })
  const written = hostOf(`[${masked.map((group) => group.toString(16)).join(':')}]`) as string
  return `${written.slice(1, -1)}/${ipv6Prefix}`
}
