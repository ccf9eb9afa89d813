// What only a server that owns its sockets needs (Node, Bun, Deno; not a Worker): connection limits
// and timeouts, and which proxies may name the client. Read with the app's configuration, so one
// start-up attempt reports every problem.
import { type Config, ConfigError, parseConfig, Reader } from '../config/config.ts'
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
  /** Open connections at most from one address (0: no cap); proxies trusted by `trustProxy` are exempt. */
  maxConnectionsPerClient: number
}

/** The defaults, documented in the README. */
export const SERVER_DEFAULTS = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 1000,
  maxConnectionsPerClient: 64,
} as const

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
  }
}
