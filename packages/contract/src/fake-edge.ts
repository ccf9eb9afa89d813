// A stand-in for the edge in the conformance tests: a node:http server that answers through the
// lookup core itself (so it follows the spec by construction), bent in exactly one way a test
// names — before the core sees the request, or after it has answered.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  type Answer,
  type CoreRequest,
  createLookupCore,
  embeddedDatasetSource,
  lookupError,
  requestIdFrom,
} from '@joinlink/core'

/** One way the fake departs from the spec. */
export interface Bend {
  /** Rewrites the request before the core answers it. */
  before?: (request: CoreRequest) => CoreRequest
  /** Rewrites the core's answer. */
  after?: (request: CoreRequest, answer: Answer) => Answer
}

/** A fake edge on 127.0.0.1 and how to stop it. */
export interface FakeEdge {
  baseUrl: string
  close(): Promise<void>
}

const core = createLookupCore({ source: embeddedDatasetSource() })

/** Text of a request body, for the bends that look at it. */
export const bodyText = (request: CoreRequest): string =>
  typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body ?? new Uint8Array())

/** An answer with the same headers and another status and envelope. */
export const reanswer = (answer: Answer, status: number, envelope: unknown): Answer => ({
  ...answer,
  status,
  body: JSON.stringify(envelope),
})

/**
 * Starts a fake edge: the core's answers, bent by `bend`; with `apiKey`, a lookup without
 * `Authorization: Bearer <apiKey>` is refused 401 as the edge does (unless `bend` says otherwise).
 */
export async function startFakeEdge(bend: Bend = {}, apiKey?: string): Promise<FakeEdge> {
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', async () => {
      const base: CoreRequest = {
        method: req.method ?? 'GET',
        path: new URL(req.url ?? '/', 'http://fake').pathname,
        contentType: req.headers['content-type'],
        body: Buffer.concat(chunks).toString('utf8'),
        requestId: requestIdFrom(req.headers['x-request-id'] as string | undefined),
        startedAt: performance.now(),
      }
      const request = bend.before ? bend.before(base) : base
      const refused = apiKey !== undefined && req.headers.authorization !== `Bearer ${apiKey}`
      const answer = refused
        ? core.fail(request, lookupError('UNAUTHORIZED', { reason: 'This server needs an API key.' }))
        : await core.handle(request).catch((error: unknown) => core.fail(request, error))
      const final = bend.after ? bend.after(request, answer) : answer
      res.writeHead(final.status, final.headers).end(final.body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
