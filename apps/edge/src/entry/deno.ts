// Deno entry: reads the environment once, listens at once (/readyz 503 while the dataset loads),
// builds the source, serves the app with Deno.serve; drains on SIGTERM.
import { getConnInfo } from 'hono/deno'
import { createMetricsApp } from '../observability/metrics-app.ts'
import { zlibCompressor } from '../server/compress.ts'
import { shutdownGraceMs } from '../server/server-config.ts'
import { startupMessage } from '../sources/index.ts'
import { countInFlight, graceOverLine } from './in-flight.ts'
import { prepareEdge } from './prepare.ts'
import { listenOrExit, MAIN_LISTENER, METRICS_LISTENER, readyLine } from './ready.ts'

/** The part of Deno's global this entry uses (Deno's types are not in this project's lib). */
interface DenoAddr {
  hostname: string
  port: number
}
declare const Deno: {
  env: { toObject(): Record<string, string> }
  open(path: string): Promise<{ readable: ReadableStream<Uint8Array> }>
  readTextFile(path: string): Promise<string>
  addSignalListener(signal: 'SIGINT' | 'SIGTERM', listener: () => void): void
  exit(code: number): never
  serve(
    options: { hostname: string; port: number; onListen: (addr: DenoAddr) => void },
    /** Deno passes the connection info as the second argument: Hono's `c.env`, read by `getConnInfo`. */
    handler: (request: Request, info: { remoteAddr: DenoAddr }) => Response | Promise<Response>,
  ): { shutdown(): Promise<void>; readonly addr: DenoAddr }
}

async function main(): Promise<void> {
  const { config, settings, app, loading, readiness, metrics, tracer } = await prepareEdge(
    'deno',
    Deno.env.toObject(),
    {
      log: (line) => console.log(line),
      readStream: async (path) => (await Deno.open(path)).readable,
      readTextFile: (path) => Deno.readTextFile(path),
      peerAddress: (c) => getConnInfo(c).remote.address,
      compress: zlibCompressor,
    },
  )
  const origin = ({ hostname, port }: DenoAddr) =>
    `http://${hostname.includes(':') ? `[${hostname}]` : hostname}:${port}`
  const counted = countInFlight(app.fetch)
  const graceMs = shutdownGraceMs(config, settings)
  // Listens at once: /healthz is live and /readyz answers 503 while the dataset loads.
  let listening: DenoAddr | undefined
  const server = listenOrExit(
    () =>
      Deno.serve(
        {
          hostname: config.host,
          port: config.port,
          onListen: (addr) => {
            listening = addr
          },
        },
        counted.fetch,
      ),
    config.host,
    config.port,
    MAIN_LISTENER,
    Deno.exit,
  )
  const metricsListener = config.metrics
  const metricsServer =
    metrics && metricsListener
      ? listenOrExit(
          () =>
            Deno.serve(
              {
                hostname: metricsListener.host,
                port: metricsListener.port,
                onListen: (addr) => console.log(`Joinlink metrics on ${origin(addr)}/metrics`),
              },
              createMetricsApp(metrics).fetch,
            ),
          metricsListener.host,
          metricsListener.port,
          METRICS_LISTENER,
          Deno.exit,
        )
      : undefined
  const { summary } = await loading
  readiness.ready()
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
      void metricsServer?.shutdown()
      void server
        .shutdown()
        .then(() => tracer?.flush())
        .finally(() => Deno.exit(0))
    }, config.drainMs)
    // A connection that never finishes must not keep the process alive; what is cut is counted.
    setTimeout(() => {
      console.log(graceOverLine(counted.inFlight, graceMs))
      Deno.exit(1)
    }, config.drainMs + graceMs)
  }
  Deno.addSignalListener('SIGINT', () => stop('SIGINT'))
  Deno.addSignalListener('SIGTERM', () => stop('SIGTERM'))
  // Only now: a supervisor (or a test) that signals as soon as it reads this line finds the handlers installed.
  console.log(readyLine('deno', origin(listening ?? server.addr), config, summary))
}

main().catch((error: unknown) => {
  console.error(startupMessage(error))
  Deno.exit(1)
})
