import { lookupError } from '@joinlink/core'
import { LRUCache } from 'lru-cache'

/** The window every limiter here counts in: the spec's message says "a minute". */
export const WINDOW_MS = 60_000
/** Clients the in-memory limiter remembers at most; past that the least recently seen is forgotten. */
export const MAX_TRACKED_CLIENTS = 100_000

/** A limiter's answer for one request of one client. */
export type RateVerdict = { ok: true } | { ok: false; retryAfterS: number }

/** Counts requests per client key; the app answers 429 with Retry-After when it says no. */
export interface RateLimiter {
  take(key: string): RateVerdict | Promise<RateVerdict>
}

/** The verdict for a request within the limit: one object, not one per request. */
const OK: RateVerdict = Object.freeze({ ok: true })

/** The 429 a refused request answers (`42901`, with Retry-After). */
export const rateLimited = (perMinute: number, retryAfterS: number) =>
  lookupError('RATE_LIMITED', { limit: perMinute, retry_after: retryAfterS }, { retryAfterS })

/** The in-memory limiter: answers at once, and tells how many clients it remembers. */
export interface MemoryLimiter extends RateLimiter {
  take(key: string): RateVerdict
  readonly size: number
}

/**
 * A fixed one-minute window per client, in memory (per process, per isolate on Workers). The table
 * is an LRU (lru-cache) of at most `maxClients` windows, so forgetting a client when it is full is
 * O(1): an expired window is simply replaced when its client comes back, and the least recently
 * seen client (whose window has most likely expired) is the one evicted.
 *
 * Eviction never hands a refused client a fresh quota: a client over its limit moves to a second
 * table (its key and when its window ends) that only other refused clients compete for. Flooding
 * the first table with new addresses evicts only clients still within their quota; to push a
 * refused one out, `maxClients` other clients must each be refused within the same minute.
 */
export function memoryLimiter(
  perMinute: number,
  now: () => number = Date.now,
  maxClients: number = MAX_TRACKED_CLIENTS,
): MemoryLimiter {
  const windows = new LRUCache<string, { start: number; count: number }>({ max: maxClients })
  /** Refused clients and when their window ends. */
  const refused = new LRUCache<string, number>({ max: maxClients })
  const refuse = (until: number, t: number): RateVerdict => ({
    ok: false,
    retryAfterS: Math.max(1, Math.ceil((until - t) / 1000)),
  })
  return {
    get size() {
      return windows.size + refused.size
    },
    take(key) {
      const t = now()
      // Only consulted when it holds anyone: no second lookup per request in the common case.
      if (refused.size > 0) {
        const until = refused.get(key)
        if (until !== undefined) {
          if (t < until) return refuse(until, t)
          refused.delete(key)
        }
      }
      let window = windows.get(key)
      if (!window || t - window.start >= WINDOW_MS) {
        window = { start: t, count: 0 }
        windows.set(key, window)
      }
      window.count++
      if (window.count <= perMinute) return OK
      const until = window.start + WINDOW_MS
      refused.set(key, until)
      windows.delete(key)
      return refuse(until, t)
    },
  }
}

/** The part of a Workers Rate Limiting binding (`ratelimits` in wrangler.jsonc) used here. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>
}

/** Whether a Worker binding is a Rate Limiting binding. */
export function isRateLimitBinding(value: unknown): value is RateLimitBinding {
  return typeof (value as { limit?: unknown } | null | undefined)?.limit === 'function'
}

/**
 * A Workers Rate Limiting binding as a limiter: counted by the platform per location, not per
 * isolate. It does not say when its window ends, so Retry-After is its whole period (an upper
 * bound). When the binding itself fails, `fallback` decides for that request.
 */
export function bindingLimiter(
  binding: RateLimitBinding,
  periodS: number,
  fallback: RateLimiter,
  onError: (error: unknown) => void = () => {},
): RateLimiter {
  return {
    async take(key) {
      try {
        const { success } = await binding.limit({ key })
        return success ? { ok: true } : { ok: false, retryAfterS: periodS }
      } catch (error) {
        onError(error)
        return fallback.take(key)
      }
    },
  }
}

/** Counts one request of `client`: nothing (or a promise of nothing) when it may go on; throws 429 otherwise. */
export type RateCheck = (client: string) => undefined | Promise<undefined>

/**
 * At most `perMinute` requests per client, counted by `limiter`; beyond, a 429 `42901` with
 * Retry-After is thrown (rejected, for an async limiter). A memory limiter answers at once: no
 * promise, so no promise hop on the hot path. A plain function (no middleware): the lookup route
 * calls it, and the app leaves it out when the limit is 0.
 */
export function rateCheck(
  perMinute: number,
  limiter: RateLimiter,
  /** Called for each request the limit refuses (the metrics' counter). */
  onLimited?: () => void,
): RateCheck {
  const judge = (verdict: RateVerdict): undefined => {
    if (verdict.ok) return undefined
    onLimited?.()
    throw rateLimited(perMinute, verdict.retryAfterS)
  }
  return (client) => {
    const taken = limiter.take(client)
    return taken instanceof Promise ? taken.then(judge) : judge(taken)
  }
}
