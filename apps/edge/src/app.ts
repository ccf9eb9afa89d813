import { type ConferenceSource, createLookupCore, type LookupContext, LookupError } from '@joinlink/core'
import { BODY_LIMIT_BYTES, LOOKUP_PATH } from '@joinlink/validation'
import { type Context, Hono } from 'hono'
import { cors } from 'hono/cors'
import type { Config } from './config.ts'
import { docsPage } from './docs.ts'
import type { AppEnv } from './env.ts'
import { auth, metricsAuth } from './middleware/auth/index.ts'
import { bodyLimit } from './middleware/body-limit/index.ts'
import { rateLimit } from './middleware/rate-limit/index.ts'
import { requestContext } from './middleware/request-context/index.ts'
import { secureHeaderSet } from './middleware/secure-headers/index.ts'
import type { Exposition, Metrics } from './observability/metrics.ts'
import { READINESS_REASONS, type Readiness } from './observability/readiness.ts'
import type { TracedLookupContext, Tracer } from './observability/tracing.ts'
import { specJson, specYaml } from './openapi.gen.ts'
import { page, respond } from './respond.ts'

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
  /** Where requests, lookups and rate-limit refusals are counted; nothing is counted when absent. */
  metrics?: Metrics
  /**
   * The Prometheus exposition, served at GET /metrics on this app for keys scoped `metrics` (only
   * when such a key is configured; the entries can also serve it on a listener of its own).
   */
  exposition?: Exposition
  /** What /readyz answers; ready when absent. */
  readiness?: Readiness
  /** Spans for each request (the sources get their own through their deps). */
  tracer?: Tracer
}

/** Paths this app serves, with their methods, so a wrong method gets 405 rather than 404. */
const ROUTES: Readonly<Record<string, string>> = {
  [LOOKUP_PATH]: 'POST',
  '/healthz': 'GET, HEAD',
  '/readyz': 'GET, HEAD',
  '/openapi.json': 'GET, HEAD',
  '/openapi.yaml': 'GET, HEAD',
  '/docs': 'GET, HEAD',
}

const NO_STORE = { 'Cache-Control': 'no-store' }

/** /metrics is served on the public port only to keys scoped `metrics`: without one, not at all. */
const hasMetricsKey = (config: Config) => config.apiKeys.some((key) => key.scope === 'metrics')

const DOCS_CSP = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:",
}

/**
 * The Joinlink lookup app: the same on every runtime; the entry files only supply `deps`. It keeps
 * what is HTTP and deployment — routing, CORS, secure headers, auth, rate limit, body limit, logs —
 * and hands the lookup itself to the core (`@joinlink/core`).
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config, source, log, clientAddress, metrics, exposition, readiness, tracer } = deps
  const core = createLookupCore({ source, allowedHosts: config.allowedHosts })
  const routes = exposition && hasMetricsKey(config) ? { ...ROUTES, '/metrics': 'GET, HEAD' } : ROUTES
  const app = new Hono<AppEnv>()
  const meta = (c: Context<AppEnv>) => ({ requestId: c.get('requestId'), startedAt: c.get('startedAt') })
  const addressOf = (c: Context<AppEnv>) => clientAddress?.(c)

  const secure = secureHeaderSet(config.corsOrigins.length ? 'cross-origin' : 'same-origin')
  app.use(requestContext(config.log ? log : undefined, secure, { metrics, tracer }))
  if (config.corsOrigins.length) {
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

  // Off (0), the rate limit is not in the chain at all: one promise hop less per request.
  if (config.rateLimit > 0)
    app.post(
      LOOKUP_PATH,
      rateLimit(config.rateLimit, (c) => addressOf(c) ?? 'unknown', Date.now, metrics?.rateLimited),
    )
  app.post(LOOKUP_PATH, auth(config.apiKeys, config.public), bodyLimit(BODY_LIMIT_BYTES), async (c) => {
    const answer = await core.lookup({
      method: 'POST',
      contentType: c.req.header('content-type'),
      body: await c.req.text(),
      requestId: c.get('requestId'),
      startedAt: c.get('startedAt'),
      profile: c.get('profile'),
      context: lookupContext(c, addressOf(c)),
    })
    return respond(c, answer, secure)
  })

  const health = JSON.stringify({ status: 'ok', source: config.source })
  const json = 'application/json'
  app.get('/healthz', (c) => page(c, health, json, secure))
  app.get('/readyz', (c) => {
    const state = readiness?.state
    const body = state
      ? { status: 'not_ready', reason: state, msg: READINESS_REASONS[state], request_id: c.get('requestId') }
      : { status: 'ready', source: config.source, request_id: c.get('requestId') }
    return page(c, JSON.stringify(body), json, secure, undefined, state ? 503 : 200)
  })
  if (routes !== ROUTES && exposition) {
    app.get('/metrics', metricsAuth(config.apiKeys), async (c) =>
      page(c, await exposition.scrape(), exposition.contentType, secure, NO_STORE),
    )
  }
  app.get('/openapi.json', (c) => page(c, specJson, 'application/json; charset=utf-8', secure))
  app.get('/openapi.yaml', (c) => page(c, specYaml, 'application/yaml; charset=utf-8', secure))
  app.get('/docs', (c) => page(c, docsPage, 'text/html; charset=UTF-8', secure, DOCS_CSP))

  app.notFound((c) => respond(c, core.unrouted(c.req.method, c.req.path, meta(c), routes), secure))

  app.onError((error, c) => {
    // Only faults of our own are not LookupErrors: log what happened, answer without any detail.
    if (!(error instanceof LookupError)) {
      log?.(
        JSON.stringify({
          time: new Date().toISOString(),
          msg: 'unhandled error',
          request_id: c.get('requestId'),
          error: String(error),
        }),
      )
    }
    return respond(c, core.fail(meta(c), error), secure)
  })

  return app
}

/**
 * What the source may use of this request, from Hono's own context: the request's signal, the
 * platform's `waitUntil` (`c.executionCtx`, present on Workers) and the client's address.
 */
function lookupContext(c: Context<AppEnv>, clientAddress: string | undefined): LookupContext {
  const context: TracedLookupContext = {
    signal: c.req.raw.signal,
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
  const trace = c.get('trace')
  if (trace) context.trace = trace
  return context
}
