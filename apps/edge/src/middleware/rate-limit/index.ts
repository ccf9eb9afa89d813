import { lookupError } from '@joinlink/core'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'

const WINDOW_MS = 60_000
const MAX_TRACKED_CLIENTS = 100_000

/**
 * A fixed one-minute window per client: at most `perMinute` requests, then 429 with Retry-After
 * until the window ends. In memory, per instance; at most 100,000 clients are tracked (expired
 * windows are pruned first, then the oldest). The app leaves it out of the chain when the limit is 0.
 */
export function rateLimit(
  perMinute: number,
  clientOf: (c: Context<AppEnv>) => string,
  now: () => number = Date.now,
  /** Called for each request the limit refuses (the metrics' counter). */
  onLimited?: () => void,
): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>()
  return async (c, next) => {
    const t = now()
    const client = clientOf(c)
    let window = windows.get(client)
    if (!window || t - window.start >= WINDOW_MS) {
      if (windows.size >= MAX_TRACKED_CLIENTS) prune(windows, t)
      window = { start: t, count: 0 }
      windows.set(client, window)
    }
    window.count++
    if (window.count > perMinute) {
      onLimited?.()
      const retryAfterS = Math.max(1, Math.ceil((window.start + WINDOW_MS - t) / 1000))
      throw lookupError('RATE_LIMITED', { limit: perMinute, retry_after: retryAfterS }, { retryAfterS })
    }
    return next()
  }
}

function prune(windows: Map<string, { start: number }>, t: number): void {
  for (const [client, window] of windows) if (t - window.start >= WINDOW_MS) windows.delete(client)
  // Still full of live windows: forget the oldest rather than grow without bound.
  if (windows.size >= MAX_TRACKED_CLIENTS) windows.delete(windows.keys().next().value as string)
}
