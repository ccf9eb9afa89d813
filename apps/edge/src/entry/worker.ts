// Cloudflare Workers entry: configuration from the Worker's bindings (vars and secrets), read once
// per isolate; the embedded dataset, as there is no file system; CF-Connecting-IP for the client;
// in upstream mode the Cache API as the layer shared by the isolates of a colo.
import { dataset } from '@joinlink/validation/dataset'
import type { Hono } from 'hono'
import { createApp } from '../app.ts'
import { type Config, ConfigError, parseConfig } from '../config.ts'
import type { AppEnv } from '../envelope.ts'
import { isDefaultDeployment, type SpecText } from '../served-spec.ts'
import type { SharedCache } from '../sources/cache.ts'
import { createFixtureSource } from '../sources/fixtures.ts'
import { startupMessage } from '../sources/index.ts'
import type { ConferenceSource } from '../sources/types.ts'
import { createUpstreamSource } from '../sources/upstream.ts'

/**
 * The bindings: `vars` in wrangler.jsonc, the secrets (`JOINLINK_UPSTREAM_TOKEN`,
 * `JOINLINK_API_KEYS`) and the static assets. Typed with @cloudflare/workers-types through
 * tsconfig.worker.json; the rest of the package keeps the DOM lib.
 */
interface Bindings {
  readonly ASSETS?: Fetcher
  readonly [name: string]: unknown
}

/** Static assets (wrangler.jsonc `assets`), so the spec text stays out of the script. */
const ASSET_PATHS = new Set(['/openapi.json', '/openapi.yaml'])
/** Assets are fetched by path; this origin only completes the URL. */
const ASSET_ORIGIN = 'https://assets.invalid'

/** Cache API keys must be URLs; this host is never fetched, it only names the entry. */
const CACHE_KEY_ORIGIN = 'https://joinlink-cache.invalid/lookup/'

/** The Cache API as the upstream source's shared layer: per colo, expiry by `Cache-Control`. */
function cacheApiLayer(cache: Cache): SharedCache {
  const keyOf = (code: string) => CACHE_KEY_ORIGIN + encodeURIComponent(code)
  return {
    async get(code) {
      const hit = await cache.match(keyOf(code))
      return hit ? await hit.text() : undefined
    },
    put: (code, value, ttlMs) =>
      cache.put(
        keyOf(code),
        new Response(value, {
          headers: {
            'Content-Type': 'application/json',
            'Cache-Control': `max-age=${Math.max(1, Math.ceil(ttlMs / 1000))}`,
          },
        }),
      ),
  }
}

// app.ts passes each lookup the request's signal: that is how a lookup finds its request's ctx.
const contexts = new WeakMap<AbortSignal, ExecutionContext>()

function sourceFor(config: Config, log: (line: string) => void): ConferenceSource {
  if (config.dataFile) {
    throw new ConfigError([
      `JOINLINK_DATA=${config.dataFile}: a Worker has no file system; unset it to serve the embedded dataset`,
    ])
  }
  if (!config.upstream) return createFixtureSource(dataset, config.allowedHosts)
  const sharedCache = cacheApiLayer(caches.default)
  const upstream = createUpstreamSource(config.upstream, config.log ? { log, sharedCache } : { sharedCache })
  return {
    lookup(code, canonicalUrl, signal) {
      const ctx = signal && contexts.get(signal)
      const waitUntil = ctx && ((promise: Promise<unknown>) => ctx.waitUntil(promise))
      return upstream.lookup(code, canonicalUrl, signal, waitUntil ? { waitUntil } : {})
    },
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
  const log = (line: string) => console.log(line)
  // A deployment other than the default (hosts, keys required) serves its own spec from the app,
  // adapted from the assets' text: the script still carries no copy of the spec.
  const assetsAsIs = isDefaultDeployment(config)
  const spec = !assetsAsIs && env.ASSETS ? await assetSpec(env.ASSETS) : undefined
  const app = createApp({
    config,
    source: sourceFor(config, log),
    log,
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
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

/** A start-up failure: logged in full for the operator, answered as a bare 50001 envelope. */
function startupFailure(error: unknown): Response {
  console.error(startupMessage(error))
  const body = {
    status: 50001,
    msg: 'The service is not configured correctly; the reason is in the Worker logs.',
    request_id: crypto.randomUUID(),
    timestamp: Date.now(),
    request_duration: '0.000ms',
  }
  return Response.json(body, { status: 500 })
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
    if (built.assetsAsIs && env.ASSETS && (request.method === 'GET' || request.method === 'HEAD')) {
      if (ASSET_PATHS.has(new URL(request.url).pathname)) return env.ASSETS.fetch(request)
    }
    contexts.set(request.signal, ctx)
    return built.app.fetch(request, env, ctx)
  },
}
