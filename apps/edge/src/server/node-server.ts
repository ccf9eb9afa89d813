// Socket-level hardening of the Node server (@hono/node-server's `serve` returns Node's http.Server):
// timeouts, connection caps in total and per client address, and JSON answers for what never
// reaches the app (malformed HTTP, requests that arrive too slowly).
import { type Server, type ServerOptions, STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { errorAnswer, type LookupError, lookupError } from '@joinlink/core'
import { connectionCap } from './connection-cap.ts'
import type { ServerConfig } from './server-config.ts'

/**
 * Options for `http.createServer` (through `serve({ serverOptions })`): the timeouts, and how often
 * Node checks them — by default every 30 s, which would let a slow-header client hold its socket
 * up to 30 s past the headers timeout.
 */
export function nodeServerOptions(settings: ServerConfig): ServerOptions {
  return {
    headersTimeout: settings.headersTimeoutMs,
    requestTimeout: settings.requestTimeoutMs,
    keepAliveTimeout: settings.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.max(250, Math.min(1000, settings.headersTimeoutMs / 4)),
  }
}

/**
 * Caps connections (Node drops those past `maxConnections`; this drops those past the per-client
 * cap as soon as they are accepted) and answers what Node refuses before the app runs with the
 * spec's JSON envelope: 408 `40801` when a request arrives too slowly, 400 `40001` for malformed HTTP.
 */
export function hardenNodeServer(server: Server, settings: ServerConfig): void {
  server.maxConnections = settings.maxConnections
  const cap = connectionCap(settings)
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress
    if (!cap.admit(address)) {
      socket.destroy()
      return
    }
    socket.once('close', () => cap.release(address))
  })
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy()
    const { status, body, headers } = errorAnswer(
      { requestId: crypto.randomUUID(), startedAt: performance.now() },
      refusal(error, settings),
    )
    const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`)
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join('')}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    )
  })
}

function refusal(error: NodeJS.ErrnoException, settings: ServerConfig): LookupError {
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    // Node reports the headers timeout and the request timeout alike: the message names both.
    return lookupError('REQUEST_TIMEOUT', {
      headers_ms: settings.headersTimeoutMs,
      request_ms: settings.requestTimeoutMs,
    })
  }
  return lookupError('MALFORMED_JSON', {
    reason: `The request is not valid HTTP (${error.code ?? 'parse error'})`,
  })
}
