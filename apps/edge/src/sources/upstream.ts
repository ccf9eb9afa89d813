// The upstream source: the vendor API behind a cache, request coalescing, retries and a breaker.
import {
  type CacheState,
  type ConferenceSource,
  type JoinLink,
  LookupError,
  type LookupOutcome,
} from '@joinlink/core'
import { ErrorCode } from '@joinlink/validation/facts'
import { LRUCache } from 'lru-cache'
import type { UpstreamConfig } from '../config/config.ts'
import { type Metrics, noMetrics } from '../observability/metrics.ts'
import { forwardOnly, type TracedLookupContext, type Tracer } from '../observability/tracing.ts'
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
import type { FleetCoalescing } from './fleet-coalescing.ts'
import { createVendorCaller } from './upstream-policy.ts'
import type { TokenSource } from './upstream-token.ts'

export interface UpstreamDeps {
  /** The fetch to reach the vendor with; the global one when absent. */
  fetch?: typeof fetch
  /** The cache's clock (ms); `Date.now` when absent. The breaker keeps to the real clock. */
  now?: () => number
  /** Writes one JSON log line (breaker changes, background refreshes, stale answers). */
  log?: (line: string) => void
  /** A second cache layer shared between instances (on Workers: the Cache API; elsewhere the shared store). */
  sharedCache?: SharedCache
  /**
   * One vendor call per cold link across instances (JOINLINK_REDIS_URL); absent, concurrent
   * lookups are coalesced within this instance only. Needs `sharedCache`, where answers are passed on.
   */
  coalescing?: FleetCoalescing
  /** Where the vendor token comes from; `config.token`, fixed, when absent. */
  tokens?: TokenSource
  /** Vendor attempts, breaker changes and the cache's size are reported here. */
  metrics?: Metrics
  /** Spans for the cache read and each vendor attempt, under the request's span. */
  tracer?: Tracer
}

/**
 * The upstream source. Background work (stale-while-revalidate refreshes, shared-cache writes) is
 * kept alive with the request context's `waitUntil` (a Worker's `ctx.waitUntil`); elsewhere the
 * promise simply runs on. The caller's `signal` is not passed to the vendor call: that call is
 * shared with concurrent lookups and fills the cache, and its own timeouts bound it.
 */
export interface UpstreamSource extends ConferenceSource {
  /** What the vendor has sent that the spec does not list (new enum values, new fields). */
  drift(): DriftSummary
}

