// Node entry: reads the environment once, listens at once (/healthz live, /readyz 503 while the
// dataset loads), builds the source, serves the app with @hono/node-server; drains on SIGTERM.
import { createReadStream } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { errorAnswer, lookupError } from '@joinlink/core'
import { createApp } from '../app.ts'
import { parseConfig } from '../config.ts'
import { createMetricsApp } from '../observability/metrics-app.ts'
import { createReadiness } from '../observability/readiness.ts'
import { observabilityDeps, setUpObservability } from '../observability/setup.ts'
import { readyLine } from '../ready.ts'
import { deferredSource } from '../sources/deferred.ts'
import { createSource, startupMessage } from '../sources/index.ts'

const SHUTDOWN_GRACE_MS = 10_000

const origin = (info: AddressInfo) =>
  `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`

async function main(): Promise<void> {
  const config = await parseConfig(process.env)
  const log = (line: string) => process.stdout.write(`${line}\n`)
  const observability = await setUpObservability(config, 'node')
  const { metrics, tracer } = observability
  const readiness = createReadiness('loading')
  const loading = createSource(config, {
    log,
    readStream: (path) => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
    ...observabilityDeps(observability),
  })
  const app = createApp({
    config,
    source: deferredSource(loading),
    log,
    clientAddress: (c) => getConnInfo(c).remote.address,
    readiness,
    ...observabilityDeps(observability),
    ...(metrics ? { exposition: metrics } : {}),
  })
  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port })
  const metricsServer =
    metrics && config.metrics
      ? serve({
          fetch: createMetricsApp(metrics).fetch,
          hostname: config.metrics.host,
          port: config.metrics.port,
        })
      : undefined
  // Malformed HTTP never reaches Hono: still answer JSON, never Node's bare default.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy()
    const meta = { requestId: crypto.randomUUID(), startedAt: performance.now() }
    const reason = `The request is not valid HTTP (${error.code ?? 'parse error'})`
    const { status, body, headers } = errorAnswer(meta, lookupError('MALFORMED_JSON', { reason }))
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`)
    socket.end(
      `HTTP/1.1 ${status} Bad Request\r\n${head.join('')}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  })
  await loading
  readiness.ready()
  const listening = (s: typeof server) =>
    s.listening ? Promise.resolve() : new Promise<void>((resolve) => s.once('listening', () => resolve()))
  await listening(server)
  if (metricsServer) {
    await listening(metricsServer)
    console.log(`Joinlink metrics on ${origin(metricsServer.address() as AddressInfo)}/metrics`)
  }
  console.log(readyLine('node', origin(server.address() as AddressInfo), config))

  const stop = (signal: string) => {
    readiness.drain()
    console.log(
      `${signal}: /readyz answers 503; finishing in-flight requests${config.drainMs ? ` for ${config.drainMs} ms` : ''}, then stopping`,
    )
    setTimeout(() => {
      metricsServer?.close()
      server.close(() => void (tracer?.flush() ?? Promise.resolve()).finally(() => process.exit(0)))
    }, config.drainMs).unref()
    setTimeout(() => process.exit(1), config.drainMs + SHUTDOWN_GRACE_MS).unref()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(startupMessage(error))
  process.exit(1)
})
