// The connection to the shared store (Valkey/Redis, on ioredis) and the one guard every call goes
// through: a short timeout, a circuit breaker (cockatiel) that stops asking a store that fails, a
// fallback value instead of an error, metrics per call, and one log line per change of state.
import { createHash } from 'node:crypto'
import { BrokenCircuitError, ConsecutiveBreaker, circuitBreaker, handleAll } from 'cockatiel'
import { Redis } from 'ioredis'
import type { RedisConfig } from '../config/config.ts'
import {
  type FleetComponent,
  type FleetMetrics,
  noFleetMetrics,
  type RedisOp,
} from '../observability/metrics.ts'

/** Consecutive failed calls after which the store is judged down and no longer asked. */
export const FAILURES_TO_OPEN = 3
/** How long the store is left alone once judged down, before one call tries it again. */
export const PROBE_AFTER_MS = 1000
/** Reconnection delays grow by this much per attempt, up to {@link RECONNECT_MAX_MS}. */
const RECONNECT_STEP_MS = 100
const RECONNECT_MAX_MS = 1000

/** The part of an ioredis client the fleet layer uses (so tests can hand in a fake). */
export type StoreClient = Pick<
  Redis,
  'get' | 'set' | 'publish' | 'evalsha' | 'eval' | 'subscribe' | 'on' | 'quit' | 'disconnect' | 'status'
>

/** A store call and the value to use when it cannot be made. */
export interface Store {
  /**
   * Runs `run` against the store unless it is judged down; resolves to `fallback` (never rejects)
   * when it is down, fails or takes longer than the configured timeout, and counts that as a
   * fallback of `component`.
   */
  call<T, F>(
    op: RedisOp,
    component: FleetComponent,
    run: (client: StoreClient) => Promise<T>,
    fallback: F,
  ): Promise<T | F>
  /** Whether calls are being made (false while the store is judged down). */
  readonly up: boolean
  /** Every key and channel name starts with this. */
  readonly prefix: string
  /** Calls `onMessage` for each message on `channel` (a connection of its own, resubscribed after a reconnect). */
  subscribe(channel: string, onMessage: (message: string) => void): void
  /** Resolves once connected, or after `ms` (start-up goes on either way: the local layer answers meanwhile). */
  connected(ms: number): Promise<boolean>
  /** Closes the connections. */
  close(): Promise<void>
}

export interface StoreDeps {
  /** Writes one JSON log line: state changes only, never per call. */
  log?: (line: string) => void
  metrics?: FleetMetrics
  /** Makes a client (tests); an ioredis client for `config.url` when absent. */
  connect?: (config: RedisConfig, role: 'commands' | 'subscriber') => StoreClient
}

/** An ioredis client that fails fast instead of queueing: a slow or absent store must not hold a request. */
export function ioredisClient(config: RedisConfig, role: 'commands' | 'subscriber'): StoreClient {
  return new Redis(config.url, {
    // Commands while disconnected fail at once (the local layer answers) instead of waiting in a queue…
    enableOfflineQueue: role === 'subscriber',
    maxRetriesPerRequest: 0,
    // …and a command the store is slow to answer fails after the timeout.
    ...(role === 'commands' ? { commandTimeout: config.timeoutMs } : {}),
    connectTimeout: Math.max(1000, config.timeoutMs * 4),
    retryStrategy: (attempt) => Math.min(attempt * RECONNECT_STEP_MS, RECONNECT_MAX_MS),
    // Concurrent lookups share round trips.
    enableAutoPipelining: role === 'commands',
    connectionName: `joinlink-edge-${role}`,
    lazyConnect: false,
  })
}

