import type { ErrorCode as ErrorCodeUnion } from '@joinlink/types'
import { ErrorCode as CODES, ROUTE_NOT_FOUND } from '@joinlink/validation/facts'

/**
 * The spec's stable error codes by name (`ErrorCode.NOT_FOUND` is `40401`), to compare with
 * {@link JoinlinkError.code}.
 *
 * @example
 * ```ts
 * if (error instanceof JoinlinkError && error.code === ErrorCode.NOT_FOUND) showNotFound()
 * ```
 */
export const ErrorCode: typeof CODES = CODES
/** One of the spec's stable error codes, such as `40401`: the union generated into `@joinlink/types`. */
export type ErrorCode = ErrorCodeUnion

const KNOWN = new Set<number>(Object.values(CODES))

/**
 * Why a lookup failed, as one word a program can switch on:
 *
 * - `invalid_request` — the link, an option or the request itself is wrong (HTTP 400/405/413/415, codes 40402/40501); fix the call.
 * - `unauthorized` — the API key or token is missing or wrong (HTTP 401/403).
 * - `not_found` — no conference belongs to that link (HTTP 404, code 40401).
 * - `rate_limited` — too many requests (HTTP 429); see `retryAfterMs`.
 * - `upstream` — the server or the conference service behind it failed or timed out (HTTP 5xx, including the edge's 504).
 * - `timeout` — this client gave up waiting for an answer (its own per-attempt `timeoutMs`).
 * - `network` — `fetch` itself failed: DNS, refused connection, TLS, or (in a browser) a server that does not allow the page's origin (CORS).
 * - `invalid_response` — the answer is not a Joinlink envelope, or fails `validate: 'strict'`.
 */
export type JoinlinkErrorKind =
  | 'invalid_request'
  | 'unauthorized'
  | 'not_found'
  | 'rate_limited'
  | 'upstream'
  | 'timeout'
  | 'network'
  | 'invalid_response'

/** What a {@link JoinlinkError} knows besides its kind and message. */
export interface JoinlinkErrorDetails {
  /** The envelope's `status` (e.g. 40401); absent when there was no envelope. */
  status?: number | undefined
  /** The HTTP status of the last answer; absent when no answer arrived. */
  httpStatus?: number | undefined
  /** The server's own message from the envelope. */
  msg?: string | undefined
  /** The envelope's `request_id`; quote it when reporting a problem. */
  requestId?: string | undefined
  /** How long the server asked to wait (`Retry-After`), in milliseconds. */
  retryAfterMs?: number | undefined
  /** The underlying error, if any. */
  cause?: unknown
}

/**
 * The one error type `@joinlink/client` rejects with. Switch on `kind` (or on `code` for the
 * server's exact reason); show `message` to a person.
 *
 * @example
 * ```ts
 * try {
 *   await client.getConference(link)
 * } catch (error) {
 *   if (error instanceof JoinlinkError && error.code === ErrorCode.NOT_FOUND) showNotFound()
 *   else throw error
 * }
 * ```
 */
export class JoinlinkError extends Error {
  override readonly name: 'JoinlinkError' = 'JoinlinkError'
  /** Why it failed; see {@link JoinlinkErrorKind}. */
  declare readonly kind: JoinlinkErrorKind
  /**
   * The spec's error code the server answered with (compare with {@link ErrorCode}), or `undefined`
   * when there was no envelope or its status is not a Joinlink code.
   */
  declare readonly code: ErrorCode | undefined
  /** The envelope's `status` as sent (e.g. 40401), or `undefined` when there was no envelope. */
  declare readonly status: number | undefined
  /** The HTTP status of the last answer, or `undefined` when none arrived. */
  declare readonly httpStatus: number | undefined
  /** The server's own message from the envelope, or `undefined`. */
  declare readonly msg: string | undefined
  /** The request id to quote when reporting a problem, or `undefined`. */
  declare readonly requestId: string | undefined
  /** How long the server asked to wait before trying again, in milliseconds, or `undefined`. */
  declare readonly retryAfterMs: number | undefined

  constructor(kind: JoinlinkErrorKind, message: string, details: JoinlinkErrorDetails = {}) {
    // Error reads only `cause` from its options, and only when the key is present.
    super(message, details)
    const { status } = details
    const code = KNOWN.has(status as number) ? status : undefined
    Object.assign(this, details, { kind, code })
  }
}

/**
 * The kind for an answer that carried an envelope. The envelope code's first three digits are the
 * HTTP status it goes with, so it wins over the HTTP status when it is a Joinlink code.
 */
export function kindFor(httpStatus: number, code: number): JoinlinkErrorKind {
  // No such route means a misconfigured baseUrl, not a missing conference.
  const status =
    code === ROUTE_NOT_FOUND ? 400 : code >= 40000 && code < 60000 ? (code / 100) | 0 : httpStatus
  return status === 401 || status === 403
    ? 'unauthorized'
    : status === 404
      ? 'not_found'
      : status === 429
        ? 'rate_limited'
        : status >= 400 && status < 500
          ? 'invalid_request'
          : // 5xx, and a 200 carrying the vendor's own non-zero status: the service failed.
            'upstream'
}
