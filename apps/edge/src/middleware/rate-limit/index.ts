import { lookupError } from '@joinlink/core'
import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'

const WINDOW_MS = 60_000
const MAX_TRACKED_CLIENTS = 100_000

/** Counts one request of `client`; `undefined` when it may go on, else the seconds to wait. */
export type RateCheck = (client: string) => number | undefined

/**
 * A fixed one-minute window per client: at most `perMinute` requests, then the seconds until the
 * window ends. In memory, per instance; at most 100,000 clients are tracked (expired windows are
 * pruned first, then the oldest). Framework-free, so the bench's floor counts the same way.
 */
export function rateWindows(perMinute: number, now: () => number = Date.now): RateCheck {
  const windows = new Map<string, { start: number; count: number }>()
  return (client) => {
    const t = now()
    let window = windows.get(client)
    if (!window || t - window.start >= WINDOW_MS) {
      if (windows.size >= MAX_TRACKED_CLIENTS) prune(windows, t)
      window = { start: t, count: 0 }
      windows.set(client, window)
    }
    if (++window.count <= perMinute) return undefined
    return Math.max(1, Math.ceil((window.start + WINDOW_MS - t) / 1000))
  }
}

/** The 429 a refused request answers. */
export const rateLimited = (perMinute: number, retryAfterS: number) =>
  lookupError('RATE_LIMITED', { limit: perMinute, retry_after: retryAfterS }, { retryAfterS })

/**
 * The rate limit as middleware: 429 with Retry-After once a client is over `perMinute` in its
 * window. The app leaves it out of the chain when the limit is 0.
 */
export function rateLimit(
  perMinute: number,
  clientOf: (c: Context<AppEnv>) => string,
  now: () => number = Date.now,
): MiddlewareHandler<AppEnv> {
  const check = rateWindows(perMinute, now)
  return (c, next) => {
    const retryAfterS = check(clientOf(c))
    if (retryAfterS !== undefined) throw rateLimited(perMinute, retryAfterS)
    return next()
  }
}

function prune(windows: Map<string, { start: number }>, t: number): void {
  for (const [client, window] of windows) if (t - window.start >= WINDOW_MS) windows.delete(client)
  // Still full of live windows: forget the oldest rather than grow without bound.
  if (windows.size >= MAX_TRACKED_CLIENTS) windows.delete(windows.keys().next().value as string)
}
