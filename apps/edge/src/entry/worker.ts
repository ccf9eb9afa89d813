// Cloudflare Workers entry: configuration from the Worker's bindings (vars and secrets), read once
// per isolate; the same createSource as every runtime (the embedded dataset, as there is no file
// system; in upstream mode the Cache API as the layer shared by the isolates of a colo);
// CF-Connecting-IP for the client; `ctx` reaches the sources as Hono's `c.executionCtx`; the rate
// limit counted by the platform's Rate Limiting binding `LIMITER` when one is configured.
import { errorAnswer } from '@joinlink/core'
import type { Hono } from 'hono'
import { getConnInfo } from 'hono/cloudflare-workers'
import { ConfigError, parseConfig } from '../config/config.ts'
import { createApp } from '../http/app.ts'
import { SCALAR_PATH } from '../http/docs.ts'
import type { AppEnv } from '../http/env.ts'
import { isDefaultDeployment, type SpecText } from '../http/served-spec.ts'
import { bindingLimiter, isRateLimitBinding, memoryLimiter } from '../middleware/rate-limit/index.ts'
import {
  type AnalyticsEngineDataset,
  createAnalyticsEngineMetrics,
} from '../observability/analytics-engine.ts'
import { createReadiness } from '../observability/readiness.ts'
import { EDGE_VERSION } from '../observability/version.ts'
import type { SharedCache } from '../sources/cache.ts'
import { createSource, startupMessage } from '../sources/index.ts'

/**
 * The bindings: `vars` in wrangler.jsonc, the secrets (`JOINLINK_UPSTREAM_TOKEN`,
 * `JOINLINK_API_KEYS`) and the static assets. Typed with @cloudflare/workers-types through
 * tsconfig.worker.json; the rest of the package keeps the DOM lib.
 */
interface Bindings {
  readonly ASSETS?: Fetcher
  /** Workers Analytics Engine (wrangler.jsonc `analytics_engine_datasets`): the metrics, when bound. */
  readonly JOINLINK_ANALYTICS?: AnalyticsEngineDataset
  readonly [name: string]: unknown
}

/**
 * The Rate Limiting binding's period (`simple.period` in wrangler.jsonc): the spec's message says
 * "a minute", and `JOINLINK_RATE_LIMIT` must equal its `simple.limit` (test/worker-config.test.ts).
 */
const LIMITER_PERIOD_S = 60

/** The spec's static assets (wrangler.jsonc `assets`), so the spec text stays out of the script. */
const SPEC_PATHS = new Set(['/openapi.json', '/openapi.yaml'])
/** Assets are fetched by path; this origin only completes the URL. */
const ASSET_ORIGIN = 'https://assets.invalid'

/** Cache API keys must be URLs; this host is never fetched, it only names the entry. */
const CACHE_KEY_ORIGIN = 'https://joinlink-cache.invalid/lookup/'

/** The Cache API as the upstream source's shared layer: per colo, expiry by `Cache-Control`. */
function cacheApiLayer(cache: Cache): SharedCache {
  const keyOf = (key: string) => CACHE_KEY_ORIGIN + encodeURIComponent(key)
  return {
    async get(key) {
      const hit = await cache.match(keyOf(key))
      return hit ? await hit.text() : undefined
    },
    put: (key, value, ttlMs) =>
      cache.put(
        keyOf(key),
        new Response(value, {
          headers: {
            'Content-Type': 'application/json',
            'Cache-Control': `max-age=${Math.max(1, Math.ceil(ttlMs / 1000))}`,
          },
        }),
      ),
  }
}

/** The spec assets' text, for a deployment whose served spec differs from spec/openapi.yaml. */
async function assetSpec(assets: Fetcher): Promise<SpecText> {
  const text = async (path: string) => {
    const res = await assets.fetch(new Request(ASSET_ORIGIN + path))
    if (!res.ok)
      throw new Error(`the static asset ${path} answered ${res.status}; run the worker-assets build`)
    return res.text()
  }
  const [json, yaml] = await Promise.all([text('/openapi.json'), text('/openapi.yaml')])
  return { json, yaml }
}

