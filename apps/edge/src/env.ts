import type { TraceSpan } from './observability/tracing.ts'

/** Per-request values every middleware and handler of the app shares (Hono's `Variables`). */
export type AppEnv = {
  Variables: {
    requestId: string
    /** `performance.now()` when the request arrived. */
    startedAt: number
    profile: 'public' | 'full'
    /** How the upstream cache answered, for the log line. */
    cache?: string
    /** Set once the answer carries every header (see `respond`), so the middleware adds none. */
    answered?: true
    /** The body of a core answer (an envelope), for the metrics' envelope code. */
    envelope?: string
    /** The request's span, or the caller's trace context forwarded as is. */
    trace?: TraceSpan
  }
}
