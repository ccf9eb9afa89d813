/** The longest `Retry-After` the client waits for; a longer one fails at once, carrying `retryAfterMs`. */
export const MAX_RETRY_AFTER_MS = 30_000

/**
 * The wait before retry number `attempt + 1`: exponential from 200 ms, capped at 5 s, with "equal
 * jitter" (half fixed, half random) so that clients failing together do not retry together.
 */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  return (Math.min(5000, 200 * 2 ** attempt) / 2) * (1 + random())
}

/** Resolves after `ms`, or rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted()
    const timer = setTimeout(resolve, ms)
    // The listener removes itself (through its own signal) once the wait is over.
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer)
        reject(signal.reason)
      },
      { signal: AbortSignal.timeout(ms) },
    )
  })
}
