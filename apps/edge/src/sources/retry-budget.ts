// A retry budget (as in Finagle's RetryBudget and gRPC's retry throttling): retries are allowed
// only while they stay a small share of recent lookups, so an outage is never multiplied by them.

/** How a {@link RetryBudget} is sized. */
export interface RetryBudgetOptions {
  /** Retries allowed per lookup in the window, e.g. 0.2: at most one retry for five lookups. */
  ratio: number
  /** Retries always allowed per window, so a quiet instance can still retry a blip. */
  minRetries: number
  /** The sliding window, in ms, counted in ten slices. */
  windowMs: number
  /** The clock (ms); `Date.now` when absent. */
  now?: () => number
}

const SLICES = 10

/**
 * Counts lookups and retries over a sliding window of ten slices (O(1) per call, fixed memory);
 * `tryRetry()` spends one retry when one more still keeps the window's retries within
 * `minRetries + ratio × lookups`, and refuses otherwise.
 */
export class RetryBudget {
  readonly #ratio: number
  readonly #minRetries: number
  readonly #sliceMs: number
  readonly #now: () => number
  readonly #lookups = new Array<number>(SLICES).fill(0)
  readonly #retries = new Array<number>(SLICES).fill(0)
  /** The slice number (time / sliceMs) of the newest slot written. */
  #current: number

  constructor(options: RetryBudgetOptions) {
    this.#ratio = options.ratio
    this.#minRetries = options.minRetries
    this.#sliceMs = Math.max(1, options.windowMs / SLICES)
    this.#now = options.now ?? Date.now
    this.#current = Math.floor(this.#now() / this.#sliceMs)
  }

  /** Counts one lookup (a first attempt): each earns `ratio` of a retry. */
  recordLookup(): void {
    const slot = this.#advance()
    this.#lookups[slot] = (this.#lookups[slot] ?? 0) + 1
  }

  /** Spends one retry if the budget allows it; false means: give up with the last failure. */
  tryRetry(): boolean {
    const slot = this.#advance()
    if (sum(this.#retries) + 1 > this.#minRetries + this.#ratio * sum(this.#lookups)) return false
    this.#retries[slot] = (this.#retries[slot] ?? 0) + 1
    return true
  }

  /** Moves the window to now, zeroing slices that fell out of it; returns the current slot. */
  #advance(): number {
    const slice = Math.floor(this.#now() / this.#sliceMs)
    const stale = Math.min(SLICES, slice - this.#current)
    for (let i = 1; i <= stale; i++) {
      const slot = (this.#current + i) % SLICES
      this.#lookups[slot] = 0
      this.#retries[slot] = 0
    }
    if (slice > this.#current) this.#current = slice
    return this.#current % SLICES
  }
}

function sum(values: readonly number[]): number {
  let total = 0
  for (const value of values) total += value
  return total
}
