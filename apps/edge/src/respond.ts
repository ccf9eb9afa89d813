// Turns the core's answers (and the app's own pages) into Responses with every header they carry,
// and writes each request's one log line as its answer is made.
import { type Answer, errorAnswer, LookupError, type RequestMeta, requestIdFrom } from '@joinlink/core'
import type { Context } from 'hono'
import type { AppEnv } from './env.ts'
import { requestLogLine } from './middleware/request-context/index.ts'

/** Builds every answer of the app; see {@link responder}. */
export interface Responder {
  /** The request's id (a safe inbound `X-Request-Id`, else a fresh UUID) and start time, made once. */
  begin(c: Context<AppEnv>): RequestMeta
  /** The Response for an answer of the core. */
  answer(c: Context<AppEnv>, answer: Answer): Response
  /** The same without Hono's context: the Response for `answer`, and its log line. */
  finish(meta: RequestMeta, method: string, path: string, answer: Answer): Response
  /** The answer for a failure; a fault of the server's own (not a `LookupError`) is logged first. */
  fail(meta: RequestMeta, error: unknown): Answer
  /** A page of the app's own (health, the spec, the docs), with the id and timing every answer has. */
  page(
    c: Context<AppEnv>,
    body: string,
    contentType: string,
    extra?: Readonly<Record<string, string>>,
  ): Response
}

/**
 * Answers with the deployment's headers (the secure headers, computed once per app) under each
 * answer's own, in one plain object — no `Headers` object in the hot path, and @hono/node-server
 * writes it straight to `writeHead` — and logs the request's line (`requestLog` absent: none).
 * Doing this here rather than in a middleware around every route lets Hono call a route's handler
 * directly. Faults are written to `faultLog` whatever `requestLog` is.
 */
export function responder(
  deployment: Readonly<Record<string, string>>,
  requestLog: ((line: string) => void) | undefined,
  faultLog: ((line: string) => void) | undefined,
): Responder {
  const begin = (c: Context<AppEnv>): RequestMeta => {
    let requestId = c.get('requestId')
    if (requestId === undefined) {
      requestId = requestIdFrom(c.req.header('x-request-id'))
      c.set('requestId', requestId)
      c.set('startedAt', performance.now())
    }
    return { requestId, startedAt: c.get('startedAt') as number }
  }
  const logged = (meta: RequestMeta, method: string, path: string, status: number, cache?: string) =>
    requestLog?.(
      requestLogLine({
        method,
        path,
        status,
        totalMs: performance.now() - meta.startedAt,
        requestId: meta.requestId,
        cache,
      }),
    )
  const finish = (meta: RequestMeta, method: string, path: string, answer: Answer) => {
    const response = new Response(answer.body, {
      status: answer.status,
      headers: { ...deployment, ...answer.headers },
    })
    logged(meta, method, path, answer.status, answer.cache)
    return response
  }
  return {
    begin,
    finish,
    answer(c, answer) {
      c.set('answered', true)
      return finish(begin(c), c.req.method, c.req.path, answer)
    },
    fail(meta, error) {
      if (!(error instanceof LookupError)) {
        faultLog?.(
          JSON.stringify({
            time: new Date().toISOString(),
            msg: 'unhandled error',
            request_id: meta.requestId,
            error: String(error),
          }),
        )
      }
      return errorAnswer(meta, error)
    },
    page(c, body, contentType, extra) {
      const meta = begin(c)
      const total = performance.now() - meta.startedAt
      const headers: Record<string, string> = {
        ...deployment,
        'Content-Type': contentType,
        'X-Request-Id': meta.requestId,
        'Server-Timing': `total;dur=${total.toFixed(3)}`,
        ...extra,
      }
      const response = new Response(body, { status: 200, headers })
      c.set('answered', true)
      logged(meta, c.req.method, c.req.path, 200)
      return response
    },
  }
}
