/**
 * A `fetch` for tests: answers the Joinlink lookup through the edge's own lookup core
 * (`@joinlink/core`) over the shared fixture dataset, with no server — so its answers are the
 * edge's by construction — and fails on demand in each of the ways a `JoinlinkError` can report.
 *
 * @example
 * ```ts
 * import { createJoinlinkClient } from '@joinlink/client'
 * import { createFixtureFetch } from '@joinlink/client/testing'
 * const client = createJoinlinkClient({ baseUrl: 'http://joinlink.test', fetch: createFixtureFetch() })
 * await client.getConference('https://mtest.qsh1.cn/k/mkIW3Txa0Uk')
 * ```
 * @module
 */
import {
  type Answer,
  createDatasetSource,
  createLookupCore,
  errorAnswer,
  indexConferences,
  type LookupError,
  lookupError,
  requestIdFrom,
} from '@joinlink/core'
import type { Conference } from '@joinlink/types'
import { DEFAULT_ALLOWED_HOSTS } from '@joinlink/validation'
import { dataset } from '@joinlink/validation/dataset'
import type { JoinlinkErrorKind } from './errors.ts'

/** A failure {@link createFixtureFetch} can force. */
export type FixtureFailure = JoinlinkErrorKind

/** Options of {@link createFixtureFetch}. */
export interface FixtureFetchOptions {
  /** Answer every request with this failure instead of looking the link up. */
  fail?: FixtureFailure
  /** Fail only the first `times` requests, then answer normally (to test retries); default: every request. */
  times?: number
  /** The `Retry-After` header sent with `rate_limited` and `upstream`, in seconds; default 0. */
  retryAfterSeconds?: number
  /**
   * The conferences to serve; default the edge's embedded dataset (`@joinlink/validation/dataset`).
   * Each must have an attendee link on an allowed host, one conference per link (host and code).
   */
  conferences?: readonly Conference[]
  /** `public` (default) answers as the edge does without a `full` key: host secrets present but empty. */
  profile?: 'public' | 'full'
}

/** A `fetch`-compatible function that also records the requests it received. */
export interface FixtureFetch {
  (input: RequestInfo | URL, init?: RequestInit): Promise<Response>
  /** Every request received, in order. */
  readonly requests: Request[]
}

/** The edge's answer for each forced failure, from the same error catalogue. */
const FORCED: Partial<Record<FixtureFailure, (retryAfterS: number) => LookupError>> = {
  invalid_request: () =>
    lookupError('INVALID_JOIN_LINK', { reason: 'refused by createFixtureFetch({ fail })' }),
  unauthorized: () => lookupError('UNAUTHORIZED', { reason: 'This server needs an API key.' }),
  not_found: () => lookupError('NOT_FOUND', { link: '(forced by createFixtureFetch)' }),
  rate_limited: (retryAfterS) =>
    lookupError('RATE_LIMITED', { limit: 120, retry_after: retryAfterS }, { retryAfterS }),
  upstream: (retryAfterS) =>
    lookupError('UPSTREAM_UNREACHABLE', { detail: 'forced by createFixtureFetch' }, { retryAfterS }),
}

const toResponse = (answer: Answer) =>
  new Response(answer.body, { status: answer.status, headers: answer.headers })

/**
 * Makes a `fetch` that answers the lookup exactly as the Joinlink edge does — through the same
 * core: 200 with the conference (public profile unless `profile: 'full'`), and every documented
 * refusal (400, 404, 405, 413, 415) with the edge's envelope, code, message and headers. Deployment
 * features (API keys, rate limits, CORS) are the edge's alone; force them with `fail`.
 * `fail: 'timeout'` never answers until the request is aborted, `network` rejects like an
 * unreachable host, `invalid_response` answers an HTML page.
 */
export function createFixtureFetch(options: FixtureFetchOptions = {}): FixtureFetch {
  const index = indexConferences(
    options.conferences ?? dataset,
    'FixtureFetchOptions.conferences',
    DEFAULT_ALLOWED_HOSTS,
  )
  const core = createLookupCore({ source: createDatasetSource(index) })
  const requests: Request[] = []
  const fixtureFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    requests.push(request)
    const meta = {
      requestId: requestIdFrom(request.headers.get('x-request-id')),
      startedAt: performance.now(),
    }
    const failing =
      options.fail !== undefined && requests.length <= (options.times ?? Number.POSITIVE_INFINITY)
    if (failing)
      return failWith(options.fail as FixtureFailure, request, meta, options.retryAfterSeconds ?? 0)
    const answer = await core.handle({
      ...meta,
      method: request.method,
      path: new URL(request.url).pathname,
      contentType: request.headers.get('content-type'),
      body: request.body ? await request.text() : '',
      profile: options.profile ?? 'public',
    })
    return toResponse(answer)
  }
  return Object.assign(fixtureFetch, { requests })
}

async function failWith(
  fail: FixtureFailure,
  request: Request,
  meta: { requestId: string; startedAt: number },
  retryAfterS: number,
): Promise<Response> {
  if (fail === 'network') throw new TypeError('fetch failed (fixture: network)')
  if (fail === 'timeout') {
    return new Promise((_, reject) => {
      const { signal } = request
      if (signal.aborted) reject(signal.reason)
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    })
  }
  const forced = FORCED[fail]
  if (!forced) {
    return new Response('<html><body>502 Bad Gateway</body></html>', {
      status: 200,
      headers: { 'content-type': 'text/html' },
    })
  }
  return toResponse(errorAnswer(meta, forced(retryAfterS)))
}
