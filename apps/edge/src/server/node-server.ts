// Socket-level hardening of the Node server (@hono/node-server's `serve` returns Node's http.Server):
// timeouts, connection caps in total and per client address, and JSON answers for what never
// reaches the app (malformed HTTP, requests that arrive too slowly).
import {
  type IncomingMessage,
  type Server,
  type ServerOptions,
  type ServerResponse,
  STATUS_CODES,
} from 'node:http'
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

/** What the hardened server reports: requests in flight (for the shutdown's count). */
export interface NodeHardening {
  /** Requests whose answer has not finished yet. */
  readonly inFlight: number
  /** Stops the send-timeout sweep (the server is closing). */
  stop(): void
}

/**
 * Requests of one socket the app works on at once. Node parses every request a read brought (a
 * 64 KiB read can hold a thousand pipelined GETs); the rest wait, unparsed by the app, until the
 * answers before them are written — so a client that pipelines and never reads holds a few
 * answers, not thousands.
 */
export const MAX_PIPELINED = 4

/** Under pressure (past half the total cap), how long a socket beyond its address's cap may wait for its head. */
export const PRESSURE_GRACE_MS = 250

interface SocketState {
  address: string | undefined
  /** Counted against its address's cap of sockets waiting for a request head. */
  counted: boolean
  /** Requests of this socket whose answers have not finished. */
  inFlight: number
  /** Set while it waits for a head beyond its address's cap. */
  grace: ReturnType<typeof setTimeout> | undefined
  /** No request head has arrived on it yet. */
  fresh: boolean
  /** When it began waiting beyond its address's cap. */
  waitingSince: number
  /** Pipelined requests parsed while {@link MAX_PIPELINED} were unanswered: handed to the app one by one as those finish. */
  deferred: [IncomingMessage, ServerResponse][]
  /** Completed bytes at the last sweep that saw progress, and when. */
  sent: number
  since: number
}

/**
 * Hardens a Node server: timeouts (with {@link nodeServerOptions}), a total connection cap (Node
 * drops the ones past `maxConnections`), and per client address a cap on the sockets **waiting
 * for a request head** — new ones and idle keep-alives — so a slow-header flood from one address
 * starves nobody while that address's requests in flight are never counted or refused. A socket
 * waiting beyond the cap gets `overCapHeadersTimeoutMs` to send its head — or 250 ms once the
 * server holds more than half of `maxConnections` — then, never having sent one, it
 * is answered 408 `40801` with `Retry-After` and `Connection: close`; an idle keep-alive is closed,
 * as its keep-alive timeout would. An answer whose bytes are not read for `sendTimeoutMs`
 * is abandoned: its socket destroyed (a log line counts them). What Node refuses before the app runs
 * gets the spec's JSON envelope: 408 `40801` when a request arrives too slowly, 400 `40001` for
 * malformed HTTP.
 */