interface Built {
  app: Hono<AppEnv>
  /** The spec assets describe this deployment, so they are served as they are. */
  assetsAsIs: boolean
}

async function build(env: Bindings): Promise<Built> {
  const config = await parseConfig(stringBindings(env))
  if (config.redis)
    throw new ConfigError([
      'JOINLINK_REDIS_URL is for fleets of Node, Bun or Deno instances; on Workers the Cache API and the LIMITER binding already share the cache and the rate limit: unset it',
    ])
  const log = (line: string) => console.log(line)
  const analytics = env.JOINLINK_ANALYTICS
  const metrics = analytics && createAnalyticsEngineMetrics(analytics, { version: EDGE_VERSION })
  const observed = metrics ? { metrics } : {}
  // A deployment other than the default (hosts, keys required) serves its own spec from the app,
  // adapted from the assets' text: the script still carries no copy of the spec.
  const assetsAsIs = isDefaultDeployment(config)
  const spec = !assetsAsIs && env.ASSETS ? await assetSpec(env.ASSETS) : undefined
  // No readStream: a Worker has no file system, so createSource refuses JOINLINK_DATA.
  // The Cache API exists only on workerd: read it when the upstream source needs it.
  const upstream = config.upstream ? { upstream: { sharedCache: cacheApiLayer(caches.default) } } : {}
  const source = await createSource(config, { log, ...upstream, ...observed })
  // Built per isolate once the configuration and source are loaded: always ready when it answers.
  const readiness = createReadiness(undefined)
  // The binding counts per Cloudflare location, across isolates; without one, each isolate counts alone.
  const binding = env.LIMITER
  const fallback = memoryLimiter(config.rateLimit)
  const rateLimiter = isRateLimitBinding(binding)
    ? bindingLimiter(binding, LIMITER_PERIOD_S, fallback, (error) =>
        log(
          JSON.stringify({
            time: new Date().toISOString(),
            msg: 'rate limit binding failed; counting in this isolate',
            error: String(error),
          }),
        ),
      )
    : fallback
  if (config.rateLimit > 0 && rateLimiter === fallback)
    log(
      JSON.stringify({
        time: new Date().toISOString(),
        msg: 'no LIMITER binding: the rate limit counts per isolate',
      }),
    )
  const app = createApp({
    config,
    source,
    log,
    rateLimiter,
    clientAddress: (c) => getConnInfo(c).remote.address,
    readiness,
    // workerd compresses a body itself (by Accept-Encoding, or from a Content-Encoding header it
    // then applies): the app's own gzip would reach a client gzipped twice, so the pages stay identity.
    compress: false,
    ...observed,
    ...(spec ? { spec } : {}),
  })
  return { app, assetsAsIs }
}

/** Bindings that are strings are configuration; anything else (KV, assets…) is not ours to parse. */
function stringBindings(env: Bindings): Record<string, string> {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') out[name] = value
  return out
}

/** A start-up failure: logged in full for the operator, answered as a bare `INTERNAL` envelope. */
function startupFailure(error: unknown): Response {
  console.error(startupMessage(error))
  const answer = errorAnswer({ requestId: crypto.randomUUID(), startedAt: performance.now() }, error)
  return new Response(answer.body, { status: answer.status, headers: answer.headers })
}

let ready: Promise<Built> | undefined

export default {
  async fetch(request: Request, env: Bindings, ctx: ExecutionContext): Promise<Response> {
    ready ??= build(env)
    let built: Built
    try {
      built = await ready
    } catch (error) {
      // Bindings do not change within an isolate: the failure stays cached until a redeploy.
      return startupFailure(error)
    }
    if (env.ASSETS && (request.method === 'GET' || request.method === 'HEAD')) {
      // /docs' script is always an asset; the spec files only while they describe this deployment.
      const path = new URL(request.url).pathname
      if (path === SCALAR_PATH || (built.assetsAsIs && SPEC_PATHS.has(path))) return env.ASSETS.fetch(request)
    }
    return built.app.fetch(request, env, ctx)
  },
}
