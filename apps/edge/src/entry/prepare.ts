// What every long-running runtime (Node, Bun, Deno) does before it serves: read the configuration
// once, set up observability, start loading the source, and build the app over it — so the app can
// listen at once (/healthz live, /readyz 503 until the source is loaded). Each entry supplies only
// what its runtime has: how to read files and how to find the socket's peer.
import type { ConferenceSource } from '@joinlink/core'
import type { Context } from 'hono'
import type { Config } from '../config/config.ts'
import { createApp } from '../http/app.ts'
import type { AppEnv } from '../http/env.ts'
import type { Compressor } from '../http/pages.ts'
import { createReadiness, type Readiness } from '../observability/readiness.ts'
import { type Observability, observabilityDeps, setUpObservability } from '../observability/setup.ts'
import { parseServeConfig, type ServerConfig } from '../server/server-config.ts'
import { clientAddressResolver } from '../server/trust-proxy.ts'
import { deferredSource } from '../sources/deferred.ts'
import { createSource, type SourceDeps } from '../sources/index.ts'

/** How long start-up waits for the shared store before serving with each instance's own state. */
const FLEET_CONNECT_WAIT_MS = 2000

/** What a runtime's entry hands over. */
export interface RuntimeIO extends Pick<SourceDeps, 'readStream' | 'readTextFile' | 'openIndex'> {
  /** Writes one log line. */
  log: (line: string) => void
  /** The socket peer's address, read with the runtime's own Hono helper (`getConnInfo`). */
  peerAddress: (c: Context<AppEnv>) => string | undefined
  /** Compresses the pages once (node:zlib); absent, gzip only through CompressionStream. */
  compress?: Compressor
}

/** The app, ready to listen, and what the entry needs to serve, report and drain it. */
export interface PreparedEdge extends Observability {
  config: Config
  settings: ServerConfig
  app: ReturnType<typeof createApp>
  /** Resolves to the source once loaded (or rejects with why it cannot be). */
  loading: Promise<ConferenceSource>
  readiness: Readiness
}

/** Reads `env`, and builds the app of runtime `runtime` over a source that is still loading. */
export async function prepareEdge(
  runtime: 'node' | 'bun' | 'deno',
  env: Readonly<Record<string, string | undefined>>,
  { log, peerAddress, compress, ...files }: RuntimeIO,
): Promise<PreparedEdge> {
  const { config, server: settings } = await parseServeConfig(env)
  const observability = await setUpObservability(config, runtime)
  const { metrics, tracer } = observability
  const readiness = createReadiness('loading')
  // The fleet's shared store, only when configured: the client is loaded then, never otherwise.
  const fleet = config.redis
    ? (await import('../fleet/index.ts')).createFleet(
        { ...config, redis: config.redis },
        { ...(config.log ? { log } : {}), ...(metrics ? { metrics } : {}) },
      )
    : undefined
  const shared = fleet?.sharedCache
    ? {
        upstream: {
          sharedCache: fleet.sharedCache,
          ...(fleet.coalescing ? { coalescing: fleet.coalescing } : {}),
        },
      }
    : {}
  // Serving waits a little for the store, never for long: meanwhile each instance uses its own state.
  const loading = Promise.all([
    createSource(config, { log, ...files, ...shared, ...observabilityDeps(observability) }),
    fleet?.store.connected(FLEET_CONNECT_WAIT_MS),
  ]).then(([source]) => source)
  const app = createApp({
    config,
    source: deferredSource(loading),
    log,
    clientAddress: clientAddressResolver(settings, peerAddress),
    readiness,
    ...(fleet?.rateLimiter ? { rateLimiter: fleet.rateLimiter } : {}),
    ...observabilityDeps(observability),
    ...(metrics ? { exposition: metrics } : {}),
    ...(compress ? { compress } : {}),
  })
  return { config, settings, app, loading, readiness, metrics, tracer }
}
