// What the edge counts, as one small interface: the app, the sources and the entries call it; each
// runtime supplies an implementation (Prometheus on Node/Bun/Deno, Analytics Engine on Workers, or
// none). Every label value is from a closed set below, or capped (drift field paths).

/** The route a request was answered on: a closed set, never the raw path. */
import { ErrorCode } from '@joinlink/validation/facts'
export type RouteLabel = 'lookup' | 'healthz' | 'readyz' | 'metrics' | 'spec' | 'docs' | 'other'

/** How a lookup that reached the source ended. */
export type LookupOutcomeLabel = 'hit' | 'stale' | 'miss' | 'not_found' | 'error'

/** How one vendor attempt ended (one retry is one more attempt). */
export type VendorOutcome = 'ok' | 'not_found' | 'timeout' | 'unreachable' | 'vendor_status' | 'invalid'

/** The upstream circuit breaker's state. */
export type BreakerState = 'closed' | 'open' | 'half_open'

/** The in-memory upstream cache as it stands, read when metrics are collected. */
export interface CacheUsage {
  entries: number
  bytes: number
  maxEntries: number
  maxBytes: number
}

/**
 * Every metric the edge records, by name. Methods are cheap and synchronous, may be called unbound
 * (`metrics.rateLimited` is passed as a callback), and never throw into the request path.
 */
export interface Metrics {
  /** One answered request: its route, HTTP status, envelope code (0 success, -1 none) and duration. */
  request(route: RouteLabel, status: number, envelopeCode: number, seconds: number): void
  /** One lookup that reached the source. */
  lookup(outcome: LookupOutcomeLabel): void
  /** One vendor attempt and how long it took. */
  vendorCall(outcome: VendorOutcome, seconds: number): void
  /** The breaker changed state (also called once with `closed` when the breaker is made). */
  breaker(state: BreakerState): void
  /** The vendor bulkhead's occupancy (issue 14b: call it whenever either number changes). */
  bulkhead(inFlight: number, queued: number): void
  /** A request refused by the rate limit. */
  rateLimited(): void
  /** The vendor sent something the spec does not know (issue 14a): one event per field path. */
  driftEvent(fieldPath: string): void
  /** Registers how to read the cache's size; read at collection time, never per request. */
  trackCache(read: () => CacheUsage): void
  /**
   * Hands buffered data points to the platform at the end of a request (Workers: `ctx.waitUntil`).
   * Absent where metrics are pulled (Prometheus).
   */
  flush?(waitUntil: (promise: Promise<unknown>) => void): void
}

/** A call to the shared store (Valkey/Redis) a fleet of instances uses. */
export type RedisOp = 'cache_get' | 'cache_set' | 'lock' | 'release' | 'rate_limit'

/** How a store call ended: `skipped` when the store was judged down and not asked. */
export type RedisOutcome = 'ok' | 'error' | 'timeout' | 'skipped'

/** What falls back to this instance's own state when the store fails. */
export type FleetComponent = 'cache' | 'coalesce' | 'rate_limit'

/**
 * How a cold lookup went across the fleet: `leader` took the link's lock and called the vendor;
 * `hit` waited and got another instance's answer; `timeout` waited past the bound and called the
 * vendor itself; `skipped` a background refresh left to the instance already refreshing.
 */
export type CoalesceOutcome = 'leader' | 'hit' | 'timeout' | 'skipped'

/**
 * What the shared store layer (JOINLINK_REDIS_URL) records. Only Node, Bun and Deno have one, so
 * only their Prometheus metrics implement it. Cheap, synchronous, never throws.
 */
export interface FleetMetrics {
  /** One store call, its outcome and (unless skipped) how long it took. */
  redisCall(op: RedisOp, outcome: RedisOutcome, seconds: number): void
  /** A request served by this instance's own layer because the store failed or was down. */
  redisFallback(component: FleetComponent): void
  /** The store is usable (true) or judged down (false): called on each change. */
  redisUp(up: boolean): void
  /** One cold lookup's fate across the fleet, and how long it waited for another instance. */
  coalesce(outcome: CoalesceOutcome, waitedSeconds: number): void
}

/** Records nothing: the default when no metrics are configured. */
export const noFleetMetrics: FleetMetrics = {
  redisCall: () => {},
  redisFallback: () => {},
  redisUp: () => {},
  coalesce: () => {},
}

/** Metrics that can be scraped: the Prometheus text exposition. */
export interface Exposition {
  /** The `Content-Type` of {@link Exposition.scrape}'s text. */
  readonly contentType: string
  /** Every metric in the Prometheus text exposition format. */
  scrape(): Promise<string>
}

const noop = () => {}

/** Records nothing: the default when no metrics are configured. */
export const noMetrics: Metrics = {
  request: noop,
  lookup: noop,
  vendorCall: noop,
  breaker: noop,
  bulkhead: noop,
  rateLimited: noop,
  driftEvent: noop,
  trackCache: noop,
}

/** The route label of a path. */
export function routeOf(path: string, lookupPath: string): RouteLabel {
  if (path === lookupPath) return 'lookup'
  return ROUTE_LABELS[path] ?? 'other'
}

const ROUTE_LABELS: Readonly<Record<string, RouteLabel>> = {
  '/healthz': 'healthz',
  '/readyz': 'readyz',
  '/metrics': 'metrics',
  '/openapi.json': 'spec',
  '/openapi.yaml': 'spec',
  '/docs': 'docs',
}

/** Distinct drift field paths kept as label values; later ones are counted under `other`. */
export const MAX_DRIFT_PATHS = 200

/** The label value for a drift field path: array indices folded to `[]`, capped in length. */
export function driftLabel(fieldPath: string): string {
  return fieldPath.replace(/\[\d+\]|\.\d+(?=\.|$)/g, '[]').slice(0, 120)
}

/**
 * How a lookup ended, from its answer: success by the cache state the source reported (a dataset
 * source reports none: `hit`), 40401 `not_found`, a 5xx `error` (the source or the vendor failed);
 * undefined for a request refused before it reached the source (400s, 401, 413, 415, 429).
 */
export function lookupOutcomeOf(
  envelopeCode: number,
  cache: string | undefined,
): LookupOutcomeLabel | undefined {
  if (envelopeCode === 0) return cache === 'stale' || cache === 'miss' ? cache : 'hit'
  if (envelopeCode === ErrorCode.NOT_FOUND) return 'not_found'
  return envelopeCode >= 50000 ? 'error' : undefined
}

const headDecoder = new TextDecoder()

/**
 * The envelope code of an answer body the core built (`{"status":<code>,…}`, as text or bytes),
 * without parsing it: -1 when the body is not such an envelope.
 */
export function envelopeCodeOf(answerBody: string | Uint8Array): number {
  // A code is at most a few digits: the first 24 bytes hold it.
  const body = typeof answerBody === 'string' ? answerBody : headDecoder.decode(answerBody.subarray(0, 24))
  if (!body.startsWith('{"status":')) return -1
  const end = body.indexOf(',', 10)
  const code = Number(body.slice(10, end === -1 ? undefined : end))
  return Number.isInteger(code) ? code : -1
}
