/**
 * A `fetch` for tests: answers the Joinlink lookup through the edge's own lookup core
 * (`@joinlink/core`) over the shared fixture dataset, with no server — so its answers are the
 * edge's by construction — and fails on demand in each of the ways a `JoinlinkError` can report.
 * It records every request it receives, readable after the call.
 *
 * @example
 * ```ts
 * import { createJoinlinkClient } from '@joinlink/client'
 * import { createFixtureFetch } from '@joinlink/client/testing'
 * const fetch = createFixtureFetch()
 * const client = createJoinlinkClient({ baseUrl: 'http://joinlink.test', fetch })
 * await client.getConference('https://mtest.qsh1.cn/k/mkIW3Txa0Uk')
 * fetch.requests[0]?.body // '{"attendeeJoinUrl":"https://mtest.qsh1.cn/k/mkIW3Txa0Uk"}'
 * ```
 * @module
 */
import { createFixtureResponder, type FixtureOptions, type RecordedRequest } from './fixture-responder.ts'

export type { FixtureFailure, FixtureOptions, RecordedRequest } from './fixture-responder.ts'

/** Options of {@link createFixtureFetch}. */
export type FixtureFetchOptions = FixtureOptions

/** A `fetch`-compatible function that also records the requests it received. */
export interface FixtureFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  /** Every request received, in order, with its body already read (method, URL, headers, body). */
  readonly requests: readonly RecordedRequest[]
}

/**
 * Makes a `fetch` that answers the lookup exactly as the Joinlink edge does — through the same
 * core: 200 with the conference (public profile unless `profile: 'full'`), and every documented
 * refusal (400, 404, 405, 413, 415) with the edge's envelope, code, message and headers. Deployment
 * features (API keys, rate limits, CORS) are the edge's alone; force them with `fail`.
 * `fail: 'timeout'` never answers until the request is aborted, `network` rejects like an
 * unreachable host, `invalid_response` answers an HTML page.
 */
export function createFixtureFetch(options: FixtureFetchOptions = {}): FixtureFetch {
  const responder = createFixtureResponder(options)
  const fixtureFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && !init ? input : new Request(input, init)
    // The caller's own signal: a Request made from another only follows its signal weakly (undici),
    // and may stop following once garbage-collected.
    const signal = init?.signal ?? (input instanceof Request ? input.signal : undefined)
    const answer = await responder.respond(request, new URL(request.url).pathname)
    if (answer === 'network') throw new TypeError('fetch failed (fixture: network)')
    if (answer === 'timeout') {
      return new Promise((_, reject) => {
        signal?.throwIfAborted()
        signal?.addEventListener('abort', () => reject(signal.reason), { once: true })
      })
    }
    return answer
  }
  return Object.assign(fixtureFetch, { requests: responder.requests })
}
