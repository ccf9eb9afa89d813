// What the floor tests share: a raw exchange over a socket, an answer with its time-dependent parts
// blanked, a server's log line by request id, and a request written by hand.
import { connect } from 'node:net'
import { LOOKUP_PATH } from '@joinlink/validation'
import type { Server } from '../servers.ts'

/** Sends `head` + `body` as they are, reads until the server closes, returns every byte as text. */
export function exchange(server: Server, head: string, body: string): Promise<string> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = []
    const socket = connect(server.port, '127.0.0.1', () => socket.end(head + body))
    socket.setTimeout(10_000, () => socket.destroy(new Error(`${server.name}: no answer in 10 s`)))
    socket.on('data', (chunk) => chunks.push(chunk))
    socket.on('error', fail)
    socket.on('close', () => done(Buffer.concat(chunks).toString('utf8')))
  })
}

/**
 * The same answer with what differs by time blanked: Date, Server-Timing, timestamp, duration, and
 * Content-Length (the duration's digits change it; the body itself is compared).
 */
export const timeless = (raw: string) =>
  raw
    .replace(/^Date: .*$/m, 'Date: <date>')
    .replace(/^Content-Length: \d+(?=\r?$)/m, 'Content-Length: <length>')
    .replace(/^Server-Timing: .*$/m, 'Server-Timing: <timing>')
    .replace(/"timestamp":\d+/, '"timestamp":0')
    .replace(/"request_duration":"[\d.]+ms"/, '"request_duration":"0ms"')

export const logLine = (server: Server, id: string) => {
  const line = server
    .output()
    .split('\n')
    .find((l) => l.includes(`"request_id":"${id}"`))
  return line?.replace(/"time":"[^"]+"/, '"time":0').replace(/"duration_ms":[\d.]+/, '"duration_ms":0')
}

/** One request of a floor test. */
export interface Case {
  name: string
  method?: string
  path?: string
  contentType?: string | null
  body: string
  chunked?: boolean
}

export function request({ name, method = 'POST', path = LOOKUP_PATH, contentType, body, chunked }: Case) {
  const id = `floor-${name.replace(/[^A-Za-z0-9]+/g, '-')}`
  const type = contentType === undefined ? 'application/json' : contentType
  const framing = chunked
    ? 'Transfer-Encoding: chunked\r\n'
    : method === 'POST'
      ? `Content-Length: ${Buffer.byteLength(body)}\r\n`
      : ''
  const head = `${method} ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Request-Id: ${id}\r\n${type === null ? '' : `Content-Type: ${type}\r\n`}${framing}Connection: close\r\n\r\n`
  const payload = chunked ? `${Buffer.byteLength(body).toString(16)}\r\n${body}\r\n0\r\n\r\n` : body
  return { id, head, payload }
}
