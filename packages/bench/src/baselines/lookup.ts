// The floor: the lookup on bare node:http, answering through the same lookup core as the edge and
// writing the same bytes — the edge's secure headers, X-Request-Id, Server-Timing, one JSON log
// line per request — with nothing between the socket and the core. `lookup.test.ts` holds it to
// the edge's bytes for every fixture request.
import type { IncomingMessage, ServerResponse } from 'node:http'
import {
  type Answer,
  createLookupCore,
  embeddedDatasetSource,
  lookupError,
  requestIdFrom,
} from '@joinlink/core'
import {
  authorizer,
  memoryLimiter,
  type Profile,
  ROUTES,
  rateCheck,
  requestLogLine,
  secureHeaderSet,
} from '@joinlink/edge'
import { BODY_LIMIT_BYTES, DEFAULT_ALLOWED_HOSTS, LOOKUP_PATH } from '@joinlink/validation'

export { LOOKUP_PATH }

/** What the floor is configured with: the edge's settings of the same name, public profile. */
export interface FloorOptions {
  /** Lookups per minute per client address (`JOINLINK_RATE_LIMIT`); 0 turns it off. */
  rateLimit: number
  /**
   * Where log lines go; absent, nothing is logged (`JOINLINK_LOG=false`). Every line is written:
   * the floor is the edge with `JOINLINK_LOG_4XX_LIMIT=0` (no cap on 4xx lines; the bench loads
   * are 2xx, which the cap never drops).
   */
  log?: ((line: string) => void) | undefined
}

/** The request listener of the floor, over the embedded dataset. */
export function floorListener({
  rateLimit,
  log,
}: FloorOptions): (request: IncomingMessage, response: ServerResponse) => void {
  const core = createLookupCore({
    source: embeddedDatasetSource(),
    allowedHosts: DEFAULT_ALLOWED_HOSTS,
  })
  const secure = secureHeaderSet('same-origin')
  const checkRate = rateLimit > 0 ? rateCheck(rateLimit, memoryLimiter(rateLimit)) : undefined
  const authorize = authorizer([], true)
  const tooLarge = () => lookupError('BODY_TOO_LARGE', { limit: BODY_LIMIT_BYTES })

  return (request, response) => {
    const requestId = requestIdFrom(request.headers['x-request-id'] as string | undefined)
    const startedAt = performance.now()
    const meta = { requestId, startedAt }
    const url = request.url ?? '/'
    const query = url.indexOf('?')
    const path = query < 0 ? url : url.slice(0, query)
    const method = request.method ?? 'GET'

    const send = (answer: Answer) => {
      // As @hono/node-server does: Node writes Content-Length itself, after Date and Connection.
      ;(response as unknown as { _contentLength: number })._contentLength = Buffer.byteLength(answer.body)
      response.writeHead(answer.status, { ...secure, ...answer.headers })
      response.end(answer.body)
      log?.(
        requestLogLine({
          method,
          path,
          status: answer.status,
          totalMs: performance.now() - startedAt,
          requestId,
          cache: answer.cache,
        }),
      )
    }
    const fail = (error: unknown) => send(core.fail(meta, error))

    if (path !== LOOKUP_PATH || method !== 'POST') {
      request.resume()
      return send(core.unrouted(method, path, meta, ROUTES))
    }
    let profile: Profile | Promise<Profile>
    try {
      // The memory limiter answers at once (never a promise): throws the 429 when over.
      checkRate?.(request.socket.remoteAddress ?? 'unknown')
      profile = authorize(request.headers.authorization)
      const declared = request.headers['content-length']
      if (declared !== undefined && request.headers['transfer-encoding'] === undefined) {
        if (Number.parseInt(declared, 10) > BODY_LIMIT_BYTES) throw tooLarge()
      }
    } catch (error) {
      request.resume()
      return fail(error)
    }
    const chunks: Buffer[] = []
    let size = 0
    request.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size <= BODY_LIMIT_BYTES) chunks.push(chunk)
    })
    request.on('end', () => {
      if (size > BODY_LIMIT_BYTES) return fail(tooLarge())
      const lookup = (chosen: Profile) =>
        core.lookup({
          method,
          contentType: request.headers['content-type'],
          body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks),
          requestId,
          startedAt,
          profile: chosen,
          context: { clientAddress: request.socket.remoteAddress ?? 'unknown' },
        })
      const answered = typeof profile === 'string' ? lookup(profile) : profile.then(lookup)
      answered.then(send, fail)
    })
  }
}
