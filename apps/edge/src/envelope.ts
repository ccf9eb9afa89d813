import type { Conference, ErrorEnvelope, LookupSuccess } from '@joinlink/types'
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
  }
}

const elapsed = (c: Context<AppEnv>) => performance.now() - c.var.startedAt

/** `request_duration` as the vendor writes it: milliseconds with a `ms` suffix. */
const duration = (c: Context<AppEnv>) => `${elapsed(c).toFixed(3)}ms`

export function successBody(c: Context<AppEnv>, conference: Conference, reqid?: string): LookupSuccess {
  const body: LookupSuccess = {
    status: 0,
    result: [conference],
    request_id: c.var.requestId,
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
    request_id: c.var.requestId,
    timestamp: Date.now(),
    request_duration: duration(c),
  }
  if (error.upstream) body.upstream = error.upstream
  return body
}

/** Answers an AppError as its HTTP status and envelope. */
export function errorResponse(c: Context<AppEnv>, error: AppError): Response {
  if (error.retryAfterS !== undefined) c.header('Retry-After', String(error.retryAfterS))
  if (error.code === 40101) c.header('WWW-Authenticate', 'Bearer realm="joinlink"')
  return c.json(errorBody(c, error), error.httpStatus as 400)
}
