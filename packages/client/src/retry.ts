/** The longest `Retry-After` the client waits for; a longer one fails at once, carrying `retryAfterMs`. */
export const MAX_RETRY_AFTER_MS = 30_000

const BASE_DELAY_MS = 200
const MAX_DELAY_MS = 5_000

/**
 * The wait before retry number `attempt + 1`: exponential from 200 ms, capped at 5 s, with "equal
 * jitter" (half fixed, half random) so that clients failing together do not retry together.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** attempt)
  return Math.round(ceiling / 2 + random() * (ceiling / 2))
}

/**
 * Milliseconds to wait from a `Retry-After` header: delay-seconds (`"12"`) or an HTTP-date.
 * `undefined` when absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  if (value == null) return undefined
  const text = value.trim()
  if (/^\d+$/.test(text)) return Number(text) * 1000
  // Every HTTP-date form starts with a day name; V8 would otherwise read "-1" or "1.5" as dates.
  const date = /^[a-z]/i.test(text) ? Date.parse(text) : Number.NaN
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const onAbort = (): void => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
