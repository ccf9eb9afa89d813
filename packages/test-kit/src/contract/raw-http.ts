// A raw HTTP/1.1 exchange over node:net, for framings fetch refuses to send (for example
// Content-Length and Transfer-Encoding together).
import { connect } from 'node:net'

/** One response parsed off the wire. */
export interface RawResponse {
  status: number
  headers: Record<string, string>
  body: string
}

/** What came back on the socket: every response in it, and anything left that was not one. */
export interface RawExchange {
  /** Every byte received, as latin1 text. */
  received: string
  responses: RawResponse[]
  /** Bytes after the last complete response (should be none). */
  trailing: string
  /** Set when the socket failed (e.g. ECONNRESET) rather than closing cleanly. */
  socketError?: string
}

/** Writes `request` to `baseUrl`'s host and port, reads until the server closes, parses what came back. */
export function rawExchange(baseUrl: string, request: string, timeoutMs = 10_000): Promise<RawExchange> {
  const { hostname, port } = new URL(baseUrl)
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let socketError: string | undefined
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new Error(`no close from ${baseUrl} within ${timeoutMs} ms; received ${Buffer.concat(chunks)}`))
    }, timeoutMs)
    socket.on('connect', () => socket.write(request))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', (error: NodeJS.ErrnoException) => {
      socketError = error.code ?? error.message
    })
    socket.on('close', () => {
      clearTimeout(timer)
      const received = Buffer.concat(chunks).toString('latin1')
      const { responses, trailing } = parseResponses(received)
      resolve({ received, responses, trailing, ...(socketError ? { socketError } : {}) })
    })
  })
}

function parseResponses(text: string): { responses: RawResponse[]; trailing: string } {
  const responses: RawResponse[] = []
  let rest = text
  for (;;) {
    const match = /^HTTP\/1\.[01] (\d{3})[^\r\n]*\r\n/.exec(rest)
    const headEnd = rest.indexOf('\r\n\r\n')
    if (!match || headEnd < 0) break
    const headers: Record<string, string> = {}
    for (const line of rest.slice(match[0].length, headEnd).split('\r\n')) {
      const colon = line.indexOf(':')
      if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
    }
    let after = rest.slice(headEnd + 4)
    let body: string
    if (headers['transfer-encoding']?.toLowerCase().includes('chunked')) {
      const decoded = decodeChunked(after)
      body = decoded.body
      after = decoded.rest
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length'])
      body = after.slice(0, length)
      after = after.slice(length)
    } else {
      body = after
      after = ''
    }
    responses.push({ status: Number(match[1]), headers, body: Buffer.from(body, 'latin1').toString('utf8') })
    rest = after
  }
  return { responses, trailing: rest }
}

function decodeChunked(text: string): { body: string; rest: string } {
  let body = ''
  let rest = text
  for (;;) {
    const lineEnd = rest.indexOf('\r\n')
    if (lineEnd < 0) return { body, rest: '' }
    const size = Number.parseInt(rest.slice(0, lineEnd), 16)
    rest = rest.slice(lineEnd + 2)
    if (!size) return { body, rest: rest.replace(/^\r\n/, '') }
    body += rest.slice(0, size)
    rest = rest.slice(size + 2)
  }
}