/** Connects to the store named by `config` and returns the guarded call. */
export function createStore(config: RedisConfig, deps: StoreDeps = {}): Store {
  const metrics = deps.metrics ?? noFleetMetrics
  const connect = deps.connect ?? ioredisClient
  // Nothing the store or the client says may carry the URL's password into a log.
  const password = passwordOf(config.url)
  const redact = (text: string) => (password ? text.replaceAll(password, '***') : text)
  const log = (msg: string, fields: Record<string, unknown> = {}) =>
    deps.log?.(
      redact(JSON.stringify({ time: new Date().toISOString(), msg, store: config.display, ...fields })),
    )

  const client = connect(config, 'commands')
  let lastError = ''
  // Without a listener, ioredis prints every connection error; the breaker's log says it once.
  client.on('error', (error: Error) => {
    lastError = error.message
  })
  let subscriber: StoreClient | undefined
  const handlers = new Map<string, (message: string) => void>()

  const breaker = circuitBreaker(handleAll, {
    halfOpenAfter: PROBE_AFTER_MS,
    breaker: new ConsecutiveBreaker(FAILURES_TO_OPEN),
  })
  let up = true
  breaker.onBreak(() => {
    // A failed probe opens the breaker again: still the same outage, not a new state.
    if (!up) return
    up = false
    metrics.redisUp(false)
    log('shared store unavailable: this instance uses its own cache, coalescing and rate limit', {
      error: lastError,
      probe_after_ms: PROBE_AFTER_MS,
    })
  })
  breaker.onReset(() => {
    up = true
    metrics.redisUp(true)
    log('shared store available again: shared cache, coalescing and rate limit resumed')
  })
  metrics.redisUp(true)

  return {
    prefix: config.prefix,
    get up() {
      return up
    },
    async call(op, component, run, fallback) {
      const started = performance.now()
      let value: Awaited<ReturnType<typeof run>>
      try {
        value = await breaker.execute(() => run(client))
      } catch (error) {
        if (error instanceof BrokenCircuitError) metrics.redisCall(op, 'skipped', 0)
        else {
          lastError = error instanceof Error ? error.message : String(error)
          const outcome = /timed? ?out/i.test(lastError) ? 'timeout' : 'error'
          metrics.redisCall(op, outcome, (performance.now() - started) / 1000)
        }
        metrics.redisFallback(component)
        return fallback
      }
      metrics.redisCall(op, 'ok', (performance.now() - started) / 1000)
      return value
    },
    subscribe(channel, onMessage) {
      handlers.set(channel, onMessage)
      if (!subscriber) {
        const sub = connect(config, 'subscriber')
        subscriber = sub
        sub.on('error', () => {})
        sub.on('message', (from: string, message: string) => handlers.get(from)?.(message))
      }
      subscriber.subscribe(channel).catch(() => {})
    },
    connected(ms) {
      if (client.status === 'ready') return Promise.resolve(true)
      return new Promise((resolve) => {
        const timer = setTimeout(() => resolve(false), ms)
        client.on('ready', () => {
          clearTimeout(timer)
          resolve(true)
        })
      })
    },
    async close() {
      for (const c of [client, subscriber]) await c?.quit().catch(() => c.disconnect())
    },
  }
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password)
  } catch {
    return ''
  }
}

/** A Lua script run atomically by the store (EVALSHA, then EVAL once if the store does not know it yet). */
export interface StoreScript {
  readonly text: string
  readonly sha: string
}

/** Prepares `text` to be run with {@link runScript}. */
export function storeScript(text: string): StoreScript {
  return { text, sha: createHash('sha1').update(text).digest('hex') }
}

/** Runs `script` with `keys` and `args`; a store that restarted (NOSCRIPT) gets the text once. */
export async function runScript(
  client: StoreClient,
  script: StoreScript,
  keys: readonly string[],
  args: readonly (string | number)[],
): Promise<unknown> {
  try {
    return await client.evalsha(script.sha, keys.length, ...keys, ...args)
  } catch (error) {
    if (!String((error as Error)?.message).startsWith('NOSCRIPT')) throw error
    return client.eval(script.text, keys.length, ...keys, ...args)
  }
}
