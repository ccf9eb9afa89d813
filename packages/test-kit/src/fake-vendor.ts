// A fake vendor API on 127.0.0.1 speaking the vendor's wire format from the fixture corpus, with a
// fault mode chosen per request. Used by the edge's upstream tests and the bench.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo, Socket } from 'node:net'
import type { Conference } from '@joinlink/types'
import { LOOKUP_PATH, normalizeJoinUrl } from '@joinlink/validation'
import { dataset, seedResponse } from '@joinlink/validation/fixtures'

/** How the fake vendor answers one request. */
export type FaultMode =
  /** The conference of the posted link from the dataset (an empty `result` when unknown). */
  | { kind: 'ok' }
  /** Accepts the request and never sends headers. */
  | { kind: 'hang' }
  /** Sends headers and part of a valid body, then nothing more. */
  | { kind: 'stall' }
  /** Destroys the connection without answering. */
  | { kind: 'reset' }
  /** An HTTP status with a small body, optionally a Retry-After header. */
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** Exactly this body (from `invalidVendorPayloads`), HTTP 200 unless told. */
  | { kind: 'raw'; body: string; contentType?: string; status?: number }
  /** A body of `bytes` bytes streamed in chunks (JSON-looking, never finished early by us). */
  | { kind: 'huge'; bytes: number }
  /** A 302 to another path of this server; calls to it are counted in `redirectsFollowed`. */
  | { kind: 'redirect' }
  /**
   * The posted link's conference as a vendor that has moved on would send it: `conference`
   * fields replace or add to the record's, `attendee` fields to every attendee's, `envelope`
   * fields to the envelope's (new enum values, new fields).
   */
  | {
      kind: 'drift'
      conference?: Record<string, unknown>
      attendee?: Record<string, unknown>
      envelope?: Record<string, unknown>
    }
  /**
   * The posted link's conference with its first attendee's `userProfile` nested `levels` deep
   * (`{"a":{"a":…}}`, 6 bytes a level). Built as text: no recursion on this side either.
   */
  | { kind: 'deep'; levels: number }

export interface FakeVendorOptions {
  /** The token the vendor expects in its `token` header; other values get vendor status 10001. */
  token: string
  /** Delay before answering each request (the bench uses 50 ms). */
  latencyMs?: number
  /** Conferences it knows; the fixture dataset and the seed when absent. */
  conferences?: readonly Conference[]
  /** The path it serves; the spec's lookup path when absent. */
  path?: string
}

export interface FakeVendor {
  /** Base URL, e.g. `http://127.0.0.1:40123` (no trailing slash). */
  url: string
  path: string
  /** Lookup requests received so far. */
  calls: number
  /** Lookup requests being answered right now (until the answer ends or the caller hangs up). */
  inFlight: number
  /** The most lookup requests that were in flight at once. */
  maxInFlight: number
  /** Requests whose `token` header was missing or wrong. */
  badTokens: number
  /** Requests to the redirect target: a client that follows redirects shows up here. */
  redirectsFollowed: number
  /** Bytes written for `huge` answers before the client went away. */
  hugeBytesSent: number
  /** Every `token` header received, for the leak tests. */
  tokensSeen: (string | undefined)[]
  /** The `traceparent` header of every request (undefined when absent), for the tracing tests. */
  traceparentsSeen: (string | undefined)[]
  /** Answers the next requests with these modes, in order; then with the default mode. */
  plan(...modes: FaultMode[]): void
  /**
   * From now on accepts only this token (a rotation at the vendor); other tokens get `refusal`
   * (vendor status 10001 "token invalid" unless told).
   */
  setToken(token: string, refusal?: { status: number; msg: string }): void
  /** The mode used when no planned mode is left; `ok` at first. */
  setDefault(mode: FaultMode): void
  reset(): void
  close(): Promise<void>
}

const REDIRECT_PATH = '/moved-elsewhere'

