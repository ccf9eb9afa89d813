// The Metrics of Workers: Workers Analytics Engine data points (no prom-client in the Worker
// bundle). Each event is one data point — blob1 and index1 name the event — buffered during the
// request and written after the answer under `ctx.waitUntil` (see requestContext's flush).
import { type CacheUsage, driftLabel, type Metrics } from './metrics.ts'

/** One Analytics Engine data point (the binding's `writeDataPoint` argument). */
export interface DataPoint {
  indexes?: string[]
  blobs?: string[]
  doubles?: number[]
}

/** The part of an `analytics_engine_datasets` binding this uses. */
export interface AnalyticsEngineDataset {
  writeDataPoint(point?: DataPoint): void
}

/** What the Worker is: the `build` data point, written once per isolate. */
export interface AnalyticsBuild {
  version: string
}

/**
 * Metrics as Analytics Engine data points. The layout (blob1 = event; the README's SQL reads it):
 * - `request`: blob2 route, blob3 HTTP status, blob4 envelope code; double1 seconds
 * - `lookup`: blob2 outcome
 * - `vendor_call`: blob2 outcome; double1 seconds
 * - `breaker`: blob2 state
 * - `bulkhead`: double1 in flight, double2 queued
 * - `rate_limited`
 * - `drift`: blob2 field path
 * - `cache`: double1 entries, double2 bytes, double3 max entries, double4 max bytes (when changed)
 * - `build`: blob2 version, blob3 `workerd` (once per isolate)
 */
export function createAnalyticsEngineMetrics(
  dataset: AnalyticsEngineDataset,
  build: AnalyticsBuild,
): Metrics {
  let pending: DataPoint[] = [event('build', [build.version, 'workerd'])]
  const caches: (() => CacheUsage)[] = []
  let lastCache = ''
  const push = (point: DataPoint) => void pending.push(point)

  return {
    request: (route, status, code, seconds) =>
      push(event('request', [route, String(status), String(code)], [seconds])),
    lookup: (outcome) => push(event('lookup', [outcome])),
    vendorCall: (outcome, seconds) => push(event('vendor_call', [outcome], [seconds])),
    breaker: (state) => push(event('breaker', [state])),
    bulkhead: (inFlight, queued) => push(event('bulkhead', [], [inFlight, queued])),
    rateLimited: () => push(event('rate_limited', [])),
    driftEvent: (fieldPath) => push(event('drift', [driftLabel(fieldPath)])),
    trackCache: (read) => void caches.push(read),
    flush(waitUntil) {
      for (const read of caches) {
        const { entries, bytes, maxEntries, maxBytes } = read()
        const now = `${entries}/${bytes}`
        if (now !== lastCache) push(event('cache', [], [entries, bytes, maxEntries, maxBytes]))
        lastCache = now
      }
      if (pending.length === 0) return
      const points = pending
      pending = []
      waitUntil(
        Promise.resolve().then(() => {
          // A failing write never reaches the request: the platform drops the point.
          for (const point of points) {
            try {
              dataset.writeDataPoint(point)
            } catch {}
          }
        }),
      )
    },
  }
}

function event(name: string, blobs: string[], doubles?: number[]): DataPoint {
  return doubles
    ? { indexes: [name], blobs: [name, ...blobs], doubles }
    : { indexes: [name], blobs: [name, ...blobs] }
}
