// Node entry: reads the environment once, builds the app, serves it with @hono/node-server.
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Readable } from 'node:stream'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { createApp } from '../app.ts'
import { hardenNodeServer, nodeServerOptions } from '../node-server.ts'
import { readyLine } from '../ready.ts'
import { parseServeConfig } from '../server-config.ts'
import { createSource, startupMessage } from '../sources/index.ts'
import { clientAddressResolver } from '../trust-proxy.ts'

const SHUTDOWN_GRACE_MS = 10_000

async function main(): Promise<void> {
  const { config, server: settings } = await parseServeConfig(process.env)
  const log = (line: string) => process.stdout.write(`${line}\n`)
  const source = await createSource(config, {
    log,
    readStream: (path) => Readable.toWeb(createReadStream(path)) as ReadableStream<Uint8Array>,
    readTextFile: (path) => readFile(path, 'utf8'),
  })
  const clientAddress = clientAddressResolver(settings, (c) => getConnInfo(c).remote.address)
  const app = createApp({ config, source, log, clientAddress })
  const server = serve(
    {
      fetch: app.fetch,
      hostname: config.host,
      port: config.port,
      serverOptions: nodeServerOptions(settings),
    },
    (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address
      console.log(readyLine('node', `http://${host}:${info.port}`, config))
    },
  )
  // Timeouts, connection caps, and JSON for malformed or too-slow requests (they never reach Hono).
  hardenNodeServer(server as Server, settings)
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
