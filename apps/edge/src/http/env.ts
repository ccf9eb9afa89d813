import type { TraceSpan } from '../observability/tracing.ts'

/** Per-request values the app's responder and middleware share (Hono's `Variables`). */
export type AppEnv = {
  Variables: {
    /** Set by the responder's `begin`, once per request. */
    requestId?: string
    /** `performance.now()` when the request arrived (set with `requestId`). */
    startedAt?: number
    /** Set once the responder made the answer and logged it, so the middleware adds nothing. */
    answered?: true
    /** The request's span, or the caller's trace context forwarded as is (set with `requestId`). */
    trace?: TraceSpan
  }
}
