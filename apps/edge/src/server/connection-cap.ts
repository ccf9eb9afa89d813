// The per-address count behind the Node server's cap on connections waiting for a request head
// (see node-server.ts; Bun and Deno have no such hook): one client cannot hold every file
// descriptor with slow headers, and trusted proxies are exempt.
import type { ServerConfig } from './server-config.ts'
import { clientKey, isTrustedPeer } from './trust-proxy.ts'

/** Counts connections per address (the Node server counts those waiting for a head); `admit` says whether one more fits. */
export interface ConnectionCap {
  /** Counts a new connection from `address`; false (and not counted) when that address is at its cap. */
  admit(address: string | undefined): boolean
  /** A counted connection from `address` closed. */
  release(address: string | undefined): void
  /** Addresses with open connections (bounded by the total connection cap). */
  readonly size: number
}

/**
 * At most `maxConnectionsPerClient` open connections per address (0: no cap). A proxy trusted by
 * `JOINLINK_TRUST_PROXY` carries many clients, so its connections are not capped here: the total
 * cap (`maxConnections`) and the proxy's own limits apply. IPv6 addresses count by their /64;
 * unknown addresses share one count.
 */
export function connectionCap(
  settings: Pick<ServerConfig, 'maxConnectionsPerClient' | 'trustProxy'>,
): ConnectionCap {
  const cap = settings.maxConnectionsPerClient
  const open = new Map<string, number>()
  const exempt = (address: string) => cap === 0 || isTrustedPeer(settings.trustProxy, address)
  return {
    get size() {
      return open.size
    },
    admit(address = 'unknown') {
      if (exempt(address)) return true
      const key = clientKey(address)
      const count = open.get(key) ?? 0
      if (count >= cap) return false
      open.set(key, count + 1)
      return true
    },
    release(address = 'unknown') {
      if (exempt(address)) return
      const key = clientKey(address)
      const count = open.get(key)
      if (count === undefined) return
      if (count <= 1) open.delete(key)
      else open.set(key, count - 1)
    },
  }
}
