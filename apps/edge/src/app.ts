import { type ConferenceSource, createLookupCore, type LookupContext, LookupError } from '@joinlink/core'
import { BODY_LIMIT_BYTES, LOOKUP_PATH } from '@joinlink/validation'
import { type Context, Hono } from 'hono'
import { cors } from 'hono/cors'
import type { Config } from './config.ts'
import { docsPage } from './docs.ts'
import type { AppEnv } from './env.ts'
import { authorizer } from './middleware/auth/index.ts'
import { readBody } from './middleware/body-limit/index.ts'
import { rateLimited, rateWindows } from './middleware/rate-limit/index.ts'
import { requestContext } from './middleware/request-context/index.ts'
import { secureHeaderSet } from './middleware/secure-headers/index.ts'
import { specJson, specYaml } from './openapi.gen.ts'
import { responder } from './respond.ts'
import { ROUTES } from './routes.ts'

export interface AppDeps {
  config: Config
  source: ConferenceSource
  /** Writes one log line; absent, nothing is logged. */
  log?: (line: string) => void
  /**
   * The client's address, for the rate limit and the source's context: each runtime's entry
   * reads it with its own Hono helper (`getConnInfo` of @hono/node-server, hono/bun, hono/deno…).
   */
  clientAddress?: (c: Context<AppEnv>) => string | undefined
}

const DOCS_CSP = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:",
}

/**
 * The Joinlink lookup app: the same on every runtime; the entry files only supply `deps`. It keeps
 * what is HTTP and deployment — routing, CORS, secure headers, auth, rate limit, body limit, logs —
 * and hands the lookup itself to the core (`@joinlink/core`).
 */
export function createApp({ config, source, log, clientAddress }: AppDeps): Hono<AppEnv> {
  const core = createLookupCore({ source, allowedHosts: config.allowedHosts })
  const app = new Hono<AppEnv>()
  const addressOf = (c: Context<AppEnv>) => clientAddress?.(c)

  const secure = secureHeaderSet(config.corsOrigins.length ? 'cross-origin' : 'same-origin')
  const logLine = config.log ? log : undefined
  const respond = responder(secure, logLine)
  if (config.corsOrigins.length) {
    app.use(requestContext(logLine, secure, respond))
    app.use(
      cors({
        origin: config.corsOrigins.includes('*') ? '*' : [...config.corsOrigins],
        allowMethods: ['POST', 'GET', 'OPTIONS'],
        allowHeaders: ['Content-Type', 'Authorization', 'X-Request-Id'],
        exposeHeaders: ['X-Request-Id', 'Server-Timing', 'Retry-After', 'X-Joinlink-Cache'],
        maxAge: 600,
      }),
    )
  }

  // The lookup route's checks are plain calls in one handler, not a middleware each: every
  // middleware layer costs a promise hop per request. Order: rate limit, API key, body size.
  const { rateLimit } = config
  const overLimit = rateLimit > 0 ? rateWindows(rateLimit) : undefined
  const authorize = authorizer(config.apiKeys, config.public)
  app.post(LOOKUP_PATH, async (c) => {
    const meta = respond.begin(c)
    const address = addressOf(c)
    if (overLimit) {
      const retryAfterS = overLimit(address ?? 'unknown')
      if (retryAfterS !== undefined) throw rateLimited(rateLimit, retryAfterS)
    }
    const authorized = authorize(c.req.header('authorization'))
    const profile = typeof authorized === 'string' ? authorized : await authorized
    const answer = await core.lookup({
      method: 'POST',
      contentType: c.req.header('content-type'),
      body: await readBody(c.req.raw, BODY_LIMIT_BYTES),
      requestId: meta.requestId,
      startedAt: meta.startedAt,
      profile,
      context: lookupContext(c, address),
    })
    return respond.answer(c, answer)
  })

  const health = JSON.stringify({ status: 'ok', source: config.source })
  const json = 'application/json'
  app.get('/healthz', (c) => respond.page(c, health, json))
  app.get('/openapi.json', (c) => respond.page(c, specJson, 'application/json; charset=utf-8'))
  app.get('/openapi.yaml', (c) => respond.page(c, specYaml, 'application/yaml; charset=utf-8'))
  app.get('/docs', (c) => respond.page(c, docsPage, 'text/html; charset=UTF-8', DOCS_CSP))

  app.notFound((c) => respond.answer(c, core.unrouted(c.req.method, c.req.path, respond.begin(c), ROUTES)))

  app.onError((error, c) => {
    // Only faults of our own are not LookupErrors: log what happened, answer without any detail.
    if (!(error instanceof LookupError)) {
      log?.(
        JSON.stringify({
          time: new Date().toISOString(),
          msg: 'unhandled error',
          request_id: respond.begin(c).requestId,
          error: String(error),
        }),
      )
    }
    return respond.answer(c, core.fail(respond.begin(c), error))
  })

  return app
}

/**
 * What the source may use of this request, from Hono's own context: the request's signal, the
 * platform's `waitUntil` (`c.executionCtx`, present on Workers) and the client's address.
 */
function lookupContext(c: Context<AppEnv>, clientAddress: string | undefined): LookupContext {
  const context: LookupContext = {
    // A getter: @hono/node-server makes the AbortController only when the signal is read, and a
    // dataset lookup never reads it.
    get signal() {
      return c.req.raw.signal
    },
    // Read when background work starts, not per request: Hono throws when there is no ExecutionContext.
    waitUntil: (promise) => {
      try {
        c.executionCtx.waitUntil(promise)
      } catch {
        // Node, Bun, Deno: no ExecutionContext; the promise simply runs on.
      }
    },
  }
  if (clientAddress !== undefined) context.clientAddress = clientAddress
  return context
}
