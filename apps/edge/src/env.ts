/** Per-request values every middleware and handler of the app shares (Hono's `Variables`). */
export type AppEnv = {
  Variables: {
    requestId: string
    /** `performance.now()` when the request arrived. */
    startedAt: number
    /** How the upstream cache answered, for the log line. */
    cache?: string
    /** Set once the answer carries every header (see `respond`), so the middleware adds none. */
    answered?: true
  }
}
