// Node entry: reads the environment once, builds the app, serves it with @hono/node-server.
import { createReadStream } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { errorAnswer, lookupError } from '@joinlink/core'
import { createApp } from '../app.ts'
import { parseConfig } from '../config.ts'
import { createLineWriter } from '../log-writer.ts'
import { readyLine } from '../ready.ts'
import { createSource, startupMessage } from '../sources/index.ts'
import { openIndexIfSqlite } from '../sources/sqlite.ts'

const SHUTDOWN_GRACE_MS = 10_000

async function main(): Promise<void> {
  const config = await parseConfig(process.env)
  // One stdout write per event-loop turn, not per request; flushed on exit (SIGTERM included).
  const out = createLineWriter(1)
  process.on('exit', out.flush)
  const log = out.line
  const source = await createSource(config, {
    log,
    readStream: (path) => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
    openIndex: openIndexIfSqlite,
  })
  const app = createApp({ config, source, log, clientAddress: (c) => getConnInfo(c).remote.address })
  const server = serve(
    { fetch: app.fetch, hostname: config.host, port: config.port },
    (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
      console.log(readyLine('node', `http://${host}:${info.port}`, config))
    },
  )
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
  const stop = (signal: string) => {
    console.log(`${signal}: finishing in-flight requests, then stopping`)
    server.close(() => process.exit(0))
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref()
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
}

main().catch((error: unknown) => {
  console.error(startupMessage(error))
  process.exit(1)
})
