// Requests in flight on runtimes whose server does not count them for us (Bun, Deno): what the
// shutdown grace reports it cut.

/** A fetch handler that counts the requests it has not answered yet. */
export interface CountedFetch<A extends unknown[]> {
  fetch: (request: Request, ...rest: A) => Promise<Response>
  readonly inFlight: number
}

/** Wraps `fetch` to count requests from arrival until their Response is made. */
export function countInFlight<A extends unknown[]>(
  fetch: (request: Request, ...rest: A) => Response | Promise<Response>,
): CountedFetch<A> {
  let inFlight = 0
  return {
    get inFlight() {
      return inFlight
    },
    fetch: async (request, ...rest) => {
      inFlight++
      try {
        return await fetch(request, ...rest)
      } finally {
        inFlight--
      }
    },
  }
}

/** The log line of a shutdown grace that ran out with requests still in flight. */
export const graceOverLine = (cut: number, graceMs: number): string =>
  JSON.stringify({ time: new Date().toISOString(), msg: 'shutdown grace over', cut, grace_ms: graceMs })
