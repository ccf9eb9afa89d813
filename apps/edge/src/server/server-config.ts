// What only a server that owns its sockets needs (Node, Bun, Deno; not a Worker): connection limits
// and timeouts, and which proxies may name the client. Read with the app's configuration, so one
// start-up attempt reports every problem.
import { type Config, ConfigError, parseConfig, Reader } from '../config/config.ts'
import { RETRY_AFTER_CAP_MS } from '../sources/upstream-policy.ts'
import { type ForwardedHeader, parseTrustProxy, type TrustProxy } from './trust-proxy.ts'

/** Socket-level settings of the Node, Bun and Deno entries. */
export interface ServerConfig {
  /** Which proxies may name the client in `forwardedHeader`; none by default. */
  trustProxy: TrustProxy
  /** The header those proxies append to. */
  forwardedHeader: ForwardedHeader
  /** A request's headers must arrive within this (ms). */
  headersTimeoutMs: number
  /** The whole request (headers and body) must arrive within this (ms). */
  requestTimeoutMs: number
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveTimeoutMs: number
  /** Open connections at most, in total. */
  maxConnections: number
  /**
   * Connections at most from one address waiting for a request head — new ones and idle
   * keep-alives, never those with a request in flight (0: no cap); proxies trusted by `trustProxy`
   * are exempt.
   */
  maxConnectionsPerClient: number
  /** A connection waiting beyond its address's cap must send its head within this (ms). */
  overCapHeadersTimeoutMs: number
  /** An answer whose bytes are not read for this long (ms) is abandoned and its socket destroyed. */
  sendTimeoutMs: number
  /** After SIGTERM (and the drain), how long in-flight requests may still take (ms); see `shutdownGraceMs`. */
  shutdownGraceMs: number | undefined
}

/** The defaults, documented in the README. */
export const SERVER_DEFAULTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1000,
  maxConnectionsPerClient: 64,
  overCapHeadersTimeoutMs: 5000,
  sendTimeoutMs: 30_000,
} as const

/** The shutdown grace with the fixtures source (no vendor call to wait for), and the margin added to a lookup's longest time. */
export const FIXTURES_SHUTDOWN_GRACE_MS = 10_000

type Env = Readonly<Record<string, string | undefined>>

/** Reads the server settings alone; throws a ConfigError naming each bad variable. */
export function parseServerConfig(env: Env): ServerConfig {
  const problems: string[] = []
  const server = readServer(new Reader(env, problems))
  if (problems.length) throw new ConfigError(problems)
  return server
}

/**
 * The app's configuration and the server's, read together: a ConfigError lists the problems of
 * both. What the Node, Bun and Deno entries call.
 */
export async function parseServeConfig(env: Env): Promise<{ config: Config; server: ServerConfig }> {
  const problems: string[] = []
  const server = readServer(new Reader(env, problems))
  const config = await parseConfig(env).catch((error: unknown) => {
    if (!(error instanceof ConfigError)) throw error
    problems.unshift(...error.problems)
    return undefined
  })
  if (!config || problems.length) throw new ConfigError(problems)
  return { config, server }
}

function readServer(read: Reader): ServerConfig {
  const trust = parseTrustProxy(read.optional('JOINLINK_TRUST_PROXY'))
  if ('problem' in trust) read.problem(trust.problem)
  const headersTimeoutMs = read.int(
    'JOINLINK_HEADERS_TIMEOUT_MS',
    SERVER_DEFAULTS.headersTimeoutMs,
    1000,
    600_000,
  )
  const requestTimeoutMs = read.int(
    'JOINLINK_REQUEST_TIMEOUT_MS',
    SERVER_DEFAULTS.requestTimeoutMs,
    1000,
    600_000,
  )
  if (requestTimeoutMs < headersTimeoutMs) {
    read.problem(
      `JOINLINK_REQUEST_TIMEOUT_MS (${requestTimeoutMs}) must be at least JOINLINK_HEADERS_TIMEOUT_MS (${headersTimeoutMs}): the headers are part of the request`,
    )
  }
  return {
    trustProxy: 'problem' in trust ? { kind: 'none' } : trust,
    forwardedHeader: read.oneOf(
      'JOINLINK_FORWARDED_HEADER',
      ['x-forwarded-for', 'forwarded'],
      'x-forwarded-for',
    ),
    headersTimeoutMs,
    requestTimeoutMs,
    keepAliveTimeoutMs: read.int(
      'JOINLINK_KEEP_ALIVE_TIMEOUT_MS',
      SERVER_DEFAULTS.keepAliveTimeoutMs,
      0,
      600_000,
    ),
    maxConnections: read.int('JOINLINK_MAX_CONNECTIONS', SERVER_DEFAULTS.maxConnections, 1, 1_000_000),
    maxConnectionsPerClient: read.int(
      'JOINLINK_MAX_CONNECTIONS_PER_CLIENT',
      SERVER_DEFAULTS.maxConnectionsPerClient,
      0,
      1_000_000,
    ),
    overCapHeadersTimeoutMs: read.int(
      'JOINLINK_OVER_CAP_HEADERS_TIMEOUT_MS',
      SERVER_DEFAULTS.overCapHeadersTimeoutMs,
      100,
      600_000,
    ),
    sendTimeoutMs: read.int('JOINLINK_SEND_TIMEOUT_MS', SERVER_DEFAULTS.sendTimeoutMs, 1000, 600_000),
    shutdownGraceMs:
      read.optional('JOINLINK_SHUTDOWN_GRACE_S') === undefined
        ? undefined
        : read.int('JOINLINK_SHUTDOWN_GRACE_S', 0, 1, 3600) * 1000,
  }
}

/**
 * How long after SIGTERM (and `JOINLINK_DRAIN_S`) accepted requests may still take before the
 * process stops anyway: `JOINLINK_SHUTDOWN_GRACE_S` when set; else, in upstream mode, the longest
 * an accepted lookup can take — its attempts (timeout × (retries + 1)), the waits between them (at
 * most a vendor's Retry-After cap each), and its wait in the bulkhead's queue (⌈queue ÷
 * concurrency⌉ such lookups) — plus the fixtures' 10 s to send the answer; with fixtures, 10 s.
 */
export function shutdownGraceMs(config: Config, server: ServerConfig): number {
  if (server.shutdownGraceMs !== undefined) return server.shutdownGraceMs
  const upstream = config.upstream
  if (!upstream) return FIXTURES_SHUTDOWN_GRACE_MS
  const lookupMs = upstream.timeoutMs * (upstream.retries + 1) + upstream.retries * RETRY_AFTER_CAP_MS
  const queued = Math.ceil(upstream.bulkhead.queue / upstream.bulkhead.concurrency)
  return lookupMs * (1 + queued) + FIXTURES_SHUTDOWN_GRACE_MS
}
