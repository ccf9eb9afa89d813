// Who the client is behind a load balancer: `JOINLINK_TRUST_PROXY` decides when `X-Forwarded-For`
// or `Forwarded` may name it (Node, Bun, Deno; a Worker has CF-Connecting-IP from the platform).
import type { Context } from 'hono'
import ipaddr from 'ipaddr.js'
import type { AppEnv } from '../http/env.ts'

type Range = [ipaddr.IPv4 | ipaddr.IPv6, number]

/** Which proxies are trusted to report the client: none (the default), the nearest N, or those in ranges. */
export type TrustProxy =
  | { kind: 'none' }
  | { kind: 'hops'; hops: number }
  | { kind: 'ranges'; ranges: readonly Range[]; text: readonly string[] }

/** The header the trusted proxies append to; the other one is ignored (a client could have sent it). */
export type ForwardedHeader = 'x-forwarded-for' | 'forwarded'

/** At most this many hops are read from the end of a forwarding header. */
const MAX_HOPS = 32

/**
 * Reads `JOINLINK_TRUST_PROXY`: empty, `false` or `0` trusts nobody; a whole number 1–32 trusts
 * that many proxies nearest to the server; otherwise a comma-separated list of IP addresses and
 * CIDR ranges (`10.0.0.0/8, 2001:db8::/32`) trusts proxies connecting from them. Returns the problem
 * (naming the variable and the entry) when it is none of these.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy | { problem: string } {
  const value = raw?.trim() ?? ''
  if (value === '' || value === 'false' || value === '0') return { kind: 'none' }
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (hops > MAX_HOPS)
      return { problem: `JOINLINK_TRUST_PROXY must be a hop count from 1 to ${MAX_HOPS}; got ${value}` }
    return { kind: 'hops', hops }
  }
  const ranges: Range[] = []
  const text: string[] = []
  for (const entry of value.split(',').map((e) => e.trim())) {
    if (!entry) continue
    const range = parseRange(entry)
    if (!range) {
      return {
        problem: `JOINLINK_TRUST_PROXY entry ${JSON.stringify(entry)} is not an IP address or CIDR range (e.g. 10.0.0.0/8); or give a hop count`,
      }
    }
    ranges.push(range)
    text.push(entry)
  }
  if (ranges.length === 0)
    return { problem: 'JOINLINK_TRUST_PROXY lists no address; leave it unset to trust no proxy' }
  return { kind: 'ranges', ranges, text }
}

function parseRange(entry: string): Range | undefined {
  try {
    if (entry.includes('/')) return ipaddr.parseCIDR(entry)
    const address = ipaddr.process(entry)
    return [address, address.kind() === 'ipv4' ? 32 : 128]
  } catch {
    return undefined
  }
}

/**
 * The client's address: the socket's peer when no proxy is trusted; else, walking the forwarding
 * header from the nearest hop outwards, the first address not reported by a trusted proxy (the
 * farthest one when all are). Addresses come back normalised (`::ffff:1.2.3.4` → `1.2.3.4`).
 *
 * @param socket the socket peer's address, as the runtime reports it
 * @param header reads a request header (`null`/`undefined` when absent)
 */
export function resolveClient(
  trust: TrustProxy,
  which: ForwardedHeader,
  socket: string | undefined,
  header: (name: string) => string | null | undefined,
): string | undefined {
  if (socket === undefined) return undefined
  const peer = normalize(socket)
  if (trust.kind === 'none') return peer
  const raw = header(which)
  if (!raw) return peer
  // Nearest first: the socket's peer, then the header's entries from its end.
  const chain = [peer, ...hopsOf(which, raw).reverse()]
  if (trust.kind === 'hops') return chain[Math.min(trust.hops, chain.length - 1)]
  for (const address of chain) if (!inRanges(address, trust.ranges)) return address
  return chain[chain.length - 1]
}

/** The header's addresses, farthest first (as proxies append), at most the last {@link MAX_HOPS}. */
function hopsOf(which: ForwardedHeader, raw: string): string[] {
  const entries = raw.split(',').slice(-MAX_HOPS)
  if (which === 'x-forwarded-for') return entries.map((e) => normalize(stripPort(e.trim())))
  // RFC 7239: `for=192.0.2.60;proto=http, for="[2001:db8::17]:4711"`; an element without `for` is skipped.
  const out: string[] = []
  for (const element of entries) {
    const match = /(?:^|;)\s*for\s*=\s*("[^"]*"|[^;\s]*)/i.exec(element.trim())
    if (match?.[1] !== undefined) out.push(normalize(stripPort(match[1].replace(/^"|"$/g, ''))))
  }
  return out
}

/** `1.2.3.4:80` → `1.2.3.4`, `[2001:db8::1]:80` → `2001:db8::1`; anything else unchanged. */
function stripPort(address: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address)
  if (bracketed?.[1]) return bracketed[1]
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(address)
  return v4?.[1] ?? address
}

/** A valid IP in its canonical form (IPv4-mapped IPv6 as IPv4); anything else as it came (e.g. `unknown`). */
/** A dotted IPv4 address as ipaddr.js writes it (no leading zeros): already normal. */
const CANONICAL_IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/

function normalize(address: string): string {
  // The common case on every request (a socket's IPv4 peer): no parse, the same string.
  if (CANONICAL_IPV4.test(address)) return address
  try {
    return ipaddr.process(address).toString()
  } catch {
    return address
  }
}

function inRanges(address: string, ranges: readonly Range[]): boolean {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6
  try {
    parsed = ipaddr.process(address)
  } catch {
    return false
  }
  for (const [base, bits] of ranges)
    if (parsed.kind() === base.kind() && parsed.match(base, bits)) return true
  return false
}

/**
 * The entries' `clientAddress`: the socket peer from the runtime's `getConnInfo`, and the
 * forwarding header when `trust` says a proxy may name the client.
 */
export function clientAddressResolver(
  settings: { trustProxy: TrustProxy; forwardedHeader: ForwardedHeader },
  socketOf: (c: Context<AppEnv>) => string | undefined,
): (c: Context<AppEnv>) => string | undefined {
  const { trustProxy, forwardedHeader } = settings
  return (c) => resolveClient(trustProxy, forwardedHeader, socketOf(c), (name) => c.req.header(name))
}

/** Whether the socket peer `address` is a proxy `trust` trusts (with a hop count, every peer is). */
export function isTrustedPeer(trust: TrustProxy, address: string): boolean {
  if (trust.kind === 'none') return false
  if (trust.kind === 'hops') return true
  return inRanges(normalize(address), trust.ranges)
}

/** The key a per-client cap counts under (IPv6 by its /64): one definition, shared with the rate limit. */
export { clientKey } from '../middleware/rate-limit/client-key.ts'