export function hardenNodeServer(
  server: Server,
  settings: ServerConfig,
  log: (line: string) => void = () => {},
  now: () => number = Date.now,
): NodeHardening {
  server.maxConnections = settings.maxConnections
  const cap = connectionCap(settings)
  const states = new Map<Socket, SocketState>()
  let inFlight = 0

  /** Sockets waiting for a head beyond their address's cap, oldest first: refused first under pressure. */
  const overCap = new Set<Socket>()
  const pressureMark = Math.floor(settings.maxConnections / 2)

  const release = (socket: Socket, state: SocketState) => {
    if (state.counted) cap.release(state.address)
    state.counted = false
    if (state.grace) clearTimeout(state.grace)
    state.grace = undefined
    overCap.delete(socket)
  }
  /** Refuses a socket still waiting beyond its cap: a 408 if it never sent a head, else (idle keep-alive) a close. */
  const refuseWaiting = (socket: Socket, state: SocketState) => {
    release(socket, state)
    if (state.inFlight > 0 || socket.destroyed) return
    if (state.fresh) refuse(socket, overCapRefusal(settings), true)
    else socket.destroy()
  }
  /** The socket waits for a head: counted when its address has room, else on a grace of its own. */
  const waitForHead = (socket: Socket, state: SocketState) => {
    if (cap.admit(state.address)) {
      state.counted = true
      return
    }
    overCap.add(socket)
    state.waitingSince = now()
    state.grace = setTimeout(() => {
      state.grace = undefined
      // A head already in the kernel's buffer is read in this turn's poll phase: decide after it.
      setImmediate(() => {
        if (overCap.has(socket)) refuseWaiting(socket, state)
      })
    }, settings.overCapHeadersTimeoutMs)
    state.grace.unref()
  }
  /**
   * Past half the total cap, the sockets waiting beyond their address's cap for more than
   * {@link PRESSURE_GRACE_MS} are refused, oldest first, and again every 100 ms until none is left.
   */
  let relieving: ReturnType<typeof setTimeout> | undefined
  const relieve = () => {
    relieving = undefined
    const t = now()
    for (const socket of overCap) {
      const state = states.get(socket)
      if (!state) continue
      if (t - state.waitingSince < PRESSURE_GRACE_MS) break
      refuseWaiting(socket, state)
    }
    if (overCap.size > 0) relieving = setTimeout(relieve, 100).unref()
  }

  server.on('connection', (socket: Socket) => {
    const state: SocketState = {
      address: socket.remoteAddress,
      counted: false,
      inFlight: 0,
      grace: undefined,
      fresh: true,
      waitingSince: 0,
      deferred: [],
      sent: 0,
      since: 0,
    }
    states.set(socket, state)
    socket.once('close', () => {
      release(socket, state)
      states.delete(socket)
      state.deferred = []
    })
    waitForHead(socket, state)
    if (states.size > pressureMark && relieving === undefined) relieving = setTimeout(relieve, 0).unref()
  })
  // Before the app's listener: the head is complete, so the socket no longer waits for one.
  server.prependListener('request', (request: IncomingMessage, response: ServerResponse) => {
    const socket = request.socket
    const state = states.get(socket)
    inFlight++
    if (!state) {
      response.once('close', () => inFlight--)
      return
    }
    state.inFlight++
    state.fresh = false
    release(socket, state)
    response.once('close', () => {
      inFlight--
      state.inFlight--
      const next = state.deferred.shift()
      if (next) {
        emit('request', ...next)
        return
      }
      // Kept alive: it waits for its next head, and counts again.
      if (state.inFlight === 0 && socket.writable && !socket.destroyed && states.has(socket))
        waitForHead(socket, state)
    })
  })
  // Pipelined requests past MAX_PIPELINED wait for the answers before them (Node writes answers in order anyway).
  const emit = server.emit.bind(server) as (event: string, ...args: unknown[]) => boolean
  server.emit = ((event: string, ...args: unknown[]) => {
    if (event === 'request') {
      const [request] = args as [IncomingMessage, ServerResponse]
      const state = states.get(request.socket)
      if (state && state.inFlight >= MAX_PIPELINED) {
        state.deferred.push(args as [IncomingMessage, ServerResponse])
        return true
      }
    }
    return emit(event, ...args)
  }) as typeof server.emit

  const sweep = setInterval(
    () => {
      const t = now()
      let abandoned = 0
      for (const [socket, state] of states) {
        const pending = socket.writableLength
        if (pending === 0) {
          state.since = 0
          continue
        }
        const sent = socket.bytesWritten - pending
        if (state.since === 0 || sent > state.sent) {
          state.sent = sent
          state.since = t
        } else if (t - state.since >= settings.sendTimeoutMs) {
          socket.destroy()
          abandoned++
        }
      }
      if (abandoned > 0) {
        log(
          JSON.stringify({
            time: new Date().toISOString(),
            msg: 'send timeout',
            sockets: abandoned,
            send_timeout_ms: settings.sendTimeoutMs,
          }),
        )
      }
    },
    Math.max(100, Math.min(1000, settings.sendTimeoutMs / 4)),
  )
  sweep.unref()

  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable) return socket.destroy()
    refuse(socket, refusal(error, settings))
  })
  return {
    get inFlight() {
      return inFlight
    },
    stop: () => clearInterval(sweep),
  }
}

/**
 * Writes `error`'s JSON envelope as a whole HTTP answer with `Connection: close`, and ends the
 * socket (and, with `destroy`, closes it once the answer is on its way, so it frees its descriptor
 * even if the client never closes).
 */
function refuse(socket: Socket, error: LookupError, destroy = false): void {
  const { status, body, headers } = errorAnswer(
    { requestId: crypto.randomUUID(), startedAt: performance.now() },
    error,
  )
  const head = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`)
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n${head.join('')}Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    destroy ? () => socket.destroy() : undefined,
  )
}

/** A socket beyond its address's cap that sent no head in time: 408, and when to try again. */
function overCapRefusal(settings: ServerConfig): LookupError {
  return lookupError(
    'REQUEST_TIMEOUT',
    { headers_ms: settings.overCapHeadersTimeoutMs, request_ms: settings.requestTimeoutMs },
    { retryAfterS: 1 },
  )
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
