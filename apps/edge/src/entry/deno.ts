// Deno entry: reads the environment once, builds the app, serves it with Deno.serve.
import { getConnInfo } from 'hono/deno'
import { createApp } from '../app.ts'
import { readyLine } from '../ready.ts'
import { parseServeConfig } from '../server-config.ts'
import { createSource, startupMessage } from '../sources/index.ts'
import { clientAddressResolver } from '../trust-proxy.ts'

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
  ): { shutdown(): Promise<void> }
}

const SHUTDOWN_GRACE_MS = 10_000

async function main(): Promise<void> {
  const { config, server: settings } = await parseServeConfig(Deno.env.toObject())
  const log = (line: string) => console.log(line)
  const source = await createSource(config, {
    log,
    readStream: async (path) => (await Deno.open(path)).readable,
    readTextFile: (path) => Deno.readTextFile(path),
  })
  const clientAddress = clientAddressResolver(settings, (c) => getConnInfo(c).remote.address)
  const app = createApp({ config, source, log, clientAddress })
  const server = Deno.serve(
    {
      hostname: config.host,
      port: config.port,
      onListen: ({ hostname, port }) => {
        const host = hostname.includes(':') ? `[${hostname}]` : hostname
        console.log(readyLine('deno', `http://${host}:${port}`, config))
      },
    },
    app.fetch,
  )
  const stop = (signal: string) => {
    console.log(`${signal}: finishing in-flight requests, then stopping`)
    void server.shutdown().then(() => Deno.exit(0))
    // A connection that never finishes must not keep the process alive.
    setTimeout(() => Deno.exit(1), SHUTDOWN_GRACE_MS)
  }
  Deno.addSignalListener('SIGINT', () => stop('SIGINT'))
  Deno.addSignalListener('SIGTERM', () => stop('SIGTERM'))
}

main().catch((error: unknown) => {
  console.error(startupMessage(error))
  Deno.exit(1)
})
