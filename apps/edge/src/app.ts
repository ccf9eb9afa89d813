import { type ConferenceSource, createLookupCore } from '@joinlink/core'
import { LOOKUP_PATH } from '@joinlink/validation'
import { type Context, type ExecutionContext, Hono } from 'hono'
import { cors } from 'hono/cors'
import type { Config } from './config.ts'
import { docsPage } from './docs.ts'
import type { AppEnv } from './env.ts'
import { isLookupRequest, lookupRoute } from './lookup-route.ts'
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
   * Those read only `c.env` and `c.req`; the lookup's direct path hands them just that.
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

  const secure = secureHeaderSet(config.corsOrigins.length ? 'cross-origin' : 'same-origin')
  const logLine = config.log ? log : undefined
  const respond = responder(secure, logLine, log)
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

  // The lookup route: Hono routes to it when a middleware must wrap it (CORS) or the path only
  // matches once decoded; otherwise the app's fetch hands POST <lookup path> to it directly,
  // without Hono's router and per-request context. The same handler either way.
  const addressOf = (request: Request, env: unknown) =>
    clientAddress?.({
      env,
      req: { raw: request, header: (name: string) => request.headers.get(name) ?? undefined },
    } as unknown as Context<AppEnv>)
  const lookup = lookupRoute(config, core, respond, addressOf)
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
  const json = 'application/json'
  app.get('/healthz', (c) => respond.page(c, health, json))
  app.get('/openapi.json', (c) => respond.page(c, specJson, 'application/json; charset=utf-8'))
  app.get('/openapi.yaml', (c) => respond.page(c, specYaml, 'application/yaml; charset=utf-8'))
  app.get('/docs', (c) => respond.page(c, docsPage, 'text/html; charset=UTF-8', DOCS_CSP))

  app.notFound((c) => respond.answer(c, core.unrouted(c.req.method, c.req.path, respond.begin(c), ROUTES)))

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
