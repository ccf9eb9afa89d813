import type { ErrorCode, UpstreamFailure } from '@joinlink/types'

/** A failure with its stable envelope code; the HTTP status is the code's first three digits. */
export class AppError extends Error {
  override name = 'AppError'
  readonly code: ErrorCode
  readonly upstream: UpstreamFailure | undefined
  /** Seconds, for the Retry-After header (429, 503). */
  readonly retryAfterS: number | undefined

  constructor(
    code: ErrorCode,
    msg: string,
    options: { upstream?: UpstreamFailure; retryAfterS?: number; cause?: unknown } = {},
  ) {
    super(msg, { cause: options.cause })
    this.code = code
    this.upstream = options.upstream
    this.retryAfterS = options.retryAfterS
  }

  get httpStatus(): number {
    return Math.floor(this.code / 100)
  }
}
