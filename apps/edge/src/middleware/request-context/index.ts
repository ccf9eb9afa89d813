import { requestIdFrom } from '@joinlink/core'
import { LOOKUP_PATH } from '@joinlink/validation'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'
import { envelopeCodeOf, lookupOutcomeOf, type Metrics, routeOf } from '../../observability/metrics.ts'
import { forwardOnly, type Tracer } from '../../observability/tracing.ts'

/** What the request context reports to, besides the log. */
export interface RequestObservers {
  /** Every answered request by route, status and envelope code, its duration, and each lookup's outcome. */
  metrics?: Metrics | undefined
  /**
   * Starts the request's span. Without one, a caller's `traceparent` is still kept (forwarded to
   * the vendor by the source); with neither, nothing is done.
   */
  tracer?: Tracer | undefined
}

/**
 * Gives every request an id (a safe inbound `X-Request-Id`, else a fresh UUID) and a start time;
 * makes sure every answer carries `headers` (the secure headers), `X-Request-Id` and
 * `Server-Timing`, and writes one JSON log line — method, path, status, duration, request id —
 * never a body, a query string or a header value. Answers built by `respond`/`page` carry them;
 * any other (a CORS preflight, say) gets them set here. Records the request's metrics and span.
 */
export function requestContext(
  log: ((line: string) => void) | undefined,
  headers: Readonly<Record<string, string>>,
  { metrics, tracer }: RequestObservers = {},
): MiddlewareHandler<AppEnv> {
  const entries = Object.entries(headers)
  return async (c, next) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'))
    const startedAt = performance.now()
    c.set('requestId', requestId)
    c.set('startedAt', startedAt)
    const traceparent = c.req.header('traceparent')
    const span = tracer
      ? tracer.start('joinlink.request', traceparent, 'server', { 'http.request.method': c.req.method })
      : traceparent === undefined
        ? undefined
        : forwardOnly.start('joinlink.request', traceparent, 'server')
    if (span?.traceparent) c.set('trace', span)
    await next()
    const total = performance.now() - startedAt
    if (!c.get('answered')) {
      const out = c.res.headers
      for (const [name, value] of entries) out.set(name, value)
      out.delete('X-Powered-By')
      out.set('X-Request-Id', requestId)
      out.set('Server-Timing', `total;dur=${total.toFixed(3)}`)
    }
    if (metrics || span) {
      const route = routeOf(c.req.path, LOOKUP_PATH)
      const envelope = c.get('envelope')
      const code = envelope === undefined ? -1 : envelopeCodeOf(envelope)
      if (metrics) {
        metrics.request(route, c.res.status, code, total / 1000)
        const outcome = route === 'lookup' ? lookupOutcomeOf(code, c.get('cache')) : undefined
        if (outcome) metrics.lookup(outcome)
        if (metrics.flush) metrics.flush(waitUntilOf(c))
      }
      if (span) {
        span.setAttribute('http.route', route)
        span.setAttribute('http.response.status_code', c.res.status)
        if (code > 0) span.setAttribute('joinlink.envelope_code', code)
        span.end(c.res.status >= 500 ? `HTTP ${c.res.status}` : undefined)
      }
    }
    if (!log) return
    const cache = c.get('cache')
    log(
      JSON.stringify({
        time: new Date().toISOString(),
        msg: 'request',
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        duration_ms: Number(total.toFixed(3)),
        request_id: requestId,
        ...(cache ? { cache } : {}),
      }),
    )
  }
}

/** The platform's `waitUntil` (Workers); elsewhere the promise simply runs on. */
function waitUntilOf(c: Parameters<MiddlewareHandler<AppEnv>>[0]) {
  return (promise: Promise<unknown>) => {
    try {
      c.executionCtx.waitUntil(promise)
    } catch {
      // Node, Bun, Deno: no ExecutionContext.
    }
  }
}
