// Node entry: reads the environment once, listens at once (/healthz live, /readyz 503 while the
// dataset loads), builds the source, serves the app with @hono/node-server, hardened (timeouts,
// connection caps, JSON for what never reaches Hono); drains on SIGTERM.
import type { EventEmitter } from 'node:events'
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createMetricsApp } from '../observability/metrics-app.ts'
import { zlibCompressor } from '../server/compress.ts'
import { createLineWriter } from '../server/log-writer.ts'
import { hardenNodeServer, nodeServerOptions } from '../server/node-server.ts'
import { shutdownGraceMs } from '../server/server-config.ts'
import { startupMessage } from '../sources/index.ts'
import { openIndexIfSqlite } from '../sources/sqlite.ts'
import { graceOverLine } from './in-flight.ts'
import { prepareEdge } from './prepare.ts'
import { type ListenerVariables, listenFailure, MAIN_LISTENER, METRICS_LISTENER, readyLine } from './ready.ts'

const origin = (info: AddressInfo) =>
  `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`

async function main(): Promise<void> {
  // One stdout write per event-loop turn, not per request; flushed on exit (SIGTERM included).
  const out = createLineWriter(1)
  process.on('exit', out.flush)
  const { config, settings, app, loading, readiness, metrics, tracer } = await prepareEdge(
    'node',
    process.env,
    {
      log: out.line,
      readStream: (path) => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
      readTextFile: (path) => readFile(path, 'utf8'),
      openIndex: openIndexIfSqlite,
      peerAddress: (c) => getConnInfo(c).remote.address,
      compress: zlibCompressor,
    },
  )
  const server = serve({
    fetch: app.fetch,
    hostname: config.host,
    port: config.port,
    serverOptions: nodeServerOptions(settings),
  })
  failOnListenError(server, config.host, config.port, MAIN_LISTENER)
  // Timeouts, connection caps, the send timeout, and JSON for malformed or too-slow requests (they never reach Hono).
  const hardening = hardenNodeServer(server as Server, settings, out.line)
  const graceMs = shutdownGraceMs(config, settings)
  const metricsServer =
    metrics && config.metrics
      ? serve({
          fetch: createMetricsApp(metrics).fetch,
          hostname: config.metrics.host,
          port: config.metrics.port,
        })
      : undefined
  if (metricsServer && config.metrics)
    failOnListenError(metricsServer, config.metrics.host, config.metrics.port, METRICS_LISTENER)
  const { summary } = await loading
  readiness.ready()
  const listening = (s: typeof server) =>
    s.listening ? Promise.resolve() : new Promise<void>((resolve) => s.once('listening', () => resolve()))
  await listening(server)
  if (metricsServer) {
    await listening(metricsServer)
    console.log(`Joinlink metrics on ${origin(metricsServer.address() as AddressInfo)}/metrics`)
  }

  let stopping = false
  const stop = (signal: string) => {
    // pnpm forwards the signal its process group already got: the second one must not kill the drain.
    if (stopping) return
    stopping = true
    readiness.drain()
    console.log(
      `${signal}: /readyz answers 503${config.drainMs ? ` for ${config.drainMs} ms` : ''}; finishing in-flight requests (for up to ${graceMs / 1000} s), then stopping`,
    )
    setTimeout(() => {
      metricsServer?.close()
      server.close(() => {
        hardening.stop()
        void (tracer?.flush() ?? Promise.resolve()).finally(() => process.exit(0))
      })
      // close() ends the connections idle at that moment; one whose in-flight answer finishes later
      // is idle from then on and would otherwise keep the process until its keep-alive timeout.
      setInterval(() => (server as Server).closeIdleConnections(), 100).unref()
    }, config.drainMs).unref()
    // What the grace cuts is counted in the log before the process stops.
    setTimeout(() => {
      out.line(graceOverLine(hardening.inFlight, graceMs))
      process.exit(1)
    }, config.drainMs + graceMs).unref()
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
  // Only now: a supervisor (or a test) that signals as soon as it reads this line finds the handlers installed.
  console.log(readyLine('node', origin(server.address() as AddressInfo), config, summary))
}

/** A port in use (or any bind failure) is one line naming the variable to change, then exit 1. */
function failOnListenError(server: EventEmitter, host: string, port: number, vars: ListenerVariables): void {
  const fail = (error: unknown) => {
    console.error(listenFailure(error, host, port, vars))
    process.exit(1)
  }
  server.once('error', fail)
  server.once('listening', () => server.off('error', fail))
}

main().catch((error: unknown) => {
  console.error(startupMessage(error))
  process.exit(1)
})
