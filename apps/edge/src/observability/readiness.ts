// Readiness, apart from liveness: /healthz says the process answers; /readyz says it should get
// traffic — not before the dataset is loaded, not while it drains on SIGTERM.

/** Why the edge is not ready, as /readyz says it. */
export type NotReady = 'loading' | 'draining'

/** The edge's readiness; the entry moves it, /readyz reads it. */
export interface Readiness {
  /** Undefined when ready; else why not. */
  readonly state: NotReady | undefined
  /** The configuration and the source are loaded: traffic may come. */
  ready(): void
  /** SIGTERM: stop getting new traffic, finish what is in flight. */
  drain(): void
}

/** Readiness that starts `loading` (or ready, for entries that load everything before serving). */
export function createReadiness(initial: NotReady | undefined = 'loading'): Readiness {
  let state: NotReady | undefined = initial
  return {
    get state() {
      return state
    },
    ready() {
      if (state === 'loading') state = undefined
    },
    drain() {
      state = 'draining'
    },
  }
}

/** What /readyz answers for each state. */
export const READINESS_REASONS: Readonly<Record<NotReady, string>> = {
  loading: 'Still loading the dataset.',
  draining: 'Shutting down: finishing requests in flight.',
}
