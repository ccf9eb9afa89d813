import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'
import type { Responder } from '../../respond.ts'

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
 * For answers the app's responder does not make — a CORS preflight answered by the CORS
 * middleware — sets the secure headers, `X-Request-Id` and `Server-Timing`, and writes the log
 * line. Only installed with CORS on: without it every answer comes from the responder, which does
 * this itself, and Hono calls each route's handler directly.
 */
export function requestContext(
  log: ((line: string) => void) | undefined,
  headers: Readonly<Record<string, string>>,
  responder: Responder,
): MiddlewareHandler<AppEnv> {
  const entries = Object.entries(headers)
  return async (c, next) => {
    const { requestId, startedAt } = responder.begin(c)
    await next()
    if (c.get('answered')) return
    const totalMs = performance.now() - startedAt
    const out = c.res.headers
    for (const [name, value] of entries) out.set(name, value)
    out.delete('X-Powered-By')
    out.set('X-Request-Id', requestId)
    out.set('Server-Timing', `total;dur=${totalMs.toFixed(3)}`)
    log?.(
      requestLogLine({ method: c.req.method, path: c.req.path, status: c.res.status, totalMs, requestId }),
    )
  }
}
