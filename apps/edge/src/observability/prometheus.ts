// The Metrics of Node, Bun and Deno on prom-client, in a registry of its own (never the global
// one). Counters are tallied in plain numbers on the hot path (one Map lookup and an increment per
// event, nothing allocated) and handed to prom-client when a scrape collects them; histograms use
// prom-client children made once per label set.
import { Counter, Gauge, Histogram, Registry } from 'prom-client'
import {
  type BreakerState,
  type CacheUsage,
  type CoalesceOutcome,
  driftLabel,
  type Exposition,
  type FleetMetrics,
  type LookupOutcomeLabel,
  MAX_DRIFT_PATHS,
  type Metrics,
  type RouteLabel,
  type VendorOutcome,
} from './metrics.ts'

/** Metrics that can be scraped: {@link Metrics} plus the exposition in Prometheus text format. */
export interface PrometheusMetrics extends Metrics, FleetMetrics, Exposition {}

/** What `joinlink_build_info` says about this process. */
export interface BuildInfo {
  version: string
  /** `node`, `bun` or `deno`. */
  runtime: string
}

const REQUEST_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const VENDOR_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const REDIS_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1]
const WAIT_BUCKETS = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
const BREAKER_STATES: readonly BreakerState[] = ['closed', 'open', 'half_open']
const ROUTES: readonly RouteLabel[] = ['lookup', 'healthz', 'readyz', 'metrics', 'spec', 'docs', 'other']

/** A counter's label set and what it counted since the last scrape. */
interface Tally {
  readonly labels: Record<string, string>
  pending: number
}

/** A prom-client counter fed from tallies when collected. */
function talliedCounter<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  registers: Registry[],
): { counter: Counter<L>; tally: (labels: Record<L, string>) => Tally } {
  const tallies: Tally[] = []
  const counter = new Counter<L>({
    name,
    help,
    labelNames,
    registers,
    collect() {
      for (const tally of tallies) {
        if (tally.pending === 0) continue
        this.inc(tally.labels as Partial<Record<L, string>>, tally.pending)
        tally.pending = 0
      }
    },
  })
  const tally = (labels: Record<L, string>): Tally => {
    const made: Tally = { labels, pending: 0 }
    tallies.push(made)
    // Shown as 0 from the first event on, even before a scrape collects it.
    counter.inc(labels as Partial<Record<L, string>>, 0)
    return made
  }
  return { counter, tally }
}

