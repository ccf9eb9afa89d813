// Bun entry: reads the environment once, builds the app, serves it with Bun.serve.
import { getConnInfo } from 'hono/bun'
import { createApp } from '../app.ts'
import { parseConfig } from '../config.ts'
import { createLineWriter } from '../log-writer.ts'
import { readyLine } from '../ready.ts'
import { createSource, startupMessage } from '../sources/index.ts'

/** The part of Bun's global this entry uses (bun-types is not a dependency). */
interface BunServer {
  readonly hostname: string
  readonly port: number
  requestIP(request: Request): { address: string } | null
  stop(closeActiveConnections?: boolean): Promise<void>
}
declare const Bun: {
  readonly env: Record<string, string | undefined>
  file(path: string): { stream(): ReadableStream<Uint8Array> }
  serve(options: {
    hostname: string
    port: number
    /** Bun passes the server as the second argument: Hono's `c.env`, read by `getConnInfo`. */
    fetch: (request: Request, server: BunServer) => Response | Promise<Response>
  }): BunServer
}

const SHUTDOWN_GRACE_MS = 10_000

async function main(): Promise<void> {
  const config = await parseConfig(Bun.env)
  const out = createLineWriter(1)
  process.on('exit', out.flush)
  const log = out.line
  const source = await createSource(config, { log, readStream: (path) => Bun.file(path).stream() })
  const app = createApp({ config, source, log, clientAddress: (c) => getConnInfo(c).remote.address })
  const server = Bun.serve({ hostname: config.host, port: config.port, fetch: app.fetch })
  const host = server.hostname.includes(':') ? `[${server.hostname}]` : server.hostname
  console.log(readyLine('bun', `http://${host}:${server.port}`, config))
  const stop = (signal: string) => {
    console.log(`${signal}: finishing in-flight requests, then stopping`)
    void server.stop().then(() => process.exit(0))
    // A connection that never finishes must not keep the process alive.
    setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS).unref()
  }
  process.once('SIGINT', () => stop('SIGINT'))
  process.once('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(startupMessage(error))
  process.exit(1)
})
