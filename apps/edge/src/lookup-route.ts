// The lookup route, with one way in from Hono and one straight from the runtime's fetch: the same
// handler either way, so the hot path skips Hono's router and context without a second version.
import {
  type Answer,
  type LookupContext,
  type LookupCore,
  type RequestMeta,
  requestIdFrom,
} from '@joinlink/core'
import { BODY_LIMIT_BYTES, LOOKUP_PATH } from '@joinlink/validation'
import type { Config } from './config.ts'
import { authorizer } from './middleware/auth/index.ts'
import { readBody } from './middleware/body-limit/index.ts'
import { rateLimited, rateWindows } from './middleware/rate-limit/index.ts'
import type { Responder } from './respond.ts'

/** What a runtime hands a fetch handler besides the request: its env and execution context. */
export interface Platform {
  /** The second argument of the runtime's fetch (Hono's `c.env`). */
  env: unknown
  /** Background work after the answer (a Worker's `ctx.waitUntil`); absent elsewhere. */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
}

/** Serves `POST` on the lookup path; see {@link lookupRoute}. */
export type LookupHandler = (request: Request, platform: Platform, meta?: RequestMeta) => Promise<Response>

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
): LookupHandler {
  const { rateLimit } = config
  const overLimit = rateLimit > 0 ? rateWindows(rateLimit) : undefined
  const authorize = authorizer(config.apiKeys, config.public)

  const answer = async (request: Request, meta: RequestMeta, context: LookupContext): Promise<Answer> => {
    if (overLimit) {
      const retryAfterS = overLimit(context.clientAddress ?? 'unknown')
      if (retryAfterS !== undefined) throw rateLimited(rateLimit, retryAfterS)
    }
    const authorized = authorize(request.headers.get('authorization') ?? undefined)
    const profile = typeof authorized === 'string' ? authorized : await authorized
    return core.lookup({
      method: 'POST',
      contentType: request.headers.get('content-type'),
      body: await readBody(request, BODY_LIMIT_BYTES),
      requestId: meta.requestId,
      startedAt: meta.startedAt,
      profile,
      context,
    })
  }

  return async (request, platform, given) => {
    const meta = given ?? {
      requestId: requestIdFrom(request.headers.get('x-request-id')),
      startedAt: performance.now(),
    }
    const context = new RequestContext(request, platform, clientAddress(request, platform.env))
    let done: Answer
    try {
      done = await answer(request, meta, context)
    } catch (error) {
      done = respond.fail(meta, error)
    }
    return respond.finish(meta, 'POST', LOOKUP_PATH, done)
  }
}

/**
 * What the source may use of the request. A class, so each request costs one small object and no
 * closures: an object literal with a getter and a closure per request was kept alive across
 * young-generation GCs, which then promoted each request's objects and took 30–100 ms each.
 */
class RequestContext implements LookupContext {
  readonly #request: Request
  readonly #platform: Platform
  readonly clientAddress?: string
  constructor(request: Request, platform: Platform, clientAddress: string | undefined) {
    this.#request = request
    this.#platform = platform
    if (clientAddress !== undefined) this.clientAddress = clientAddress
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