/** Makes the Prometheus metrics, every `joinlink_` family registered up front. */
export function createPrometheusMetrics(build: BuildInfo): PrometheusMetrics {
  const registry = new Registry()
  const registers = [registry]

  const requests = talliedCounter(
    'joinlink_http_requests_total',
    'Requests answered, by route, HTTP status and envelope code (0 success, -1 no envelope).',
    ['route', 'status', 'envelope_code'] as const,
    registers,
  )
  const duration = new Histogram({
    name: 'joinlink_http_request_duration_seconds',
    help: 'Time from arrival to answer, by route.',
    labelNames: ['route'] as const,
    buckets: REQUEST_BUCKETS,
    registers,
  })
  const lookups = talliedCounter(
    'joinlink_lookups_total',
    'Lookups that reached the source, by outcome (hit, stale, miss, not_found, error).',
    ['outcome'] as const,
    registers,
  )
  const vendorCalls = talliedCounter(
    'joinlink_upstream_calls_total',
    'Vendor attempts (each retry counts), by outcome.',
    ['outcome'] as const,
    registers,
  )
  const vendorDuration = new Histogram({
    name: 'joinlink_upstream_call_duration_seconds',
    help: 'Time of one vendor attempt, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: VENDOR_BUCKETS,
    registers,
  })
  const breakerState = new Gauge({
    name: 'joinlink_upstream_breaker_state',
    help: 'The vendor circuit breaker: 1 for the state it is in, 0 for the others.',
    labelNames: ['state'] as const,
    registers,
  })
  const breakerOpened = new Counter({
    name: 'joinlink_upstream_breaker_opened_total',
    help: 'Times the vendor circuit breaker opened.',
    registers,
  })
  const inFlight = new Gauge({
    name: 'joinlink_upstream_bulkhead_in_flight',
    help: 'Vendor calls running now (bulkhead).',
    registers,
  })
  const queued = new Gauge({
    name: 'joinlink_upstream_bulkhead_queued',
    help: 'Vendor calls waiting for a bulkhead slot.',
    registers,
  })
  const rateLimited = talliedCounter(
    'joinlink_rate_limited_total',
    'Requests refused by the rate limit (429 42901).',
    [],
    registers,
  )
  const drift = talliedCounter(
    'joinlink_drift_events_total',
    `Vendor values the spec does not know (new enum values, new fields), by field path (at most ${MAX_DRIFT_PATHS} paths; the rest as "other").`,
    ['field_path'] as const,
    registers,
  )
  new Gauge({
    name: 'joinlink_build_info',
    help: 'Always 1; the labels say which build and runtime answer.',
    labelNames: ['version', 'runtime'] as const,
    registers,
  }).set({ version: build.version, runtime: build.runtime }, 1)

  const redisCalls = talliedCounter(
    'joinlink_redis_calls_total',
    'Calls to the shared store (JOINLINK_REDIS_URL), by operation and outcome (ok, error, timeout, skipped while it is down).',
    ['op', 'outcome'] as const,
    registers,
  )
  const redisDuration = new Histogram({
    name: 'joinlink_redis_call_duration_seconds',
    help: 'Time of one call to the shared store, by operation (skipped calls are not timed).',
    labelNames: ['op'] as const,
    buckets: REDIS_BUCKETS,
    registers,
  })
  const redisFallbacks = talliedCounter(
    'joinlink_redis_fallbacks_total',
    'Requests this instance served from its own cache, coalescing or rate limit because the shared store failed or was down, by component.',
    ['component'] as const,
    registers,
  )
  const redisUp = new Gauge({
    name: 'joinlink_redis_up',
    help: 'The shared store: 1 usable, 0 down (this instance uses its own state); absent without JOINLINK_REDIS_URL.',
    registers,
  })
  const coalesced = talliedCounter(
    'joinlink_fleet_coalesce_total',
    "Cold lookups across the fleet: leader (called the vendor), hit (got another instance's answer), timeout (waited, then called the vendor), skipped (a refresh left to another instance).",
    ['outcome'] as const,
    registers,
  )
  const coalesceWait = new Histogram({
    name: 'joinlink_fleet_coalesce_wait_seconds',
    help: "Time a cold lookup waited for another instance's vendor call, by outcome (hit or timeout).",
    labelNames: ['outcome'] as const,
    buckets: WAIT_BUCKETS,
    registers,
  })

  const caches: (() => CacheUsage)[] = []
  const cacheGauge = (name: string, help: string, pick: (usage: CacheUsage) => number) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        // No cache (the fixtures source): 0.
        this.set(caches.reduce((sum, read) => sum + pick(read()), 0))
      },
    })
  cacheGauge('joinlink_cache_entries', 'Entries in the in-memory upstream cache.', (u) => u.entries)
  cacheGauge(
    'joinlink_cache_max_entries',
    'The cache entry budget (JOINLINK_CACHE_MAX_ENTRIES).',
    (u) => u.maxEntries,
  )
  cacheGauge(
    'joinlink_cache_bytes',
    'What the cache entries count for against the byte budget.',
    (u) => u.bytes,
  )
  cacheGauge(
    'joinlink_cache_max_bytes',
    'The cache byte budget (JOINLINK_CACHE_MAX_BYTES).',
    (u) => u.maxBytes,
  )

  // Label sets made once: a request only indexes maps of numbers and strings.
  const requestTallies = new Map<number, Tally>()
  const durationChildren = new Map(ROUTES.map((route) => [route, duration.labels(route)]))
  const routeIndex = new Map(ROUTES.map((route, i) => [route, i]))
  const lookupTallies = new Map<string, Tally>()
  const vendorChildren = new Map<string, { count: Tally; time: Histogram.Internal<'outcome'> }>()
  const driftTallies = new Map<string, Tally>()
  const limited = rateLimited.tally({})
  let otherDrift: Tally | undefined
  const redisTallies = new Map<string, Tally>()
  const redisTimers = new Map<string, Histogram.Internal<'op'>>()
  const fallbackTallies = new Map<string, Tally>()
  const coalesceTallies = new Map<string, { count: Tally; wait: Histogram.Internal<'outcome'> }>()

  return {
    contentType: registry.contentType,
    scrape: () => registry.metrics(),
    request(route, status, envelopeCode, seconds) {
      const key = ((routeIndex.get(route) ?? 6) * 1000 + status) * 1_000_000 + envelopeCode + 1
      let tally = requestTallies.get(key)
      if (!tally) {
        tally = requests.tally({ route, status: String(status), envelope_code: String(envelopeCode) })
        requestTallies.set(key, tally)
      }
      tally.pending++
      durationChildren.get(route)?.observe(seconds)
    },
    lookup(outcome: LookupOutcomeLabel) {
      let tally = lookupTallies.get(outcome)
      if (!tally) {
        tally = lookups.tally({ outcome })
        lookupTallies.set(outcome, tally)
      }
      tally.pending++
    },
    vendorCall(outcome: VendorOutcome, seconds) {
      let child = vendorChildren.get(outcome)
      if (!child) {
        child = { count: vendorCalls.tally({ outcome }), time: vendorDuration.labels(outcome) }
        vendorChildren.set(outcome, child)
      }
      child.count.pending++
      child.time.observe(seconds)
    },
    breaker(state) {
      for (const s of BREAKER_STATES) breakerState.labels(s).set(s === state ? 1 : 0)
      if (state === 'open') breakerOpened.inc()
    },
    bulkhead(running, waiting) {
      inFlight.set(running)
      queued.set(waiting)
    },
    rateLimited: () => void limited.pending++,
    driftEvent(fieldPath) {
      const path = driftLabel(fieldPath)
      let tally = driftTallies.get(path)
      if (!tally) {
        // Past the cap, new paths share one series and are not remembered.
        if (driftTallies.size >= MAX_DRIFT_PATHS) {
          otherDrift ??= drift.tally({ field_path: 'other' })
          otherDrift.pending++
          return
        }
        tally = drift.tally({ field_path: path })
        driftTallies.set(path, tally)
      }
      tally.pending++
    },
    trackCache: (read) => void caches.push(read),
    redisCall(op, outcome, seconds) {
      const key = `${op} ${outcome}`
      let tally = redisTallies.get(key)
      if (!tally) {
        tally = redisCalls.tally({ op, outcome })
        redisTallies.set(key, tally)
      }
      tally.pending++
      if (outcome === 'skipped') return
      let timer = redisTimers.get(op)
      if (!timer) {
        timer = redisDuration.labels(op)
        redisTimers.set(op, timer)
      }
      timer.observe(seconds)
    },
    redisFallback(component) {
      let tally = fallbackTallies.get(component)
      if (!tally) {
        tally = redisFallbacks.tally({ component })
        fallbackTallies.set(component, tally)
      }
      tally.pending++
    },
    redisUp: (up) => redisUp.set(up ? 1 : 0),
    coalesce(outcome: CoalesceOutcome, waited) {
      let child = coalesceTallies.get(outcome)
      if (!child) {
        child = { count: coalesced.tally({ outcome }), wait: coalesceWait.labels(outcome) }
        coalesceTallies.set(outcome, child)
      }
      child.count.pending++
      if (outcome === 'hit' || outcome === 'timeout') child.wait.observe(waited)
    },
  }
}
