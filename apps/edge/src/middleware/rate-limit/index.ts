import type { Context, MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../envelope.ts'
import { AppError } from '../../errors.ts'

const WINDOW_MS = 60_000
const MAX_TRACKED_CLIENTS = 100_000

/**
 * A fixed one-minute window per client: at most `perMinute` requests, then 429 with Retry-After
 * until the window ends. In memory, per instance. `perMinute` 0 turns it off.
 */
export function rateLimit(
  perMinute: number,
  clientOf: (c: Context<AppEnv>) => string,
  now: () => number = Date.now,
): MiddlewareHandler<AppEnv> {
  const windows = new Map<string, { start: number; count: number }>()
  return async (c, next) => {
    if (perMinute === 0) return next()
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
      const retryAfterS = Math.max(1, Math.ceil((window.start + WINDOW_MS - t) / 1000))
      throw new AppError(
        42901,
        `Too many requests: at most ${perMinute} a minute per client. Try again in ${retryAfterS} s.`,
        { retryAfterS },
      )
    }
    return next()
  }
}

function prune(windows: Map<string, { start: number }>, t: number): void {
  for (const [client, window] of windows) if (t - window.start >= WINDOW_MS) windows.delete(client)
  // Still full of live windows: forget the oldest rather than grow without bound.
  if (windows.size >= MAX_TRACKED_CLIENTS) windows.delete(windows.keys().next().value as string)
}
