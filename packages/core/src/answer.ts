import type { ErrorEnvelope } from '@joinlink/types'
import { ErrorCode } from '@joinlink/validation/facts'
import { LookupError, lookupError } from './errors.ts'
import { answerBytes, type ServedRecord } from './served.ts'
import type { CacheState } from './source.ts'

/** When and under which id a request arrived: what every answer to it carries. */
export interface RequestMeta {
  /** The id to answer with (see `requestIdFrom`). */
  requestId: string
  /** `performance.now()` when the request arrived. */
  startedAt: number
}

/**
 * An answer as the spec defines it: the HTTP status, the JSON envelope as text, and the headers
 * the spec names (`Content-Type`, `Cache-Control`, `X-Request-Id`, `Server-Timing`, and where
 * they apply `X-Joinlink-Cache`, `Retry-After`, `WWW-Authenticate`, `Allow`). Deployment headers
 * (security headers, CORS) are the adapter's.
 */
export interface Answer {
  status: number
  /** The envelope: its UTF-8 bytes for a success (spliced from a {@link ServedRecord}), else its text. */
  body: string | Uint8Array<ArrayBuffer>
  headers: Record<string, string>
  /** How the upstream cache answered, for the adapter's log line. */
  cache?: CacheState
}

const ms = (value: number) => value.toFixed(3)
const decoder = new TextDecoder()

/** An answer's envelope as text, whichever form its body has (for tests and tools). */
export const answerText = (answer: Answer): string =>
  typeof answer.body === 'string' ? answer.body : decoder.decode(answer.body)

/** Builds the answer; `sourceMs` adds a `source` entry to `Server-Timing`. */
function answer(
  meta: RequestMeta,
  status: number,
  body: Answer['body'],
  total: number,
  extra?: Readonly<Record<string, string>>,
  sourceMs?: number,
): Answer {
  const timing =
    sourceMs === undefined ? `total;dur=${ms(total)}` : `source;dur=${ms(sourceMs)}, total;dur=${ms(total)}`
  const headers: Record<string, string> = {
    'Content-Type': 'application/json',
    'Cache-Control': 'no-store',
    'X-Request-Id': meta.requestId,
    'Server-Timing': timing,
  }
  if (extra) Object.assign(headers, extra)
  return { status, body, headers }
}

/**
 * 200 with the one conference: the record's answer for `profile`, serialized when the record was
 * made (in the `public` profile through the spec's allow-list, see {@link serveRecord}), with this
 * request's `request_id`, `timestamp` and `request_duration` spliced in.
 */
export function successAnswer(
  meta: RequestMeta,
  profile: 'public' | 'full',
  record: ServedRecord,
  sourceMs: number,
  cache?: CacheState,
): Answer {
  const total = performance.now() - meta.startedAt
  const body = answerBytes(record, profile, {
    requestId: meta.requestId,
    timestamp: Date.now(),
    duration: `${ms(total)}ms`,
  })
  const done = answer(meta, 200, body, total, cache && { 'X-Joinlink-Cache': cache }, sourceMs)
  if (cache) done.cache = cache
  return done
}

/**
 * The answer for any failure: a {@link LookupError} as its status and envelope; anything else is
 * a fault of the server's own and becomes a bare 500 `INTERNAL`, with no detail of it.
 */
export function errorAnswer(
  meta: RequestMeta,
  error: unknown,
  sourceMs?: number,
  cache?: CacheState,
): Answer {
  const known = error instanceof LookupError ? error : lookupError('INTERNAL', {})
  const total = performance.now() - meta.startedAt
  const envelope: ErrorEnvelope = {
    status: known.code,
    msg: known.message,
    request_id: meta.requestId,
    timestamp: Date.now(),
    request_duration: `${ms(total)}ms`,
  }
  if (known.upstream) envelope.upstream = known.upstream
  const extra: Record<string, string> = { ...known.headers }
  if (known.retryAfterS !== undefined) extra['Retry-After'] = String(known.retryAfterS)
  if (known.code === ErrorCode.UNAUTHORIZED) extra['WWW-Authenticate'] = 'Bearer realm="joinlink"'
  if (cache) extra['X-Joinlink-Cache'] = cache
  const done = answer(meta, known.httpStatus, JSON.stringify(envelope), total, extra, sourceMs)
  if (cache) done.cache = cache
  return done
}
