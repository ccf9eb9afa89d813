// Bun entry: reads the environment once, listens at once (/readyz 503 while the dataset loads),
// builds the source, serves the app with Bun.serve; drains on SIGTERM.
import { getConnInfo } from 'hono/bun'
import { createMetricsApp } from '../observability/metrics-app.ts'
import { zlibCompressor } from '../server/compress.ts'
import { createLineWriter } from '../server/log-writer.ts'
import { shutdownGraceMs } from '../server/server-config.ts'
import { startupMessage } from '../sources/index.ts'
import { countInFlight, graceOverLine } from './in-flight.ts'
import { prepareEdge } from './prepare.ts'
import { listenOrExit, MAIN_LISTENER, METRICS_LISTENER, readyLine } from './ready.ts'

/** The part of Bun's global this entry uses (bun-types is not a dependency). */
interface BunServer {
  readonly hostname: string
  readonly port: number
  requestIP(request: Request): { address: string } | null
  stop(closeActiveConnections?: boolean): Promise<void>
}
declare const Bun: {
  readonly env: Record<string, string | undefined>
  file(path: string): { stream(): ReadableStream<Uint8Array>; text(): Promise<string> }
  serve(options: {
    hostname: string
    port: number
    idleTimeout?: number
    /** Bun passes the server as the second argument: Hono's `c.env`, read by `getConnInfo`. */
    fetch: (request: Request, server: BunServer) => Response | Promise<Response>
  }): BunServer
}

async function main(): Promise<void> {
  // One stdout write per event-loop turn, not per request; flushed on exit (SIGTERM included).
  const out = createLineWriter(1)
  process.on('exit', out.flush)
  const { config, settings, app, loading, readiness, metrics, tracer } = await prepareEdge('bun', Bun.env, {
    log: out.line,
    readStream: (path) => Bun.file(path).stream(),
    readTextFile: (path) => Bun.file(path).text(),
    peerAddress: (c) => getConnInfo(c).remote.address,
    compress: zlibCompressor,
  })
  const counted = countInFlight(app.fetch)
  const graceMs = shutdownGraceMs(config, settings)
  // Listens at once: /healthz is live and /readyz answers 503 while the dataset loads.
  const exit = (code: number) => process.exit(code)
  const server = listenOrExit(
    () =>
      Bun.serve({
        hostname: config.host,
        port: config.port,
        // Bun has no separate headers, request, keep-alive or send timeout and no connection caps (see
        // README): its one idle timeout closes a socket that neither sends nor receives, which covers
        // an answer nobody reads too.
        idleTimeout: Math.min(
          255,
          Math.ceil(Math.min(settings.requestTimeoutMs, settings.sendTimeoutMs) / 1000),
        ),
        fetch: counted.fetch,
      }),
    config.host,
    config.port,
    MAIN_LISTENER,
    exit,
  )
  const metricsListener = config.metrics
  const metricsServer =
    metrics && metricsListener
      ? listenOrExit(
          () =>
            Bun.serve({
              hostname: metricsListener.host,
              port: metricsListener.port,
              fetch: createMetricsApp(metrics).fetch,
            }),
          metricsListener.host,
          metricsListener.port,
          METRICS_LISTENER,
          exit,
        )
      : undefined
  const { summary } = await loading
  readiness.ready()
  const origin = (s: BunServer) =>
    `http://${s.hostname.includes(':') ? `[${s.hostname}]` : s.hostname}:${s.port}`
  if (metricsServer) console.log(`Joinlink metrics on ${origin(metricsServer)}/metrics`)
  let stopping = false
  const stop = (signal: string) => {
    // pnpm forwards the signal its process group already got: the second one must not kill the drain.
    if (stopping) return
    stopping = true
    readiness.drain()
    console.log(
      `${signal}: /readyz answers 503; finishing in-flight requests (for up to ${graceMs / 1000} s), then stopping`,
    )
    setTimeout(() => {
      void metricsServer?.stop()
      void server
        .stop()
        .then(() => tracer?.flush())
        .finally(() => process.exit(0))
    }, config.drainMs)
    // A connection that never finishes must not keep the process alive; what is cut is counted.
    setTimeout(() => {
      out.line(graceOverLine(counted.inFlight, graceMs))
      process.exit(1)
    }, config.drainMs + graceMs).unref()
  }
  process.on('SIGINT', () => stop('SIGINT'))
  process.on('SIGTERM', () => stop('SIGTERM'))
  // Only now: a supervisor (or a test) that signals as soon as it reads this line finds the handlers installed.
  console.log(readyLine('bun', origin(server), config, summary))
}

main().catch((error: unknown) => {
  console.error(startupMessage(error))
  process.exit(1)
})
