// The work both baselines share with the edge's lookup: parse, validate, normalise, look up, redact,
// envelope. Same zod schema, same join-link parser, same public profile, same response headers.
import type { Conference } from '@joinlink/types'
import {
  DEFAULT_ALLOWED_HOSTS,
  LOOKUP_PATH,
  lookupRequestSchema,
  normalizeJoinUrl,
  toPublicConference,
} from '@joinlink/validation'
import { dataset } from '@joinlink/validation/dataset'

export { LOOKUP_PATH }

/** The edge's response headers besides content-type/length, as its secureHeaders and middleware send them. */
export const EDGE_HEADERS: Readonly<Record<string, string>> = {
  'cache-control': 'no-store',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
  'origin-agent-cluster': '?1',
  'referrer-policy': 'no-referrer',
  'strict-transport-security': 'max-age=15552000; includeSubDomains',
  'x-content-type-options': 'nosniff',
  'x-dns-prefetch-control': 'off',
  'x-download-options': 'noopen',
  'x-frame-options': 'SAMEORIGIN',
  'x-permitted-cross-domain-policies': 'none',
  'x-xss-protection': '0',
}

export const BODY_LIMIT_BYTES = 4096

/** Conferences by short code, indexed like the edge's fixtures source. */
export function buildIndex(conferences: Iterable<Conference> = dataset): Map<string, Conference> {
  const index = new Map<string, Conference>()
  for (const conference of conferences) {
    const link = normalizeJoinUrl(conference.attendeeJoinUrl, DEFAULT_ALLOWED_HOSTS)
    if (link.ok) index.set(link.code, conference)
  }
  return index
}

export interface Answer {
  status: number
  body: string
  requestId: string
}

const envelope = (status: number, msg: string, requestId: string, started: number) =>
  JSON.stringify({
    status,
    msg,
    request_id: requestId,
    timestamp: Date.now(),
    request_duration: `${(performance.now() - started).toFixed(3)}ms`,
  })

/**
 * Answers a lookup from the raw body text (or an already-parsed body, as Fastify hands over), as
 * the edge would: 400 for a bad body, 404 for an unknown link, else 200 with the public record.
 */
export function answer(index: Map<string, Conference>, input: string | unknown, started: number): Answer {
  const requestId = crypto.randomUUID()
  let json: unknown = input
  if (typeof input === 'string') {
    try {
      json = JSON.parse(input)
    } catch {
      return {
        status: 400,
        requestId,
        body: envelope(40001, 'The body is not valid JSON.', requestId, started),
      }
    }
  }
  const parsed = lookupRequestSchema.safeParse(json)
  if (!parsed.success)
    return {
      status: 400,
      requestId,
      body: envelope(40002, 'The body must be {"attendeeJoinUrl": "<link>"}.', requestId, started),
    }
  const link = normalizeJoinUrl(parsed.data.attendeeJoinUrl, DEFAULT_ALLOWED_HOSTS)
  if (!link.ok)
    return {
      status: 400,
      requestId,
      body: envelope(40003, `attendeeJoinUrl: ${link.reason}.`, requestId, started),
    }
  const conference = index.get(link.code)
  if (!conference)
    return {
      status: 404,
      requestId,
      body: envelope(
        40401,
        `No conference was found for the join link ${link.canonicalUrl}.`,
        requestId,
        started,
      ),
    }
  const body = JSON.stringify({
    status: 0,
    result: [toPublicConference(conference)],
    request_id: requestId,
    timestamp: Date.now(),
    request_duration: `${(performance.now() - started).toFixed(3)}ms`,
  })
  return { status: 200, requestId, body }
}

/** The headers of an answer, with the Server-Timing the edge adds. */
export function answerHeaders(answer: Answer, started: number): Record<string, string> {
  return {
    ...EDGE_HEADERS,
    'content-type': 'application/json',
    'server-timing': `total;dur=${(performance.now() - started).toFixed(3)}`,
    'x-request-id': answer.requestId,
  }
}
