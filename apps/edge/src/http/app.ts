import { type ConferenceSource, createLookupCore, lookupError } from '@joinlink/core'
import { LOOKUP_PATH } from '@joinlink/validation'
import { type Context, type ExecutionContext, Hono } from 'hono'
import { cors } from 'hono/cors'
import type { Config } from '../config/config.ts'
import { metricsAuth } from '../middleware/auth/index.ts'
import { corsPreflightGuard } from '../middleware/cors-preflight/index.ts'
import { clientKey } from '../middleware/rate-limit/client-key.ts'
import { memoryLimiter, type RateLimiter, rateCheck } from '../middleware/rate-limit/index.ts'
import { requestContext } from '../middleware/request-context/index.ts'
import { secureHeaderSet } from '../middleware/secure-headers/index.ts'
import { noiseLimit } from '../observability/log-limit.ts'
import type { Exposition, Metrics } from '../observability/metrics.ts'
import { READINESS_REASONS, type Readiness } from '../observability/readiness.ts'
import type { Tracer } from '../observability/tracing.ts'
import type { DriftSummary } from '../sources/drift.ts'
import { docsPage, SCALAR_CACHE_CONTROL, SCALAR_PATH } from './docs.ts'
import { scalarScript, scalarScriptBrotli, scalarScriptGzip } from './docs-script.ts'
import type { AppEnv } from './env.ts'
import { isLookupRequest, lookupRoute } from './lookup-route.ts'
import { specJson, specYaml } from './openapi.gen.ts'
import { type Compressor, type PreparedPage, pageAnswer, preparePage } from './pages.ts'
import { responder } from './respond.ts'
import { ROUTES } from './routes.ts'
import { type SpecText, servedSpec } from './served-spec.ts'

export interface AppDeps {
  config: Config
  /** Where conferences come from; a source that reads a vendor also reports its drift, for /healthz. */
  source: ConferenceSource & { drift?(): DriftSummary | undefined }
  /** Writes one log line; absent, nothing is logged. */
  log?: (line: string) => void
  /**
   * The client's address, for the rate limit and the source's context: each runtime's entry
   * reads it with its own Hono helper (`getConnInfo` of @hono/node-server, hono/bun, hono/deno…).
   * Those read only `c.env` and `c.req`; the lookup's direct path hands them just that.
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
  /**
   * Compresses the pages once at creation (gzip and brotli; node:zlib in the Node, Bun and Deno
   * entries). Absent, pages get gzip from CompressionStream, no brotli. `false` (the Worker entry):
   * identity only, as workerd compresses the body itself and would encode precompressed bytes twice.
   */
  compress?: Compressor | false
  /** The clock of the page limit and the log's noise limit (tests move it). */
  now?: () => number
}

/** The spec is revalidated (ETag) rather than cached blindly: a deployment may change it. */
const SPEC_CACHE_CONTROL = 'public, max-age=0, must-revalidate'

const NO_STORE = { 'Cache-Control': 'no-store' }

/** /metrics is served on the public port only to keys scoped `metrics`: without one, not at all. */
const hasMetricsKey = (config: Config) => config.apiKeys.some((key) => key.scope === 'metrics')

/**
 * The Joinlink lookup app: the same on every runtime; the entry files only supply `deps`. It keeps
 * what is HTTP and deployment — routing, CORS, secure headers, auth, rate limit, body limit, logs,
 * metrics and spans — and hands the lookup itself to the core (`@joinlink/core`).
 */
