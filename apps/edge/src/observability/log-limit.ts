// Bounds the log a noisy client can cause: its 4xx lines (404s for made-up paths, 405s, 429s…) are
// capped per address and window; what was dropped is counted and reported in one summary line.
import { LRUCache } from 'lru-cache'

/** The defaults, documented in the README ("Bounded logs"). */
export const LOG_NOISE_DEFAULTS = {
  /** 4xx lines one address may write per window; the rest are counted, not written. */
  perWindow: 20,
  windowMs: 10_000,
  /** Addresses remembered at most (least recently seen forgotten first). */
  maxClients: 10_000,
} as const

export interface NoiseLimitOptions {
  perWindow?: number
  windowMs?: number
  now?: () => number
  maxClients?: number
  /** The key a client address counts under (the rate limit's: IPv6 by its prefix); default the address. */
  keyOf?: (client: string) => string
}

/** Decides whether a request's log line is written; see {@link noiseLimit}. */
export interface NoiseLimit {
  /**
   * Whether the line of a request answered `status` for `client` is written. Lines of other
   * statuses always are. May first write the summary of the window that ended.
   */
  allow(status: number, client: string | undefined): boolean
  /** Writes the summary line now if anything was dropped since the last one. */
  flush(): void
  /** Lines dropped since start-up. */
  readonly dropped: number
}

/**
 * At most `perWindow` 4xx lines per client address and fixed window (default 20 per 10 s); the
 * lines past that are dropped and counted, and the first line of any kind after a window with
 * drops is preceded by `{"msg":"log lines dropped","dropped":N,"clients":K,"window_s":10}`. 2xx,
 * 3xx and 5xx lines are never dropped: the first are bounded by the rate limits, the last are ours.
 */
export function noiseLimit(
  write: (line: string) => void,
  {
    perWindow = LOG_NOISE_DEFAULTS.perWindow,
    windowMs = LOG_NOISE_DEFAULTS.windowMs,
    now = Date.now,
    maxClients = LOG_NOISE_DEFAULTS.maxClients,
    keyOf = (client) => client,
  }: NoiseLimitOptions = {},
): NoiseLimit {
  const seen = new LRUCache<string, { start: number; count: number }>({ max: maxClients })
  let windowStart = now()
  let droppedInWindow = 0
  let droppedClients = 0
  let droppedTotal = 0
  const summary = () => {
    if (droppedInWindow > 0) {
      write(
        JSON.stringify({
          time: new Date().toISOString(),
          msg: 'log lines dropped',
          dropped: droppedInWindow,
          clients: droppedClients,
          window_s: windowMs / 1000,
        }),
      )
    }
    droppedInWindow = 0
    droppedClients = 0
  }
  return {
    get dropped() {
      return droppedTotal
    },
    flush: summary,
    allow(status, client = 'unknown') {
      const t = now()
      if (t - windowStart >= windowMs) {
        summary()
        windowStart = t
      }
      if (status < 400 || status >= 500) return true
      const key = keyOf(client)
      let entry = seen.get(key)
      if (!entry || t - entry.start >= windowMs) {
        entry = { start: t, count: 0 }
        seen.set(key, entry)
      }
      if (++entry.count <= perWindow) return true
      if (entry.count === perWindow + 1) droppedClients++
      droppedInWindow++
      droppedTotal++
      return false
    },
  }
}
