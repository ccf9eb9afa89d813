// The shared state of a fleet of Node/Bun/Deno instances (JOINLINK_REDIS_URL): one store connection
// and what the app and the upstream source take from it. Loaded only when configured, so neither
// the Worker nor an instance without a store carries the client.
import type { Config, RedisConfig, UpstreamConfig } from '../config/config.ts'
import { memoryLimiter, type RateLimiter } from '../middleware/rate-limit/index.ts'
import type { SharedCache } from '../sources/cache.ts'
import type { FleetCoalescing } from '../sources/fleet-coalescing.ts'
import { storeCoalescing } from './coalesce.ts'
import { storeLimiter } from './rate-limit.ts'
import { storeSharedCache } from './shared-cache.ts'
import { createStore, type Store, type StoreDeps } from './store.ts'

/** What a fleet shares through the store. */
export interface Fleet {
  store: Store
  /** The upstream cache's shared level (upstream source only). */
  sharedCache: SharedCache | undefined
  /** Cross-instance coalescing of vendor calls (upstream source only). */
  coalescing: FleetCoalescing | undefined
  /** The fleet-wide rate limit; undefined when the limit is off. */
  rateLimiter: RateLimiter | undefined
}

/** A lock outlives one whole vendor lookup (every attempt and the backoff between them). */
export const lockMsFor = (upstream: UpstreamConfig, redis: RedisConfig) =>
  Math.max(redis.coalesceWaitMs, upstream.timeoutMs * (upstream.retries + 1) + 2000)

/** Connects to the store of `config.redis` and builds the shared cache, coalescing and rate limit on it. */
export function createFleet(config: Config & { redis: RedisConfig }, deps: StoreDeps = {}): Fleet {
  const store = createStore(config.redis, deps)
  const upstream = config.upstream
  return {
    store,
    sharedCache: upstream ? storeSharedCache(store) : undefined,
    coalescing: upstream
      ? storeCoalescing(store, {
          waitMs: config.redis.coalesceWaitMs,
          lockMs: lockMsFor(upstream, config.redis),
          ...(deps.metrics ? { metrics: deps.metrics } : {}),
        })
      : undefined,
    rateLimiter:
      config.rateLimit > 0
        ? storeLimiter(store, config.rateLimit, memoryLimiter(config.rateLimit))
        : undefined,
  }
}
