import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../envelope.ts'

const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/**
 * Gives every request an id (a safe inbound `X-Request-Id`, else a fresh UUID) and a start time;
 * on the way out adds `X-Request-Id` and `Server-Timing`, and writes one JSON log line — method,
 * path, status, duration, request id — never a body, a query string or a header value.
 */
export function requestContext(log: ((line: string) => void) | undefined): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const inbound = c.req.header('x-request-id')
    c.set('requestId', inbound && SAFE_REQUEST_ID.test(inbound) ? inbound : crypto.randomUUID())
    c.set('startedAt', performance.now())
    c.set('timings', [])
    await next()
    const total = performance.now() - c.var.startedAt
    c.res.headers.set('X-Request-Id', c.var.requestId)
    c.res.headers.set('Server-Timing', [...c.var.timings, `total;dur=${total.toFixed(3)}`].join(', '))
    log?.(
      JSON.stringify({
        time: new Date().toISOString(),
        msg: 'request',
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        duration_ms: Number(total.toFixed(3)),
        request_id: c.var.requestId,
        ...(c.var.cache ? { cache: c.var.cache } : {}),
      }),
    )
  }
}
