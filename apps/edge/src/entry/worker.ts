// Cloudflare Workers entry: configuration from the Worker's bindings (vars and secrets), read once
// per isolate; the same createSource as every runtime (the embedded dataset, as there is no file
// system; in upstream mode the Cache API as the layer shared by the isolates of a colo);
// CF-Connecting-IP for the client; `ctx` reaches the sources as Hono's `c.executionCtx`.
import { errorAnswer } from '@joinlink/core'
import type { Hono } from 'hono'
import { getConnInfo } from 'hono/cloudflare-workers'
import { createApp } from '../app.ts'
import { parseConfig } from '../config.ts'
import type { AppEnv } from '../env.ts'
import {
  type AnalyticsEngineDataset,
  createAnalyticsEngineMetrics,
} from '../observability/analytics-engine.ts'
import { createReadiness } from '../observability/readiness.ts'
import type { SharedCache } from '../sources/cache.ts'
import { createSource, startupMessage } from '../sources/index.ts'
import { EDGE_VERSION } from '../version.ts'

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

/** Static assets (wrangler.jsonc `assets`), so the spec text stays out of the script. */
const ASSET_PATHS = new Set(['/openapi.json', '/openapi.yaml'])

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

async function build(env: Bindings): Promise<Hono<AppEnv>> {
  const config = await parseConfig(stringBindings(env))
  const log = (line: string) => console.log(line)
  const analytics = env.JOINLINK_ANALYTICS
  const metrics = analytics && createAnalyticsEngineMetrics(analytics, { version: EDGE_VERSION })
  const observed = metrics ? { metrics } : {}
  // No readStream: a Worker has no file system, so createSource refuses JOINLINK_DATA.
  // The Cache API exists only on workerd: read it when the upstream source needs it.
  const upstream = config.upstream ? { upstream: { sharedCache: cacheApiLayer(caches.default) } } : {}
  const source = await createSource(config, { log, ...upstream, ...observed })
  // Built per isolate once the configuration and source are loaded: always ready when it answers.
  const readiness = createReadiness(undefined)
  return createApp({
    config,
    source,
    log,
    clientAddress: (c) => getConnInfo(c).remote.address,
    readiness,
    ...observed,
  })
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

let ready: Promise<Hono<AppEnv>> | undefined

export default {
  async fetch(request: Request, env: Bindings, ctx: ExecutionContext): Promise<Response> {
    ready ??= build(env)
    let app: Hono<AppEnv>
    try {
      app = await ready
    } catch (error) {
      // Bindings do not change within an isolate: the failure stays cached until a redeploy.
      return startupFailure(error)
    }
    if (env.ASSETS && (request.method === 'GET' || request.method === 'HEAD')) {
      if (ASSET_PATHS.has(new URL(request.url).pathname)) return env.ASSETS.fetch(request)
    }
    return app.fetch(request, env, ctx)
  },
}
