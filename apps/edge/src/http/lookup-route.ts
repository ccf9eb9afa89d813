// The lookup route, with one way in from Hono and one straight from the runtime's fetch: the same
// handler either way, so the hot path skips Hono's router and context without a second version.
import {
  type Answer,
  type LookupContext,
  type LookupCore,
  LookupError,
  type RequestMeta,
} from '@joinlink/core'
import { BODY_LIMIT_BYTES, LOOKUP_PATH } from '@joinlink/validation'
import type { Config } from '../config/config.ts'
import { authorizer } from '../middleware/auth/index.ts'
import { readBody } from '../middleware/body-limit/index.ts'
import { clientKey } from '../middleware/rate-limit/client-key.ts'
import { type RateLimiter, rateCheck } from '../middleware/rate-limit/index.ts'
import type { TracedLookupContext, TraceSpan } from '../observability/tracing.ts'
import { forwardedTrace, type RequestState, type Responder } from './respond.ts'

/** What a runtime hands a fetch handler besides the request: its env and execution context. */
export interface Platform {
  /** The second argument of the runtime's fetch (Hono's `c.env`). */
  env: unknown
  /** Background work after the answer (a Worker's `ctx.waitUntil`); absent elsewhere. */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
}

/** Serves `POST` on the lookup path; see {@link lookupRoute}. */
export type LookupHandler = (request: Request, platform: Platform, meta?: RequestState) => Promise<Response>

/** What the lookup route needs besides the config, the core and the responder. */
export interface LookupRouteDeps {
  /** Counts requests per client when `config.rateLimit` > 0 (in memory, or the Workers binding). */
  limiter?: RateLimiter | undefined
  /** Called for each request the rate limit refuses (the metrics' counter). */
  onLimited?: (() => void) | undefined
  /** Whether the metrics flush per request (Workers' Analytics Engine): the platform's `waitUntil` is kept for them. */
  flushes?: boolean | undefined
}

/**
 * The lookup route's handler: rate limit, API key, body size (plain calls, no middleware layer
 * each), then the core, then the responder's answer and log line. `clientAddress` reads the
 * caller's address from the request and the runtime's env.
 */
export function lookupRoute(
  config: Config,
  core: LookupCore,
  respond: Responder,
  clientAddress: (request: Request, env: unknown) => string | undefined,
  { limiter, onLimited, flushes }: LookupRouteDeps = {},
): LookupHandler {
  const { rateLimit } = config
  const checkRate = rateLimit > 0 && limiter ? rateCheck(rateLimit, limiter, onLimited) : undefined
  const authorize = authorizer(config.apiKeys, config.public)

  const answer = async (
    request: Request,
    meta: RequestMeta,
    context: LookupContext,
  ): Promise<Answer | typeof GONE> => {
    if (checkRate) {
      // A memory limiter answers at once: no promise hop for it.
      const pending = checkRate(clientKey(context.clientAddress ?? 'unknown', config.rateLimitIpv6Prefix))
      if (pending) await pending
    }
    const authorized = authorize(request.headers.get('authorization') ?? undefined)
    const profile = typeof authorized === 'string' ? authorized : await authorized
    let body: string | Uint8Array
    try {
      body = await readBody(request, BODY_LIMIT_BYTES)
    } catch (error) {
      if (!(error instanceof LookupError) && clientGone(request, error)) return GONE
      throw error
    }
    return core.lookup({
      method: 'POST',
      contentType: request.headers.get('content-type'),
      body,
      requestId: meta.requestId,
      startedAt: meta.startedAt,
      profile,
      context,
    })
  }

  return async (request, platform, given) => {
    const meta = given ?? respond.start(request)
    if (flushes && !given) meta.waitUntil = platform.waitUntil
    const context = new RequestContext(request, platform, clientAddress(request, platform.env), meta.trace)
    meta.client = context.clientAddress
    let done: Answer | typeof GONE
    try {
      done = await answer(request, meta, context)
    } catch (error) {
      // A body stream that fails because the client left (in the body limit, say) is its abort, not our fault.
      done = !(error instanceof LookupError) && clientGone(request, error) ? GONE : respond.fail(meta, error)
    }
    if (done === GONE) return respond.gone(meta, 'POST', LOOKUP_PATH)
    return respond.finish(meta, 'POST', LOOKUP_PATH, done)
  }
}

/**
 * What the source may use of the request. A class, so each request costs one small object and no
 * closures: an object literal with a getter and a closure per request was kept alive across
 * young-generation GCs, which then promoted each request's objects and took 30–100 ms each.
 */
class RequestContext implements TracedLookupContext {
  readonly #request: Request
  readonly #platform: Platform
  #trace: TraceSpan | undefined | null
  readonly clientAddress?: string
  constructor(
    request: Request,
    platform: Platform,
    clientAddress: string | undefined,
    trace: TraceSpan | undefined,
  ) {
    this.#request = request
    this.#platform = platform
    // null: no span of ours; the caller's `traceparent` is read only if a source asks for it.
    this.#trace = trace ?? null
    if (clientAddress !== undefined) this.clientAddress = clientAddress
  }
  /** The request's span, or the caller's forwarded trace context; the vendor call is its child. */
  get trace(): TraceSpan | undefined {
    if (this.#trace === null) this.#trace = forwardedTrace(this.#request)
    return this.#trace
  }
  /** Read lazily: @hono/node-server makes an AbortController only when the signal is read. */
  get signal(): AbortSignal {
    return this.#request.signal
  }
  waitUntil(promise: Promise<unknown>): void {
    this.#platform.waitUntil?.(promise)
  }
}

/** True for exactly `POST <lookup path>` (any query); anything else goes through Hono's router. */
export function isLookupRequest(request: Request): boolean {
  if (request.method !== 'POST') return false
  const url = request.url
  const start = url.indexOf('/', url.indexOf('//') + 2)
  if (start < 0 || !url.startsWith(LOOKUP_PATH, start)) return false
  const end = start + LOOKUP_PATH.length
  return end === url.length || url.charCodeAt(end) === 63 /* ? */
}

/** The client went away before its body arrived (see {@link clientGone}). */
const GONE = Symbol('client gone')

/** Connection-gone errors of a body read: Deno's (by name; it does not abort the signal) and Node's. */
const GONE_ERRORS = new Set([
  'BadResource',
  'ConnectionReset',
  'ConnectionAborted',
  'BrokenPipe',
  'UnexpectedEof',
  'ECONNRESET',
  'ERR_STREAM_PREMATURE_CLOSE',
])

/**
 * Whether `error` (from reading the body) means the client went away: Node and Bun abort the
 * request's signal then; Deno throws a `BadResource` and leaves the signal alone. Read only on a
 * failure, so the signal (an AbortController in @hono/node-server) is not made per request.
 */
function clientGone(request: Request, error: unknown): boolean {
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown }
  if (GONE_ERRORS.has(String(name)) || GONE_ERRORS.has(String(code))) return true
  return request.signal.aborted
}
