// One lookup over a connection of its own, from a chosen local address: what the socket tests of
// the Node edge (node-abuse, node-hardening) send as an honest client beside their floods.
import { request } from 'node:http'
import { LOOKUP_PATH } from '@joinlink/test-kit/contract'

/** An answer's HTTP status, envelope code and Retry-After; or, with no answer, the error's code. */
export interface Outcome {
  status: number | string
  code?: number
  retryAfter?: string | undefined
}

/** POSTs `link` to the edge on 127.0.0.1:`port` from `localAddress`; never rejects. */
export function lookupFrom(
  port: number,
  link: string,
  localAddress = '127.0.0.1',
  timeoutMs = 30_000,
): Promise<Outcome> {
  const body = JSON.stringify({ attendeeJoinUrl: link })
  return new Promise((resolve) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        localAddress,
        method: 'POST',
        path: LOOKUP_PATH,
        agent: false,
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        let text = ''
        res.setEncoding('utf8')
        res.on('data', (chunk: string) => {
          text += chunk
        })
        res.on('end', () => {
          let code: number | undefined
          try {
            code = JSON.parse(text).status
          } catch {
            code = undefined
          }
          resolve({
            status: res.statusCode ?? 0,
            ...(code !== undefined && { code }),
            retryAfter: res.headers['retry-after'],
          })
        })
      },
    )
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { code: 'TIMEOUT' })))
    req.on('error', (error: NodeJS.ErrnoException) => resolve({ status: error.code ?? 'error' }))
    req.end(body)
  })
}
