// The breaker's judgement: the vendor's failure ratio over a window (cockatiel's SamplingBreaker),
// opened only once enough distinct links have failed in it — so a few links the vendor happens to
// fail on (or an attacker's handful) never pause lookups of every other link.
import { CircuitState, type IBreaker, SamplingBreaker } from 'cockatiel'
import { LRUCache } from 'lru-cache'

/** When the circuit opens and how long it stays open (see the edge README's breaker section). */
export interface BreakerSettings {
  /** Share of lookups (0–1, exclusive) that failed within the window, above which it may open. */
  ratio: number
  /** The sliding window the ratio and the distinct links are counted over (ms). */
  windowMs: number
  /** Distinct links that must have failed within the window (and lookups made in it) before it opens. */
  minLinks: number
  /** How long it stays open before one probe is let through (ms). */
  halfOpenAfterMs: number
}

/**
 * An {@link IBreaker} for cockatiel's `circuitBreaker`: a SamplingBreaker (failure ratio over the
 * window, at least `minLinks` lookups in it) that is also asked how many distinct links failed in
 * the window. The caller names each failed link with {@link noteFailure} before the failure reaches
 * the breaker. Both count on `Date.now`, the clock cockatiel measures the open period with.
 */
export class VendorBreaker implements IBreaker {
  readonly #sampling: SamplingBreaker
  readonly #failed: LRUCache<string, true>
  readonly #minLinks: number

  constructor(settings: Pick<BreakerSettings, 'ratio' | 'windowMs' | 'minLinks'>) {
    this.#minLinks = settings.minLinks
    // minimumRps such that the window must hold at least `minLinks` lookups.
    this.#sampling = new SamplingBreaker({
      threshold: settings.ratio,
      duration: settings.windowMs,
      minimumRps: settings.minLinks / (settings.windowMs / 1000),
    })
    // Only "are there minLinks of them" is asked: the table never holds more than that.
    this.#failed = new LRUCache<string, true>({
      max: settings.minLinks,
      ttl: settings.windowMs,
      ttlResolution: 0,
      perf: { now: () => Date.now() },
    })
  }

  /** `link` (its host and code) just failed for an outage (timeout, network, 5xx/408/429). */
  noteFailure(link: string): void {
    this.#failed.set(link, true)
  }

  /** Distinct links that failed within the window (at most `minLinks`). */
  get failedLinks(): number {
    this.#failed.purgeStale()
    return this.#failed.size
  }

  get state(): unknown {
    return this.#sampling.state
  }
  set state(value: unknown) {
    this.#sampling.state = value
  }

  success(state: CircuitState): void {
    this.#sampling.success(state)
  }

  failure(state: CircuitState): boolean {
    const over = this.#sampling.failure(state)
    // A failed half-open probe reopens at once; a closed circuit also needs the distinct links.
    if (state !== CircuitState.Closed) return over
    return over && this.failedLinks >= this.#minLinks
  }
}
