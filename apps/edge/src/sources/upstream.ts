// The upstream source: the vendor API behind a cache, request coalescing, retries and a breaker.
import type { UpstreamConfig } from '../config.ts'
import { AppError } from '../errors.ts'
import {
  type CachedValue,
  type CacheEntry,
  deserializeEntry,
  type Freshness,
  LookupCache,
  type SharedCache,
  serializeEntry,
} from './cache.ts'
import { createDriftTracker, type DriftSummary } from './drift.ts'
import type { CacheState, ConferenceSource, LookupOutcome } from './types.ts'
import { createVendorCaller } from './upstream-policy.ts'

export interface UpstreamDeps {
  /** The fetch to reach the vendor with; the global one when absent. */
  fetch?: typeof fetch
  /** The cache's clock (ms); `Date.now` when absent. The breaker keeps to the real clock. */
  now?: () => number
  /** Writes one JSON log line (breaker changes, background refreshes, stale answers). */
  log?: (line: string) => void
  /** A second cache layer shared between instances (on Workers: the Cache API). */
  sharedCache?: SharedCache
  /**
   * Keeps background work (stale-while-revalidate refreshes, shared-cache writes) alive after the
   * answer is sent. On Workers pass `ctx.waitUntil`, per request through {@link LookupOptions}
   * or once here; elsewhere the promise simply runs on.
   */
  waitUntil?: (promise: Promise<unknown>) => void
}

/** Per-lookup options beyond {@link ConferenceSource.lookup}. */
export interface LookupOptions {
  /** As {@link UpstreamDeps.waitUntil}, for this request only (a Worker's `ctx.waitUntil`). */
  waitUntil?: (promise: Promise<unknown>) => void
}

/**
 * The upstream source; `lookup` also takes {@link LookupOptions}. The caller's `signal` is not
 * passed to the vendor call: that call is shared with concurrent lookups and fills the cache, and
 * its own timeouts bound it.
 */
export interface UpstreamSource extends ConferenceSource {
  lookup(
    code: string,
    canonicalUrl: string,
    signal?: AbortSignal,
    options?: LookupOptions,
  ): Promise<LookupOutcome>
  /** What the vendor has sent that the spec does not list (new enum values, new fields). */
  drift(): DriftSummary
}

/**
 * The vendor API as a {@link ConferenceSource}: answers from the cache when it can, shares one
 * vendor call between concurrent lookups of one code, and turns every vendor failure into an
 * AppError with its envelope code. Only records that passed `lookupSuccessSchema` are returned.
 *
 * @example
 * ```ts
 * const config = await parseConfig(process.env)
 * const source = createUpstreamSource(config.upstream!, { log: console.log })
 * const app = createApp({ config, source })
 * ```
 */
export function createUpstreamSource(config: UpstreamConfig, deps: UpstreamDeps = {}): UpstreamSource {
  const now = deps.now ?? Date.now
  const writeLog = deps.log
  const log = (msg: string, fields: Record<string, unknown> = {}) =>
    writeLog?.(JSON.stringify({ time: new Date().toISOString(), msg, ...fields }))
  const fetchFn = deps.fetch ?? ((input, init) => fetch(input, init))
  const drift = createDriftTracker(log)
  const vendor = createVendorCaller(config, fetchFn, log, drift.record)
  const cache = new LookupCache(config.cache, now)
  const shared = deps.sharedCache
  const inflight = new Map<string, Promise<CachedValue>>()

  const keep = (promise: Promise<unknown>, options?: LookupOptions) => {
    const waitUntil = options?.waitUntil ?? deps.waitUntil
    waitUntil?.(promise)
  }

  /** The vendor's answer for `code`, shared by every concurrent caller; stored when it succeeds. */
  function refresh(code: string, canonicalUrl: string, options?: LookupOptions): Promise<CachedValue> {
    const running = inflight.get(code)
    if (running) return running
    const call = vendor
      .call(canonicalUrl)
      .then((value) => {
        const entry = cache.set(code, value)
        if (shared) {
          const write = shared
            .put(code, serializeEntry(entry), cache.retentionMs(value))
            .catch((error: unknown) =>
              log('upstream shared cache write failed', { code, error: String(error) }),
            )
          keep(write, options)
        }
        return value
      })
      .finally(() => inflight.delete(code))
    inflight.set(code, call)
    return call
  }

  /** The local entry, or the shared layer's when that one is newer; the local layer learns it. */
  async function read(code: string): Promise<{ entry: CacheEntry; freshness: Freshness } | undefined> {
    const local = cache.get(code)
    if (local?.freshness === 'fresh' || !shared) return local
    const text = await shared.get(code).catch((error: unknown) => {
      log('upstream shared cache read failed', { code, error: String(error) })
      return undefined
    })
    const entry = text === undefined ? undefined : deserializeEntry(text, config)
    if (!entry || (local && local.entry.storedAt >= entry.storedAt)) return local
    const freshness = cache.freshness(entry)
    if (!freshness) return local
    cache.set(code, entry.value, entry.storedAt)
    return { entry, freshness }
  }

  return {
    drift: drift.summary,
    async lookup(code, canonicalUrl, _signal, options) {
      const cached = await read(code)
      if (cached?.freshness === 'fresh') return outcome(cached.entry.value, 'hit')
      if (cached?.freshness === 'revalidate') {
        const background = refresh(code, canonicalUrl, options).catch((error: unknown) =>
          log('upstream background refresh failed', { code, error: describe(error) }),
        )
        keep(background, options)
        return outcome(cached.entry.value, 'stale')
      }
      try {
        return outcome(await refresh(code, canonicalUrl, options), 'miss')
      } catch (error) {
        if (cached?.freshness !== 'stale-if-error') throw error
        log('upstream failed; serving stale', { code, error: describe(error) })
        return outcome(cached.entry.value, 'stale')
      }
    },
  }
}

function outcome(value: CachedValue, cache: CacheState): LookupOutcome {
  if (value.kind === 'not_found') return { kind: 'not_found', cache }
  return value.reqid === undefined
    ? { kind: 'found', conference: value.conference, cache }
    : { kind: 'found', conference: value.conference, cache, reqid: value.reqid }
}

const describe = (error: unknown) =>
  error instanceof AppError ? `${error.code} ${error.message}` : String(error)
