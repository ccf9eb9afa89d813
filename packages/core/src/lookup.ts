import {
  BODY_LIMIT_BYTES,
  DEFAULT_ALLOWED_HOSTS,
  describeIssues,
  LOOKUP_PATH,
  lookupRequestSchema,
  normalizeJoinUrl,
} from '@joinlink/validation'
import { type Answer, errorAnswer, type RequestMeta, successAnswer } from './answer.ts'
import { LookupError, lookupError } from './errors.ts'
import { type ConferenceSource, type JoinLink, joinLink, type LookupContext } from './source.ts'

/** A request as the core sees it: what any HTTP server, or a test `fetch`, can hand over. */
export interface CoreRequest extends RequestMeta {
  method: string
  /** The request path, without the query (only {@link LookupCore.handle} reads it). */
  path?: string
  /** The `Content-Type` header, or null/undefined when none was sent. */
  contentType: string | null | undefined
  /** The body as text (or its bytes), empty or absent when none was sent. */
  body: string | Uint8Array | null | undefined
  /** `full` answers the record unchanged; `public` (the default) blanks every secret field. */
  profile?: 'public' | 'full'
  /** What the source may use of the request (signal, waitUntil, client address). */
  context?: LookupContext
}

/** Options of {@link createLookupCore}. */
export interface LookupCoreOptions {
  /** Where conferences come from. */
  source: ConferenceSource
  /** Join-link host families; default `qsh1.cn` and `quanshi.com`. */
  allowedHosts?: readonly string[]
}

/** The lookup, framework-free: every adapter (the edge, the test fetch, the bench) answers through it. */
export interface LookupCore {
  /** Answers `POST` on the lookup path: validates, normalises, looks up, projects, wraps. */
  lookup(request: CoreRequest): Promise<Answer>
  /** Routes by `request.path`: the lookup, or a 404/405 answer for any other path. */
  handle(request: CoreRequest): Promise<Answer>
  /** 405 (with `Allow`) when `routes` has the path but not the method, else 404 `ROUTE_NOT_FOUND`. */
  unrouted(method: string, path: string, meta: RequestMeta, routes?: Readonly<Record<string, string>>): Answer
  /** The answer for a failure raised outside the core (auth, rate limit, a fault): see `errorAnswer`. */
  fail(meta: RequestMeta, error: unknown): Answer
}

/** The routes of the lookup alone: the path and the one method it takes. */
export const LOOKUP_ROUTES: Readonly<Record<string, string>> = { [LOOKUP_PATH]: 'POST' }

// Only what the spec documents (`application/json`, any case, parameters allowed): a validating
// proxy or a fuzzer judges by the spec, so `application/*+json` is refused (415) like any other type.
const JSON_TYPE = /^\s*application\/json\s*(?:;|$)/i
const encoder = new TextEncoder()
const decoder = new TextDecoder()
const SEND_BODY = 'The body is not valid JSON'

/** UTF-8 size of a body; a string short enough to fit even at 3 bytes a unit is not measured. */
function byteLength(body: string | Uint8Array): number {
  if (typeof body !== 'string') return body.byteLength
  return body.length * 3 <= BODY_LIMIT_BYTES ? body.length : encoder.encode(body).byteLength
}

/** Reads, parses and validates the body and normalises its link; every caller mistake is a 400. */
function readLink(request: CoreRequest, allowedHosts: readonly string[]): JoinLink {
  const raw = request.body ?? ''
  if (byteLength(raw) > BODY_LIMIT_BYTES) throw lookupError('BODY_TOO_LARGE', { limit: BODY_LIMIT_BYTES })
  const type = request.contentType
  if (!type || !JSON_TYPE.test(type)) {
    throw lookupError('UNSUPPORTED_MEDIA_TYPE', {
      content_type: type ? JSON.stringify(type.slice(0, 100)) : 'none',
    })
  }
  const text = typeof raw === 'string' ? raw : decoder.decode(raw)
  if (!text.trim()) throw lookupError('MALFORMED_JSON', { reason: 'The body is empty' })
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw lookupError('MALFORMED_JSON', { reason: SEND_BODY })
  }
  const body = lookupRequestSchema.safeParse(json, { reportInput: true })
  if (!body.success) throw lookupError('INVALID_BODY', { issues: describeIssues(body.error.issues) })
  const link = normalizeJoinUrl(body.data.attendeeJoinUrl, allowedHosts)
  if (!link.ok) throw lookupError('INVALID_JOIN_LINK', { reason: link.reason })
  return joinLink(link.host, link.code, link.canonicalUrl)
}

/**
 * Makes the lookup core over a source.
 *
 * @example
 * ```ts
 * const core = createLookupCore({ source: createDatasetSource(index) })
 * const answer = await core.handle({
 *   method: 'POST', path: LOOKUP_PATH, contentType: 'application/json',
 *   body: '{"attendeeJoinUrl":"https://mtest.qsh1.cn/k/mkIW3Txa0Uk"}',
 *   requestId: requestIdFrom(null), startedAt: performance.now(),
 * })
 * // answer.status 200, answer.body the envelope (bytes; answerText(answer) for text), answer.headers the spec's headers
 * ```
 */
export function createLookupCore({
  source,
  allowedHosts = DEFAULT_ALLOWED_HOSTS,
}: LookupCoreOptions): LookupCore {
  async function lookup(request: CoreRequest): Promise<Answer> {
    if (request.method !== 'POST') return unrouted(request.method, LOOKUP_PATH, request)
    let link: JoinLink
    try {
      link = readLink(request, allowedHosts)
    } catch (error) {
      return errorAnswer(request, error)
    }
    const started = performance.now()
    let outcome: Awaited<ReturnType<ConferenceSource['lookup']>>
    try {
      outcome = await source.lookup(link, request.context ?? {})
    } catch (error) {
      // A fault that is not a LookupError is the server's own: the adapter logs it and calls fail().
      if (error instanceof LookupError) return errorAnswer(request, error, performance.now() - started)
      throw error instanceof Error ? error : new Error(`non-Error thrown: ${String(error)}`)
    }
    const sourceMs = performance.now() - started
    if (outcome.kind === 'not_found') {
      return errorAnswer(
        request,
        lookupError('NOT_FOUND', { link: link.canonicalUrl }),
        sourceMs,
        outcome.cache,
      )
    }
    const profile = request.profile ?? 'public'
    return successAnswer(request, profile, outcome.record, sourceMs, outcome.cache)
  }

  function unrouted(
    method: string,
    path: string,
    meta: RequestMeta,
    routes: Readonly<Record<string, string>> = LOOKUP_ROUTES,
  ): Answer {
    const allow = routes[path]
    // A path listed with this very method but not served here (a build without that page) is absent.
    const error =
      allow && !allow.split(', ').includes(method)
        ? lookupError('METHOD_NOT_ALLOWED', { path, method, allow }, { headers: { Allow: allow } })
        : lookupError('ROUTE_NOT_FOUND', { method, path, lookup_path: LOOKUP_PATH })
    return errorAnswer(meta, error)
  }

  return {
    lookup,
    handle: (request) =>
      request.path === LOOKUP_PATH
        ? lookup(request)
        : Promise.resolve(unrouted(request.method, request.path ?? '/', request)),
    unrouted,
    fail: (meta, error) => errorAnswer(meta, error),
  }
}
