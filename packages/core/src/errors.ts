import type { UpstreamFailure } from '@joinlink/types'
import {
  ERRORS,
  ErrorCode,
  type ErrorCodeName,
  type ErrorCodeValue,
  type ErrorParams,
} from '@joinlink/validation/facts'

/** What an error answer carries besides its code and message. */
export interface LookupErrorOptions {
  /** The vendor's own status and message, for `UPSTREAM_ERROR`. */
  upstream?: UpstreamFailure
  /** Seconds to wait, sent as `Retry-After` (429, 503). */
  retryAfterS?: number
  /** Extra headers the answer must carry, such as `Allow` on a 405. */
  headers?: Readonly<Record<string, string>>
  cause?: unknown
}

/**
 * A failure with its stable envelope code and a message built from the spec's template for that
 * code. The HTTP status comes from the spec's catalogue (the code's first three digits).
 */
export class LookupError extends Error {
  override name = 'LookupError'
  readonly code: ErrorCodeValue
  readonly httpStatus: number
  readonly upstream: UpstreamFailure | undefined
  readonly retryAfterS: number | undefined
  readonly headers: Readonly<Record<string, string>> | undefined

  constructor(code: ErrorCodeValue, message: string, options: LookupErrorOptions = {}) {
    super(message, { cause: options.cause })
    this.code = code
    this.httpStatus = ERRORS[code].status
    this.upstream = options.upstream
    this.retryAfterS = options.retryAfterS
    this.headers = options.headers
  }
}

/** The spec's message template for `name`, with its `{placeholders}` filled from `params`. */
export function errorMessage<N extends ErrorCodeName>(name: N, params: ErrorParams[N]): string {
  const values = params as Record<string, string | number>
  return ERRORS[ErrorCode[name]].message.replace(/\{([a-z_]+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  )
}

/**
 * Makes the {@link LookupError} for a code by its name, its message from the spec's template.
 *
 * @example
 * ```ts
 * throw lookupError('NOT_FOUND', { link: 'https://s.qsh1.cn/k/abcdef' })
 * ```
 */
export function lookupError<N extends ErrorCodeName>(
  name: N,
  params: ErrorParams[N],
  options?: LookupErrorOptions,
): LookupError {
  return new LookupError(ErrorCode[name], errorMessage(name, params), options)
}
