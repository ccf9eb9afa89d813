import type { Conference, ErrorEnvelope, LookupSuccess } from '@joinlink/types'
import { LOOKUP_PATH } from '@joinlink/validation'
import type { Context } from 'hono'
import type { AppError } from './errors.ts'

/** Per-request values every middleware and handler shares. */
export type AppEnv = {
  Variables: {
    requestId: string
    startedAt: number
    profile: 'public' | 'full'
    /** Extra Server-Timing entries, e.g. `source;dur=1.2`. */
    timings: string[]
    /** How the upstream cache answered, for the log line. */
    cache?: string
    /** Headers every answer carries (the secure headers), built once per app. */
    baseHeaders: Readonly<Record<string, string>>
    /** Set by `respond`: the total duration it wrote into Server-Timing, in milliseconds. */
    totalMs?: number
  }
}

const elapsed = (c: Context<AppEnv>) => performance.now() - c.get('startedAt')

/** `request_duration` as the vendor writes it: milliseconds with a `ms` suffix. */
const duration = (c: Context<AppEnv>) => `${elapsed(c).toFixed(3)}ms`

/** The `Server-Timing` value: the handler's own entries, then `total`. */
export function serverTiming(c: Context<AppEnv>, totalMs: number): string {
  const timings = c.get('timings')
  const total = `total;dur=${totalMs.toFixed(3)}`
  return timings.length ? `${timings.join(', ')}, ${total}` : total
}

/**
 * Builds the finished answer with every header it carries in one plain object: the secure
 * headers, `Cache-Control` on the lookup path, `X-Request-Id`, `Server-Timing` and
 * `X-Joinlink-Cache`. A plain object rather than `c.header()` calls keeps `Headers` objects
 * out of the hot path (and lets @hono/node-server write them straight to `writeHead`).
 */
export function respond(
  c: Context<AppEnv>,
  body: string,
  status: number,
  contentType: string,
  extra?: Readonly<Record<string, string>>,
): Response {
  const headers: Record<string, string> = { 'Content-Type': contentType, ...c.get('baseHeaders') }
  if (c.req.path === LOOKUP_PATH) headers['Cache-Control'] = 'no-store'
  const cache = c.get('cache')
  if (cache) headers['X-Joinlink-Cache'] = cache
  if (extra) Object.assign(headers, extra)
  const totalMs = elapsed(c)
  c.set('totalMs', totalMs)
  headers['X-Request-Id'] = c.get('requestId')
  headers['Server-Timing'] = serverTiming(c, totalMs)
  return new Response(body, { status, headers })
}

export function successBody(c: Context<AppEnv>, conference: Conference, reqid?: string): LookupSuccess {
  const body: LookupSuccess = {
    status: 0,
    result: [conference],
    request_id: c.get('requestId'),
    timestamp: Date.now(),
    request_duration: duration(c),
  }
  if (reqid !== undefined) body.reqid = reqid
  return body
}

export function errorBody(c: Context<AppEnv>, error: AppError): ErrorEnvelope {
  const body: ErrorEnvelope = {
    status: error.code,
    msg: error.message,
    request_id: c.get('requestId'),
    timestamp: Date.now(),
    request_duration: duration(c),
  }
  if (error.upstream) body.upstream = error.upstream
  return body
}

/** Answers an AppError as its HTTP status and envelope; `extra` adds headers such as `Allow`. */
export function errorResponse(
  c: Context<AppEnv>,
  error: AppError,
  extra?: Readonly<Record<string, string>>,
): Response {
  const headers: Record<string, string> = { ...extra }
  if (error.retryAfterS !== undefined) headers['Retry-After'] = String(error.retryAfterS)
  if (error.code === 40101) headers['WWW-Authenticate'] = 'Bearer realm="joinlink"'
  return respond(c, JSON.stringify(errorBody(c, error)), error.httpStatus, 'application/json', headers)
}
