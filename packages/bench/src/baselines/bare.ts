// The bare floor: the least a node:http server can do to write the edge's answer to a lookup — the
// same bytes, headers and log line — without the lookup core: no validation, no link normalising,
// no rate limit, no error catalogue. Each conference's public answer is serialized at start; a
// request splices in its id, timestamp and duration. It answers a dataset link exactly as written
// and nothing else (anything else is a bare 404): it is a floor for the hot path, not a server.
// `bare.test.ts` holds it to the edge's bytes.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { secureHeaderSet } from '@joinlink/edge'
import type { LookupSuccess } from '@joinlink/types'
import { LOOKUP_PATH, toPublicLookupSuccess } from '@joinlink/validation'
import { dataset } from '@joinlink/validation/dataset'

/** The request id the edge echoes (`requestIdFrom` in @joinlink/core), else a fresh UUID. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/
const ID_MARK = '\u0000id'
const DURATION_MARK = '\u0000duration'
const MARKED = `"request_id":${JSON.stringify(ID_MARK)},"timestamp":-1,"request_duration":${JSON.stringify(DURATION_MARK)}`

/** Each dataset link, exactly as the dataset writes it, → its public answer around the per-request fields. */
function answers(): Map<string, { head: Buffer; tail: Buffer }> {
  const byLink = new Map<string, { head: Buffer; tail: Buffer }>()
  for (const conference of dataset) {
    const envelope: LookupSuccess = {
      status: 0,
      result: [conference],
      request_id: ID_MARK,
      timestamp: -1,
      request_duration: DURATION_MARK,
    }
    const text = JSON.stringify(toPublicLookupSuccess(envelope))
    const at = text.lastIndexOf(MARKED)
    byLink.set(conference.attendeeJoinUrl, {
      head: Buffer.from(text.slice(0, at + '"request_id":'.length)),
      tail: Buffer.from(text.slice(at + MARKED.length)),
    })
  }
  return byLink
}

/** The bare floor's request listener; `log` absent, nothing is logged. */
export function bareListener(
  log: ((line: string) => void) | undefined,
): (request: IncomingMessage, response: ServerResponse) => void {
  const byLink = answers()
  const secure = secureHeaderSet('same-origin')
  const notFound = Buffer.from('{"status":40401}')

  return (request, response) => {
    const startedAt = performance.now()
    const inbound = request.headers['x-request-id']
    const requestId =
      typeof inbound === 'string' && SAFE_REQUEST_ID.test(inbound) ? inbound : crypto.randomUUID()
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      let link: unknown
      try {
        const body = chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)
        link = (JSON.parse(body.toString()) as { attendeeJoinUrl?: unknown }).attendeeJoinUrl
      } catch {
        link = undefined
      }
      const sourceStart = performance.now()
      const found = request.url === LOOKUP_PATH && typeof link === 'string' ? byLink.get(link) : undefined
      const now = performance.now()
      if (!found) {
        response.writeHead(404, { 'Content-Type': 'application/json' }).end(notFound)
        return
      }
      const total = (now - startedAt).toFixed(3)
      const middle = Buffer.from(
        `"${requestId}","timestamp":${Date.now()},"request_duration":"${total}ms"`,
        'latin1',
      )
      const body = Buffer.concat([found.head, middle, found.tail])
      // As @hono/node-server does: Node writes Content-Length itself, after Date and Connection.
      ;(response as unknown as { _contentLength: number })._contentLength = body.byteLength
      response.writeHead(200, {
        ...secure,
        'Content-Type': 'application/json',
        'Cache-Control': 'no-store',
        'X-Request-Id': requestId,
        'Server-Timing': `source;dur=${(now - sourceStart).toFixed(3)}, total;dur=${total}`,
      })
      response.end(body)
      const ms = Number((performance.now() - startedAt).toFixed(3))
      log?.(
        `{"time":"${new Date().toISOString()}","msg":"request","method":"POST","path":"${LOOKUP_PATH}","status":200,"duration_ms":${ms},"request_id":"${requestId}"}`,
      )
    })
  }
}
