import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../http/env.ts'
import type { Responder } from '../../http/respond.ts'

/**
 * Gives the request its id, start time and span (the responder's `begin`), and for answers the
 * responder does not make — a CORS preflight answered by the CORS middleware — sets the secure
 * headers, `X-Request-Id` and `Server-Timing`, and records the log line, metrics and span end.
 * Only installed with CORS on: without it every answer comes from the responder, which does this
 * itself, and Hono calls each route's handler directly.
 */
export function requestContext(
  headers: Readonly<Record<string, string>>,
  responder: Responder,
): MiddlewareHandler<AppEnv> {
  const entries = Object.entries(headers)
  return async (c, next) => {
    const meta = responder.begin(c)
    await next()
    if (c.get('answered')) return
    const out = c.res.headers
    for (const [name, value] of entries) out.set(name, value)
    out.delete('X-Powered-By')
    out.set('X-Request-Id', meta.requestId)
    out.set('Server-Timing', `total;dur=${(performance.now() - meta.startedAt).toFixed(3)}`)
    responder.record(meta, c.req.method, c.req.path, c.res.status)
  }
}
