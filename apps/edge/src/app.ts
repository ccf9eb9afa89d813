import {
  describeIssues,
  LOOKUP_PATH,
  lookupRequestSchema,
  normalizeJoinUrl,
  toPublicConference,
} from '@joinlink/validation'
import { type Context, Hono } from 'hono'
import { cors } from 'hono/cors'
import type { Config } from './config.ts'
import { docsPage } from './docs.ts'
import { type AppEnv, errorResponse, respond, successBody } from './envelope.ts'
import { AppError } from './errors.ts'
import { auth } from './middleware/auth/index.ts'
import { bodyLimit } from './middleware/body-limit/index.ts'
import { requireJson } from './middleware/content-type/index.ts'
import { rateLimit } from './middleware/rate-limit/index.ts'
import { requestContext } from './middleware/request-context/index.ts'
import { secureHeaderSet } from './middleware/secure-headers/index.ts'
import { specJson, specYaml } from './openapi.gen.ts'
import { type SpecText, servedSpec } from './served-spec.ts'
import type { ConferenceSource } from './sources/types.ts'

export interface AppDeps {
  config: Config
  source: ConferenceSource
  /** Writes one log line; absent, nothing is logged. */
  log?: (line: string) => void
  /** The client's address for the rate limit; each runtime's entry knows how to find it. */
  clientAddress?: (c: Context<AppEnv>) => string | undefined
  /**
   * The spec text this build carries (default: spec/openapi.yaml as embedded in openapi.gen.ts);
   * the Worker entry hands in its static assets' text. Served adapted to `config`.
   */
  spec?: SpecText
}

/** Paths this app serves, with their methods, so a wrong method gets 405 rather than 404. */
const ROUTES: Record<string, string> = {
  [LOOKUP_PATH]: 'POST',
  '/healthz': 'GET, HEAD',
  '/openapi.json': 'GET, HEAD',
  '/openapi.yaml': 'GET, HEAD',
  '/docs': 'GET, HEAD',
}

const JSON_TYPE = 'application/json'
const DOCS_CSP = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:",
}

/** The Joinlink lookup app: the same on every runtime; the entry files only supply `deps`. */
export function createApp({ config, source, log, clientAddress, spec }: AppDeps): Hono<AppEnv> {
  const app = new Hono<AppEnv>()
  // Once, at creation: this deployment's host families and whether a key is required.
  const served = servedSpec(spec ?? { json: specJson, yaml: specYaml }, config)

  const secure = secureHeaderSet(config.corsOrigins.length ? 'cross-origin' : 'same-origin')
  app.use(requestContext(config.log ? log : undefined, secure))
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
      rateLimit(config.rateLimit, (c) => clientAddress?.(c) ?? 'unknown'),
    )
  // Responses carry their headers from `respond` (envelope.ts): handlers never call c.header().
  app.post(
    LOOKUP_PATH,
    auth(config.apiKeys, config.public),
    requireJson(),
    bodyLimit(config.bodyLimitBytes, () => {
      throw new AppError(
        41301,
        `The body is over ${config.bodyLimitBytes} bytes; send only {"attendeeJoinUrl": "<link>"}.`,
      )
    }),
    async (c) => {
      try {
        const link = await readLink(c, config.allowedHosts)
        const started = performance.now()
        const outcome = await source.lookup(link.code, link.canonicalUrl, c.req.raw.signal)
        c.get('timings').push(`source;dur=${(performance.now() - started).toFixed(3)}`)
        if (outcome.cache) c.set('cache', outcome.cache)
        if (outcome.kind === 'not_found') {
          throw new AppError(
            40401,
            `No conference was found for the join link ${link.canonicalUrl}. Check the link in the invitation.`,
          )
        }
        const conference =
          c.get('profile') === 'full' ? outcome.conference : toPublicConference(outcome.conference)
        return respond(c, JSON.stringify(successBody(c, conference, outcome.reqid)), 200, JSON_TYPE)
      } catch (thrown) {
        // Hono hands only Error instances to onError; anything else would escape as a bare 500.
        throw thrown instanceof Error ? thrown : new Error(`non-Error thrown: ${String(thrown)}`)
      }
    },
  )

  const health = JSON.stringify({ status: 'ok', source: config.source })
  app.get('/healthz', (c) => respond(c, health, 200, JSON_TYPE))
  app.get('/openapi.json', (c) => respond(c, served.json, 200, 'application/json; charset=utf-8'))
  app.get('/openapi.yaml', (c) => respond(c, served.yaml, 200, 'application/yaml; charset=utf-8'))
  app.get('/docs', (c) => respond(c, docsPage, 200, 'text/html; charset=UTF-8', DOCS_CSP))

  app.notFound((c) => {
    const allowed = ROUTES[c.req.path]
    if (allowed) {
      return errorResponse(
        c,
        new AppError(40501, `${c.req.path} does not take ${c.req.method}; use ${allowed}.`),
        { Allow: allowed },
      )
    }
    return errorResponse(
      c,
      new AppError(
        40402,
        `There is nothing at ${c.req.method} ${c.req.path}. The lookup is POST ${LOOKUP_PATH}; see /docs.`,
      ),
    )
  })

  app.onError((error, c) => {
    if (error instanceof AppError) return errorResponse(c, error)
    // Only faults of our own reach here: log what happened, answer without any detail of it.
    log?.(
      JSON.stringify({
        time: new Date().toISOString(),
        msg: 'unhandled error',
        request_id: c.get('requestId'),
        error: String(error),
      }),
    )
    return errorResponse(
      c,
      new AppError(50001, 'Something went wrong on our side. Quote the request_id when reporting it.'),
    )
  })

  return app
}

/** Reads, parses and validates the body, and normalises its link: every caller mistake is a 400. */
async function readLink(c: Context<AppEnv>, allowedHosts: readonly string[]) {
  const text = await c.req.text()
  if (!text.trim()) throw new AppError(40001, 'The body is empty. Send {"attendeeJoinUrl": "<link>"}.')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    throw new AppError(40001, 'The body is not valid JSON. Send {"attendeeJoinUrl": "<link>"}.')
  }
  const body = lookupRequestSchema.safeParse(json, { reportInput: true })
  if (!body.success) {
    throw new AppError(
      40002,
      `The body must be {"attendeeJoinUrl": "<link>"}: ${describeIssues(body.error.issues)}.`,
    )
  }
  const link = normalizeJoinUrl(body.data.attendeeJoinUrl, allowedHosts)
  if (!link.ok) throw new AppError(40003, `attendeeJoinUrl: ${link.reason}.`)
  return link
}
