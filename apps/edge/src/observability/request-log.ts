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
