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

/**
 * Longest caller-controlled field a log line keeps, in characters: a path, method or request id
 * beyond it is cut there and marked (see {@link truncated}), so one line stays under ~600 bytes.
 */
export const LOG_FIELD_MAX = { path: 256, method: 16, requestId: 128 } as const

/**
 * `text` cut to `max` characters and marked with how long it was (`/aaa…[+14744 chars]`), or
 * unchanged when it fits: the common case costs one length check.
 */
export function truncated(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…[+${text.length - max} chars]`
}

/** The JSON log line of one request (the edge's and the bench floor's, byte for byte). */
export function requestLogLine(fields: RequestLogFields): string {
  const line: Record<string, string | number> = {
    time: new Date().toISOString(),
    msg: 'request',
    method: truncated(fields.method, LOG_FIELD_MAX.method),
    path: truncated(fields.path, LOG_FIELD_MAX.path),
    status: fields.status,
    duration_ms: Number(fields.totalMs.toFixed(3)),
    request_id: truncated(fields.requestId, LOG_FIELD_MAX.requestId),
  }
  if (fields.cache) line.cache = fields.cache
  return JSON.stringify(line)
}
