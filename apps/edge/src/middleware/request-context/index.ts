import { requestIdFrom } from '@joinlink/core'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'

/**
 * Gives every request an id (a safe inbound `X-Request-Id`, else a fresh UUID) and a start time;
 * makes sure every answer carries `headers` (the secure headers), `X-Request-Id` and
 * `Server-Timing`, and writes one JSON log line — method, path, status, duration, request id —
 * never a body, a query string or a header value. Answers built by `respond`/`page` carry them;
 * any other (a CORS preflight, say) gets them set here.
 */
export function requestContext(
  log: ((line: string) => void) | undefined,
  headers: Readonly<Record<string, string>>,
): MiddlewareHandler<AppEnv> {
  const entries = Object.entries(headers)
  return async (c, next) => {
    const requestId = requestIdFrom(c.req.header('x-request-id'))
    const startedAt = performance.now()
    c.set('requestId', requestId)
    c.set('startedAt', startedAt)
    await next()
    const total = performance.now() - startedAt
    if (!c.get('answered')) {
      const out = c.res.headers
      for (const [name, value] of entries) out.set(name, value)
      out.delete('X-Powered-By')
      out.set('X-Request-Id', requestId)
      out.set('Server-Timing', `total;dur=${total.toFixed(3)}`)
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
