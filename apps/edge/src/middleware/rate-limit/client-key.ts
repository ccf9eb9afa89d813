// The one key every per-client limit counts under: the in-memory and Workers rate limits, the
// connection cap, and any shared store (Redis) — so one client is one count everywhere.
import ipaddr from 'ipaddr.js'

const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/

/** IPv6 addresses are grouped by this prefix unless told otherwise: one subscriber usually holds a /64. */
export const DEFAULT_IPV6_PREFIX = 64

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
  let parsed: ipaddr.IPv4 | ipaddr.IPv6
  try {
    parsed = ipaddr.process(address)
  } catch {
    return address
  }
  if (parsed.kind() === 'ipv4') return parsed.toString()
  const bytes = parsed.toByteArray()
  for (let bit = ipv6Prefix; bit < 128; bit++) {
    const index = bit >> 3
    bytes[index] = (bytes[index] as number) & ~(0x80 >> (bit & 7))
  }
  return `${ipaddr.fromByteArray(bytes).toString()}/${ipv6Prefix}`
}
