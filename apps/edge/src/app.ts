import { type ConferenceSource, createLookupCore, type LookupContext, LookupError } from '@joinlink/core'
import { BODY_LIMIT_BYTES, LOOKUP_PATH } from '@joinlink/validation'
import { type Context, Hono } from 'hono'
import { cors } from 'hono/cors'
import type { Config } from './config.ts'
import { docsPage, gzipOnce, SCALAR_CACHE_CONTROL, SCALAR_PATH } from './docs.ts'
import { scalarScript } from './docs-script.ts'
import type { AppEnv } from './env.ts'
import { auth, metricsAuth } from './middleware/auth/index.ts'
import { bodyLimit } from './middleware/body-limit/index.ts'
import { memoryLimiter, type RateLimiter, rateLimit } from './middleware/rate-limit/index.ts'
import { requestContext } from './middleware/request-context/index.ts'
import { secureHeaderSet } from './middleware/secure-headers/index.ts'
import type { Exposition, Metrics } from './observability/metrics.ts'
import { READINESS_REASONS, type Readiness } from './observability/readiness.ts'
import type { TracedLookupContext, Tracer } from './observability/tracing.ts'
import { specJson, specYaml } from './openapi.gen.ts'
import { page, respond } from './respond.ts'
import { type SpecText, servedSpec } from './served-spec.ts'
import type { DriftSummary } from './sources/drift.ts'

export interface AppDeps {
  config: Config
  /** Where conferences come from; a source that reads a vendor also reports its drift, for /healthz. */
  source: ConferenceSource & { drift?(): DriftSummary }
  /** Writes one log line; absent, nothing is logged. */
  log?: (line: string) => void
  /**
   * The client's address, for the rate limit and the source's context: each runtime's entry
   * reads it with its own Hono helper (`getConnInfo` of @hono/node-server, hono/bun, hono/deno…).
   */
  clientAddress?: (c: Context<AppEnv>) => string | undefined
  /**
   * The spec text this build carries (default: spec/openapi.yaml as embedded in openapi.gen.ts);
   * the Worker entry hands in its static assets' text. Served adapted to `config`.
   */
  spec?: SpecText
  /**
   * Counts requests per client for `config.rateLimit`: on Workers the platform's Rate Limiting
   * binding; absent, an in-memory limiter of this process (or isolate).
   */
  rateLimiter?: RateLimiter
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
  [SCALAR_PATH]: 'GET, HEAD',
}

const NO_STORE = { 'Cache-Control': 'no-store' }

/** /metrics is served on the public port only to keys scoped `metrics`: without one, not at all. */
const hasMetricsKey = (config: Config) => config.apiKeys.some((key) => key.scope === 'metrics')

/**
 * The Joinlink lookup app: the same on every runtime; the entry files only supply `deps`. It keeps
 * what is HTTP and deployment — routing, CORS, secure headers, auth, rate limit, body limit, logs —
 * and hands the lookup itself to the core (`@joinlink/core`).
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const { config, source, log, clientAddress, spec, rateLimiter, metrics, exposition, readiness, tracer } =
    deps
  const core = createLookupCore({ source, allowedHosts: config.allowedHosts })
  const routes = exposition && hasMetricsKey(config) ? { ...ROUTES, '/metrics': 'GET, HEAD' } : ROUTES
  const app = new Hono<AppEnv>()
  // Once, at creation: this deployment's host families and whether a key is required.
  const served = servedSpec(spec ?? { json: specJson, yaml: specYaml }, config)
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
  if (config.rateLimit > 0) {
    const limiter = rateLimiter ?? memoryLimiter(config.rateLimit)
    app.post(
      LOOKUP_PATH,
      rateLimit(config.rateLimit, limiter, (c) => addressOf(c) ?? 'unknown', metrics?.rateLimited),
    )
  }
  app.post(LOOKUP_PATH, auth(config.apiKeys, config.public), bodyLimit(BODY_LIMIT_BYTES), async (c) => {
    const body = await c.req.text().catch((error: unknown) => {
      if (clientGone(c, error)) return undefined
      throw error
    })
    if (body === undefined) return clientAbort(c)
    const answer = await core.lookup({
      method: 'POST',
      contentType: c.req.header('content-type'),
      body,
      requestId: c.get('requestId'),
      startedAt: c.get('startedAt'),
      profile: c.get('profile'),
      context: lookupContext(c, addressOf(c)),
    })
    return respond(c, answer, secure)
  })

  const health = JSON.stringify({ status: 'ok', source: config.source })
  // With a vendor behind it, health also shows the vendor's drift from the spec (paths and counts).
  const healthBody = () =>
    source.drift ? JSON.stringify({ status: 'ok', source: config.source, drift: source.drift() }) : health
  const json = 'application/json'
  app.get('/healthz', (c) => page(c, healthBody(), json, secure))
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
  app.get('/openapi.json', (c) => page(c, served.json, 'application/json; charset=utf-8', secure))
  app.get('/openapi.yaml', (c) => page(c, served.yaml, 'application/yaml; charset=utf-8', secure))
  app.get('/docs', (c) => {
    const docs = docsPage()
    return page(c, docs.html, 'text/html; charset=UTF-8', secure, {
      'Content-Security-Policy': docs.csp,
      'Cache-Control': 'no-store',
    })
  })
  // Built bundles carry Scalar's script; on Workers it is a static asset (see src/entry/worker.ts).
  if (scalarScript !== undefined) {
    const script = scalarScript
    const gzipped = gzipOnce(script)
    const type = 'text/javascript; charset=utf-8'
    const headers = { 'Cache-Control': SCALAR_CACHE_CONTROL, Vary: 'Accept-Encoding' }
    app.get(SCALAR_PATH, async (c) => {
      if (!/\bgzip\b/i.test(c.req.header('accept-encoding') ?? ''))
        return page(c, script, type, secure, headers)
      const head = page(c, '', type, secure, { ...headers, 'Content-Encoding': 'gzip' })
      return new Response(await gzipped(), { status: 200, headers: head.headers })
    })
  }

  app.notFound((c) => respond(c, core.unrouted(c.req.method, c.req.path, meta(c), routes), secure))

  app.onError((error, c) => {
    // A body stream that fails because the client left (e.g. in the body limit) is its abort, not our fault.
    if (!(error instanceof LookupError) && clientGone(c, error)) return clientAbort(c)
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

/** Connection-gone errors of a body read: Deno's (by name; it does not abort the signal) and Node's. */
const GONE = new Set([
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
 * request's signal then; Deno throws a `BadResource` and leaves the signal alone.
 */
function clientGone(c: Context<AppEnv>, error: unknown): boolean {
  if (c.req.raw.signal.aborted) return true
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown }
  return GONE.has(String(name)) || GONE.has(String(code))
}

/**
 * The client went away before its body arrived: nobody will read an answer, so none is built; the
 * log line says 499 (nginx's "client closed request"), and no error line is written.
 */
function clientAbort(c: Context<AppEnv>): Response {
  c.set('answered', true)
  return new Response(null, { status: 499 })
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
