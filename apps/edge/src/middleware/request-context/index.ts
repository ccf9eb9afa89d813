import { requestIdFrom } from '@joinlink/core'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'

/** What the one log line of a request says: never a body, a query string or a header value. */
export interface RequestLogFields {
  method: string
  /** The path, without the query. */
  path: string
  status: number
  /** Milliseconds from arrival to the answer. */
  totalMs: number
  requestId: string
  cache?: string | undefined
}

/** The JSON log line of one request (the edge's and the bench floor's, byte for byte). */
export function requestLogLine(fields: RequestLogFields): string {
  const line: Record<string, string | number> = {
    time: new Date().toISOString(),
    msg: 'request',
    method: fields.method,
    path: fields.path,
    status: fields.status,
    duration_ms: Number(fields.totalMs.toFixed(3)),
    request_id: fields.requestId,
  }
  if (fields.cache) line.cache = fields.cache
  return JSON.stringify(line)
}

/**
 * Gives every request an id (a safe inbound `X-Request-Id`, else a fresh UUID) and a start time;
 * makes sure every answer carries `headers` (the secure headers), `X-Request-Id` and
 * `Server-Timing`, and writes one JSON log line (see {@link requestLogLine}). Answers built by
 * `respond`/`page` carry those headers already; any other (a CORS preflight, say) gets them here.
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
    const totalMs = performance.now() - startedAt
    if (!c.get('answered')) {
      const out = c.res.headers
      for (const [name, value] of entries) out.set(name, value)
      out.delete('X-Powered-By')
      out.set('X-Request-Id', requestId)
      out.set('Server-Timing', `total;dur=${totalMs.toFixed(3)}`)
    }
    if (!log) return
    log(
      requestLogLine({
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        totalMs,
        requestId,
        cache: c.get('cache'),
      }),
    )
  }
}
