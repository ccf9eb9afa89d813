// What the test fetch and the MSW handlers share: the edge's core over the fixture dataset, the
// forced failures, and the record of what was received.
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

/** A failure the test fetch or the MSW handlers can force: each kind a `JoinlinkError` can have. */
export type FixtureFailure = JoinlinkErrorKind

/** Options of the test fetch and the MSW handlers. */
export interface FixtureOptions {
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

/** A request as it was received, its body already read, so a test can check what was sent. */
export interface RecordedRequest {
  /** `POST`, `GET`, … */
  readonly method: string
  /** The whole URL, query included. */
  readonly url: string
  /** Every header, names lower-cased (as `Headers` gives them). */
  readonly headers: Readonly<Record<string, string>>
  /** The body as text; `''` when none was sent. */
  readonly body: string
}

/** The edge's answer for each forced failure, from the same error catalogue. */
const FORCED: Partial<Record<FixtureFailure, (retryAfterS: number) => LookupError>> = {
  invalid_request: () =>
    lookupError('INVALID_JOIN_LINK', { reason: 'refused by the fixture ({ fail: "invalid_request" })' }),
  unauthorized: () => lookupError('UNAUTHORIZED', { reason: 'This server needs an API key.' }),
  not_found: () => lookupError('NOT_FOUND', { link: '(forced by the fixture)' }),
  rate_limited: (retryAfterS) =>
    lookupError('RATE_LIMITED', { limit: 120, retry_after: retryAfterS }, { retryAfterS }),
  upstream: (retryAfterS) =>
    lookupError('UPSTREAM_UNREACHABLE', { detail: 'forced by the fixture' }, { retryAfterS }),
}

const toResponse = (answer: Answer) =>
  new Response(answer.body, { status: answer.status, headers: answer.headers })

/** What a request gets: a response, or a failure the adapter enacts its own way. */
export type FixtureAnswer = Response | 'network' | 'timeout'

/** The shared responder: answers through the core, forces failures, records requests. */
export interface FixtureResponder {
  respond(request: Request, path: string): Promise<FixtureAnswer>
  readonly requests: RecordedRequest[]
}

/** Builds the responder; a bad `conferences` option throws here, at once. */
export function createFixtureResponder(options: FixtureOptions = {}): FixtureResponder {
  const index = indexConferences(
    options.conferences ?? dataset,
    'conferences (fixture option)',
    DEFAULT_ALLOWED_HOSTS,
  )
  const core = createLookupCore({ source: createDatasetSource(index) })
  const requests: RecordedRequest[] = []
  const { fail, times = Number.POSITIVE_INFINITY, retryAfterSeconds = 0, profile = 'public' } = options
  return {
    requests,
    async respond(request, path) {
      const body = request.body ? await request.text() : ''
      const headers: Record<string, string> = {}
      for (const [name, value] of request.headers) headers[name] = value
      requests.push({ method: request.method, url: request.url, headers, body })
      const meta = {
        requestId: requestIdFrom(request.headers.get('x-request-id')),
        startedAt: performance.now(),
      }
      if (fail !== undefined && requests.length <= times) {
        if (fail === 'network' || fail === 'timeout') return fail
        const forced = FORCED[fail]
        return forced
          ? toResponse(errorAnswer(meta, forced(retryAfterSeconds)))
          : new Response('<html><body>502 Bad Gateway</body></html>', {
              status: 200,
              headers: { 'content-type': 'text/html' },
            })
      }
      const answer = await core.handle({
        ...meta,
        method: request.method,
        path,
        contentType: request.headers.get('content-type'),
        body,
        profile,
      })
      return toResponse(answer)
    },
  }
}
