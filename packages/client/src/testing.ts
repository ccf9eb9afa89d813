/**
 * A `fetch` for tests: answers the Joinlink lookup from the shared fixture dataset, with no server,
 * and fails on demand in each of the ways a `JoinlinkError` can report.
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
import type { Conference, ErrorCode } from '@joinlink/types'
import { toPublicConference } from '@joinlink/validation'
import { dataset } from '@joinlink/validation/dataset'
import { normalizeJoinUrl } from '@joinlink/validation/join-url'
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
  /** The conferences to serve; default the edge's embedded dataset (`@joinlink/validation/dataset`). */
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

const FAILURES: Record<string, [number, ErrorCode, string]> = {
  invalid_request: [400, 40003, 'attendeeJoinUrl is not an attendee join link on an allowed host.'],
  unauthorized: [401, 40101, 'This server needs an API key: send Authorization: Bearer <key>.'],
  not_found: [404, 40401, 'No conference was found for that join link. Check the link in the invitation.'],
  rate_limited: [429, 42901, 'Too many requests. Try again later.'],
  upstream: [502, 50203, 'The conference service could not be reached. Try again later.'],
}

/**
 * Makes a `fetch` that answers `POST /confopenapi/conference/getConferenceByAttendeeJoinUrl` the way
 * the Joinlink edge does: 200 with the conference (public profile unless `profile: 'full'`), 404 (40401) for an unknown code, 400 (40003) for
 * a link that is not a join link. `fail` forces a failure: `timeout` never answers until the request
 * is aborted, `network` rejects like an unreachable host, `invalid_response` answers an HTML page.
 */
export function createFixtureFetch(options: FixtureFetchOptions = {}): FixtureFetch {
  const byCode = new Map<string, Conference>()
  for (const conference of options.conferences ?? dataset) {
    const link = normalizeJoinUrl(conference.attendeeJoinUrl)
    if (link.ok) byCode.set(link.code, conference)
  }
  const requests: Request[] = []
  const fixtureFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input, init)
    requests.push(request)
    const failing =
      options.fail !== undefined && requests.length <= (options.times ?? Number.POSITIVE_INFINITY)
    if (failing) return failWith(options.fail as FixtureFailure, request, options.retryAfterSeconds ?? 0)
    if (
      request.method !== 'POST' ||
      !new URL(request.url).pathname.endsWith('/getConferenceByAttendeeJoinUrl')
    ) {
      return envelope(404, 40402, `No route for ${request.method} ${new URL(request.url).pathname}.`)
    }
    let link: unknown
    try {
      link = ((await request.json()) as { attendeeJoinUrl?: unknown }).attendeeJoinUrl
    } catch {
      return envelope(400, 40001, 'The body is not valid JSON. Send {"attendeeJoinUrl": "<link>"}.')
    }
    if (typeof link !== 'string')
      return envelope(400, 40002, 'attendeeJoinUrl is required and must be a string.')
    const joinUrl = normalizeJoinUrl(link)
    if (!joinUrl.ok) return envelope(400, 40003, `attendeeJoinUrl: ${joinUrl.reason}.`)
    const conference = byCode.get(joinUrl.code)
    if (!conference) {
      return envelope(404, 40401, `No conference was found for the join link ${joinUrl.canonicalUrl}.`)
    }
    const result = options.profile === 'full' ? conference : toPublicConference(conference)
    return Response.json({ ...meta(), status: 0, result: [result] }, { headers: requestIdHeader() })
  }
  return Object.assign(fixtureFetch, { requests })
}

async function failWith(fail: FixtureFailure, request: Request, retryAfter: number): Promise<Response> {
  if (fail === 'network') throw new TypeError('fetch failed (fixture: network)')
  if (fail === 'timeout') {
    return new Promise((_, reject) => {
      const { signal } = request
      if (signal.aborted) reject(signal.reason)
      signal.addEventListener('abort', () => reject(signal.reason), { once: true })
    })
  }
  if (fail === 'invalid_response') {
    return new Response('<html><body>502 Bad Gateway</body></html>', {
      status: 200,
      headers: { 'content-type': 'text/html' },
    })
  }
  const [status, code, msg] = FAILURES[fail] as [number, ErrorCode, string]
  const headers =
    fail === 'rate_limited' || fail === 'upstream' ? { 'retry-after': String(retryAfter) } : undefined
  return envelope(status, code, msg, headers)
}

let sequence = 0
const meta = () => ({ request_id: `fixture-${++sequence}`, timestamp: Date.now(), request_duration: '0.1ms' })
const requestIdHeader = () => ({ 'x-request-id': `fixture-${sequence}` })

function envelope(status: number, code: ErrorCode, msg: string, headers?: Record<string, string>): Response {
  const body = { ...meta(), status: code, msg }
  return Response.json(body, { status, headers: { ...requestIdHeader(), ...headers } })
}
