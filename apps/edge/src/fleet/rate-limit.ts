// The rate limit counted in the shared store: one fixed one-minute window per client key for the
// whole fleet, counted atomically by a Lua script (INCR, PEXPIRE on the first request, PTTL for
// Retry-After) in one round trip. When the store fails, this instance's own limiter decides.
import { type RateLimiter, type RateVerdict, WINDOW_MS } from '../middleware/rate-limit/index.ts'
import { runScript, type Store, storeScript } from './store.ts'

const TAKE = storeScript(`local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {n, ttl}`)

const OK: RateVerdict = Object.freeze({ ok: true })

/**
 * A {@link RateLimiter} counting in `store` under `<prefix>rl:<key>` (the key the app hands every
 * limiter: the client address, IPv6 grouped as the in-memory limiter groups it). `fallback` (this
 * instance's memory limiter) answers while the store is down or slow.
 */
export function storeLimiter(store: Store, perMinute: number, fallback: RateLimiter): RateLimiter {
  const prefix = `${store.prefix}rl:`
  return {
    async take(key) {
      const reply = await store.call(
        'rate_limit',
        'rate_limit',
        (client) => runScript(client, TAKE, [prefix + key], [WINDOW_MS]),
        undefined,
      )
      if (!Array.isArray(reply)) return fallback.take(key)
      const [count, ttlMs] = reply as [number, number]
      if (count <= perMinute) return OK
      return { ok: false, retryAfterS: Math.max(1, Math.ceil(ttlMs / 1000)) }
    },
  }
}