/**
 * The vendor API as a {@link ConferenceSource}: answers from the cache when it can, shares one
 * vendor call between concurrent lookups of one link (host and code), and turns every vendor
 * failure into a LookupError with its envelope code. Only records that passed `lookupSuccessSchema` are returned.
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
  const metrics = deps.metrics ?? noMetrics
  const tracer = deps.tracer ?? forwardOnly
  const drift = createDriftTracker(log)
  // Each drift finding is logged once (the tracker) and counted by field path (the metrics).
  const onDrift = (findings: Parameters<typeof drift.record>[0]) => {
    drift.record(findings)
    for (const finding of findings) metrics.driftEvent(finding.path)
  }
  const vendor = createVendorCaller(config, fetchFn, log, { onDrift, metrics, tracer }, deps.tokens)
  const cache = new LookupCache(config.cache, now)
  const { maxEntries, maxBytes } = config.cache
  metrics.trackCache(() => ({ entries: cache.size, bytes: cache.bytes, maxEntries, maxBytes }))
  const shared = deps.sharedCache
  const coalescing = shared ? deps.coalescing : undefined
  const inflight = new Map<string, { call: Promise<CachedValue | undefined>; background: boolean }>()
  // A link the vendor just failed is answered that failure again for a few seconds: one link
  // asked again and again costs the vendor (and the breaker's count) one call per period.
  const failed =
    config.failureCacheMs > 0
      ? new LRUCache<string, LookupError>({
          max: config.cache.maxEntries,
          ttl: config.failureCacheMs,
          ttlResolution: 0,
          perf: { now },
        })
      : undefined

  /** Calls the vendor and stores the answer; other instances waiting for it read it from the shared layer. */
  function fill(link: JoinLink, context: TracedLookupContext): Promise<CachedValue> {
    const { key } = link
    // A shared call's attempts are spans of the lookup that started it.
    const call = vendor.call(link, context.trace).catch((error: unknown) => {
      if (error instanceof LookupError && REMEMBERED.has(error.code)) failed?.set(key, error)
      throw error
    })
    return call.then(async (value) => {
      const entry = cache.set(key, value)
      if (shared) {
        const write = shared
          .put(key, serializeEntry(entry), cache.retentionMs(value))
          .catch((error: unknown) => log('upstream shared cache write failed', { key, error: String(error) }))
        // Instances waiting on this call read the shared layer once it is told: the write comes first.
        if (coalescing) await write
        else context.waitUntil?.(write)
      }
      return value
    })
  }

  /**
   * The vendor's answer for `link`, shared by every concurrent caller of this instance and, with
   * fleet coalescing, of the fleet. A `background` refresh leaves the link to an instance already
   * refreshing it (undefined), so a lookup that needs an answer never shares one.
   */
  function refresh(
    link: JoinLink,
    context: TracedLookupContext,
    background: true,
  ): Promise<CachedValue | undefined>
  function refresh(link: JoinLink, context: TracedLookupContext): Promise<CachedValue>
  function refresh(
    link: JoinLink,
    context: TracedLookupContext,
    background = false,
  ): Promise<CachedValue | undefined> {
    const { key } = link
    const running = inflight.get(key)
    // Only a fleet's background refresh can end without an answer; every other call is shared.
    if (running && (background || !running.background || !coalescing)) return running.call
    const recent = failed?.get(key)
    if (recent) return Promise.reject(recent)
    const run = () => fill(link, context)
    const fresh = async () => {
      const found = await read(key)
      return found?.freshness === 'fresh' ? found.entry.value : undefined
    }
    const call: Promise<CachedValue | undefined> = (
      coalescing ? (background ? coalescing.tryLead(key, run) : coalescing.lead(key, run, fresh)) : run()
    ).finally(() => {
      if (inflight.get(key)?.call === call) inflight.delete(key)
    })
    inflight.set(key, { call, background })
    return call
  }

  /** The local entry, or the shared layer's when that one is newer; the local layer learns it. */
  async function read(key: string): Promise<{ entry: CacheEntry; freshness: Freshness } | undefined> {
    const local = cache.get(key)
    if (local?.freshness === 'fresh' || !shared) return local
    const text = await shared.get(key).catch((error: unknown) => {
      log('upstream shared cache read failed', { key, error: String(error) })
      return undefined
    })
    const entry = text === undefined ? undefined : deserializeEntry(text, config)
    if (!entry || (local && local.entry.storedAt >= entry.storedAt)) return local
    const freshness = cache.freshness(entry)
    if (!freshness) return local
    cache.set(key, entry.value, entry.storedAt)
    return { entry, freshness }
  }

  return {
    drift: drift.summary,
    async lookup(link, context: TracedLookupContext) {
      const span = context.trace && tracer.start('joinlink.cache', context.trace, 'internal')
      const cached = await read(link.key)
      span?.setAttribute('joinlink.cache.freshness', cached?.freshness ?? 'absent')
      span?.end()
      if (cached?.freshness === 'fresh') return outcome(cached.entry.value, 'hit')
      if (cached?.freshness === 'revalidate') {
        const background = refresh(link, context, true).catch((error: unknown) =>
          log('upstream background refresh failed', { key: link.key, error: describe(error) }),
        )
        context.waitUntil?.(background)
        return outcome(cached.entry.value, 'stale')
      }
      try {
        return outcome(await refresh(link, context), 'miss')
      } catch (error) {
        if (cached?.freshness !== 'stale-if-error') throw error
        log('upstream failed; serving stale', { key: link.key, error: describe(error) })
        return outcome(cached.entry.value, 'stale')
      }
    },
  }
}

function outcome(value: CachedValue, cache: CacheState): LookupOutcome {
  if (value.kind === 'not_found') return { kind: 'not_found', cache }
  return { kind: 'found', record: value.record, cache }
}

/** The vendor's own failures; not a paused circuit or a full queue, which are the edge's state. */
const REMEMBERED: ReadonlySet<number> = new Set([
  ErrorCode.UPSTREAM_ERROR,
  ErrorCode.UPSTREAM_INVALID,
  ErrorCode.UPSTREAM_UNREACHABLE,
  ErrorCode.UPSTREAM_TIMEOUT,
])

const describe = (error: unknown) =>
  error instanceof LookupError ? `${error.code} ${error.message}` : String(error)