/** Starts the fake vendor on 127.0.0.1 with a free port. */
export async function startFakeVendor(options: FakeVendorOptions): Promise<FakeVendor> {
  const path = options.path ?? LOOKUP_PATH
  // Keyed by host and code: each of the vendor's hosts is an environment of its own.
  const byLink = new Map<string, Conference>()
  for (const conference of [
    seedResponse.result[0] as unknown as Conference,
    ...(options.conferences ?? dataset),
  ]) {
    const link = normalizeJoinUrl(conference.attendeeJoinUrl)
    if (link.ok) byLink.set(`${link.host}/${link.code}`, conference)
  }
  const sockets = new Set<Socket>()
  let queue: FaultMode[] = []
  let fallback: FaultMode = { kind: 'ok' }
  let sequence = 0
  let token = options.token
  let refusal = { status: 10001, msg: 'token invalid' }

  const vendor: FakeVendor = {
    url: '',
    path,
    calls: 0,
    inFlight: 0,
    maxInFlight: 0,
    badTokens: 0,
    redirectsFollowed: 0,
    hugeBytesSent: 0,
    tokensSeen: [],
    traceparentsSeen: [],
    plan: (...modes) => {
      queue.push(...modes)
    },
    setToken: (next, answer = { status: 10001, msg: 'token invalid' }) => {
      token = next
      refusal = answer
    },
    setDefault: (mode) => {
      fallback = mode
    },
    reset: () => {
      queue = []
      fallback = { kind: 'ok' }
      token = options.token
      refusal = { status: 10001, msg: 'token invalid' }
      Object.assign(vendor, {
        calls: 0,
        maxInFlight: vendor.inFlight,
        badTokens: 0,
        redirectsFollowed: 0,
        hugeBytesSent: 0,
        tokensSeen: [],
        traceparentsSeen: [],
      })
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      }),
  }

  const envelope = (result: unknown[]) =>
    JSON.stringify({
      ...seedResponse,
      result,
      request_id: `uniformserver-127.0.0.1-${++sequence}`,
      timestamp: Date.now(),
      request_duration: '1.250ms',
    })

  async function answer(req: IncomingMessage, res: ServerResponse, body: string): Promise<void> {
    const sent = req.headers.token
    vendor.tokensSeen.push(typeof sent === 'string' ? sent : undefined)
    const traceparent = req.headers.traceparent
    vendor.traceparentsSeen.push(typeof traceparent === 'string' ? traceparent : undefined)
    if (sent !== token) {
      vendor.badTokens++
      return send(res, 200, JSON.stringify(refusal))
    }
    const mode = queue.shift() ?? fallback
    if (options.latencyMs) await new Promise((r) => setTimeout(r, options.latencyMs))
    switch (mode.kind) {
      case 'ok': {
        let link: ReturnType<typeof normalizeJoinUrl> | undefined
        try {
          link = normalizeJoinUrl(String(JSON.parse(body).attendeeJoinUrl))
        } catch {
          return send(res, 200, JSON.stringify({ status: 10002, msg: 'bad request body' }))
        }
        const conference = link.ok ? byLink.get(`${link.host}/${link.code}`) : undefined
        return send(res, 200, envelope(conference ? [conference] : []))
      }
      case 'hang':
        return
      case 'stall':
        res.writeHead(200, { 'Content-Type': 'application/json' })
        res.write(envelope([seedResponse.result[0]]).slice(0, 200))
        return
      case 'reset':
        req.socket.destroy()
        return
      case 'status': {
        const headers: Record<string, string> = {}
        if (mode.retryAfter !== undefined) headers['Retry-After'] = mode.retryAfter
        return send(res, mode.status, mode.body ?? `HTTP ${mode.status}`, 'text/plain', headers)
      }
      case 'raw':
        return send(res, mode.status ?? 200, mode.body, mode.contentType)
      case 'huge':
        return streamHuge(res, mode.bytes)
      case 'redirect':
        return send(res, 302, '', 'text/plain', { Location: `${vendor.url}${REDIRECT_PATH}` })
      case 'drift':
      case 'deep': {
        const conference = conferenceFor(body)
        if (!conference) return send(res, 200, envelope([]))
        return send(
          res,
          200,
          mode.kind === 'drift' ? drifted(conference, mode) : deep(conference, mode.levels),
        )
      }
    }
  }

  function conferenceFor(body: string): Conference | undefined {
    try {
      const link = normalizeJoinUrl(String(JSON.parse(body).attendeeJoinUrl))
      return link.ok ? byLink.get(`${link.host}/${link.code}`) : undefined
    } catch {
      return undefined
    }
  }

  function drifted(conference: Conference, mode: Extract<FaultMode, { kind: 'drift' }>): string {
    const record: Record<string, unknown> = {
      ...conference,
      attendList: conference.attendList.map((a) => ({ ...a, ...mode.attendee })),
      ...mode.conference,
    }
    return JSON.stringify({ ...JSON.parse(envelope([record])), ...mode.envelope })
  }

  function deep(conference: Conference, levels: number): string {
    const [first, ...rest] = conference.attendList.length ? conference.attendList : [seedAttendee()]
    const marker = '"__deep_profile__"'
    const record = { ...conference, attendList: [{ ...first, userProfile: '__deep_profile__' }, ...rest] }
    const nested = `${'{"a":'.repeat(levels)}{}${'}'.repeat(levels)}`
    return envelope([record]).replace(marker, nested)
  }

  function streamHuge(res: ServerResponse, bytes: number): void {
    res.writeHead(200, { 'Content-Type': 'application/json' })
    const chunk = Buffer.alloc(64 * 1024, 'x')
    let left = bytes
    const pump = () => {
      while (left > 0 && !res.destroyed) {
        const size = Math.min(left, chunk.length)
        left -= size
        vendor.hugeBytesSent += size
        if (!res.write(chunk.subarray(0, size))) return void res.once('drain', pump)
      }
      if (left === 0) res.end()
    }
    pump()
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      if (req.url === REDIRECT_PATH) {
        vendor.redirectsFollowed++
        return send(res, 200, envelope([seedResponse.result[0]]))
      }
      if (req.method !== 'POST' || req.url !== path) return send(res, 404, 'not found', 'text/plain')
      vendor.calls++
      vendor.inFlight++
      vendor.maxInFlight = Math.max(vendor.maxInFlight, vendor.inFlight)
      // Over once the answer is done or the caller hung up. The hang-up is seen when the socket
      // reads its end (or a reset), in the loop turn the caller gave up: the response's 'close' only
      // comes in that turn's close phase, after a request the caller made next was already counted.
      let done = false
      const over = () => {
        if (done) return
        done = true
        vendor.inFlight--
        req.socket.off('end', over).off('error', over)
      }
      res.once('close', over)
      req.socket.once('end', over).once('error', over)
      void answer(req, res, Buffer.concat(chunks).toString('utf8'))
    })
  })
  server.on('connection', (socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  vendor.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  return vendor
}

const seedAttendee = () =>
  structuredClone(seedResponse.result[0].attendList[0]) as unknown as Conference['attendList'][number]

function send(
  res: ServerResponse,
  status: number,
  body: string,
  contentType = 'application/json',
  headers: Record<string, string> = {},
): void {
  if (res.destroyed) return
  res.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': Buffer.byteLength(body),
    ...headers,
  })
  res.end(body)
}