export function createApp(deps: AppDeps): Hono<AppEnv> {
  const {
    config,
    source,
    log,
    clientAddress,
    spec,
    rateLimiter,
    metrics,
    exposition,
    readiness,
    tracer,
    compress,
    now = Date.now,
  } = deps
  const core = createLookupCore({ source, allowedHosts: config.allowedHosts })
  const routes = exposition && hasMetricsKey(config) ? { ...ROUTES, '/metrics': 'GET, HEAD' } : ROUTES
  const app = new Hono<AppEnv>()
  // Once, at creation: this deployment's host families and whether a key is required.
  const served = servedSpec(spec ?? { json: specJson, yaml: specYaml }, config)

  const secure = secureHeaderSet(config.corsOrigins.length ? 'cross-origin' : 'same-origin')
  const noise =
    config.log && log && config.log4xxLimit > 0
      ? noiseLimit(log, {
          now,
          perWindow: config.log4xxLimit,
          keyOf: (address) => clientKey(address, config.rateLimitIpv6Prefix),
        })
      : undefined
  const respond = responder(secure, config.log ? log : undefined, log, {
    metrics,
    tracer,
    noise,
    clientOf: clientAddress,
  })
  if (config.corsOrigins.length) app.use(requestContext(secure, respond))
  // Before Hono's CORS middleware, which answers every preflight with 204.
  app.options('*', corsPreflightGuard(config.corsOrigins))
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

  // The lookup route: Hono routes to it when a middleware must wrap it (CORS) or the path only
  // matches once decoded; otherwise the app's fetch hands POST <lookup path> to it directly,
  // without Hono's router and per-request context. The same handler either way.
  const addressOf = (request: Request, env: unknown) =>
    clientAddress?.({
      env,
      req: { raw: request, header: (name: string) => request.headers.get(name) ?? undefined },
    } as unknown as Context<AppEnv>)
  // Off (0), no limiter is made or asked. One limiter: lookups and refused /metrics attempts share it.
  const limiter = config.rateLimit > 0 ? (rateLimiter ?? memoryLimiter(config.rateLimit)) : undefined
  const lookup = lookupRoute(config, core, respond, addressOf, {
    limiter,
    onLimited: metrics?.rateLimited,
    flushes: metrics?.flush !== undefined,
  })
  app.post(LOOKUP_PATH, (c) => {
    const meta = respond.begin(c)
    c.set('answered', true)
    return lookup(c.req.raw, { env: c.env, waitUntil: (promise) => waitUntilOf(c, promise) }, meta)
  })
  if (!config.corsOrigins.length) {
    const routed = app.fetch
    app.fetch = (request, env, ctx) =>
      isLookupRequest(request)
        ? lookup(request, { env, waitUntil: ctx && ((promise) => ctx.waitUntil(promise)) })
        : routed(request, env, ctx)
  }

  const health = JSON.stringify({ status: 'ok', source: config.source })
  // With a vendor behind it, health also shows the vendor's drift from the spec (paths and counts).
  const healthBody = () => {
    const drift = source.drift?.()
    return drift ? JSON.stringify({ status: 'ok', source: config.source, drift }) : health
  }
  const json = 'application/json'
  app.get('/healthz', (c) => respond.page(c, healthBody(), json))
  app.get('/readyz', (c) => {
    const state = readiness?.state
    const requestId = respond.begin(c).requestId
    const body = state
      ? { status: 'not_ready', reason: state, msg: READINESS_REASONS[state], request_id: requestId }
      : { status: 'ready', source: config.source, request_id: requestId }
    return respond.page(c, JSON.stringify(body), json, undefined, state ? 503 : 200)
  })
  if (routes !== ROUTES && exposition) {
    const checkRate = limiter && rateCheck(config.rateLimit, limiter, metrics?.rateLimited)
    const refusedAttempt = checkRate
      ? (c: Context<AppEnv>) =>
          checkRate(clientKey(clientAddress?.(c) ?? 'unknown', config.rateLimitIpv6Prefix))
      : undefined
    app.get('/metrics', metricsAuth(config.apiKeys, refusedAttempt), async (c) =>
      respond.page(c, await exposition.scrape(), exposition.contentType, NO_STORE),
    )
  }
  // Pages: bytes prepared once, each GET counted against the page limit of its client address.
  const pageLimit =
    config.pageRateLimit > 0
      ? rateCheck(config.pageRateLimit, memoryLimiter(config.pageRateLimit, now))
      : undefined
  const limited = (c: Context<AppEnv>): Response | undefined => {
    if (!pageLimit) return undefined
    try {
      pageLimit(clientKey(clientAddress?.(c) ?? 'unknown', config.rateLimitIpv6Prefix))
      return undefined
    } catch (error) {
      return respond.answer(c, respond.fail(respond.begin(c), error))
    }
  }
  const serve = (path: string, page: PreparedPage, extra?: Readonly<Record<string, string>>) =>
    app.get(path, (c) => {
      const refused = limited(c)
      if (refused) return refused
      const answer = pageAnswer(page, c.req.header('accept-encoding'), c.req.header('if-none-match'))
      return respond.page(c, answer.body, page.type, { ...answer.headers, ...extra }, answer.status)
    })
  serve(
    '/openapi.json',
    preparePage(served.json, 'application/json; charset=utf-8', SPEC_CACHE_CONTROL, compress),
  )
  serve(
    '/openapi.yaml',
    preparePage(served.yaml, 'application/yaml; charset=utf-8', SPEC_CACHE_CONTROL, compress),
  )
  app.get('/docs', (c) => {
    const refused = limited(c)
    if (refused) return refused
    // Built per request (1 KiB): its CSP nonce must be new for every answer.
    const docs = docsPage()
    return respond.page(c, docs.html, 'text/html; charset=UTF-8', {
      'Content-Security-Policy': docs.csp,
      'Cache-Control': 'no-store',
    })
  })
  // Built bundles carry Scalar's script, compressed at build; on Workers it is a static asset (see src/entry/worker.ts).
  if (scalarScript !== undefined) {
    serve(
      SCALAR_PATH,
      preparePage(scalarScript, 'text/javascript; charset=utf-8', SCALAR_CACHE_CONTROL, compress, {
        gzip: scalarScriptGzip,
        br: scalarScriptBrotli,
      }),
    )
  }

  // A person who opens the server's address gets the reference, not a 404.
  app.get('/', (c) => respond.page(c, 'See /docs', 'text/plain; charset=utf-8', { Location: '/docs' }, 302))
  // Not served on this port: say what would serve it, rather than a bare 404 40402.
  if (routes === ROUTES) {
    app.get('/metrics', () => {
      throw lookupError('METRICS_NOT_SERVED', {})
    })
  }

  app.notFound((c) => respond.answer(c, core.unrouted(c.req.method, c.req.path, respond.begin(c), routes)))

  // Only faults of our own are not LookupErrors: the responder logs them; no detail in the answer.
  app.onError((error, c) => respond.answer(c, respond.fail(respond.begin(c), error)))

  return app
}

/** `c.executionCtx.waitUntil` where there is one (Workers); Hono throws elsewhere, where the promise simply runs on. */
function waitUntilOf(c: Context<AppEnv>, promise: Promise<unknown>): void {
  let ctx: ExecutionContext
  try {
    ctx = c.executionCtx
  } catch {
    return
  }
  ctx.waitUntil(promise)
}
