// Turns the core's answers (and the app's own pages) into Responses with every header they carry,
// and writes each request's one log line, its metrics and the end of its span as its answer is made.
import { type Answer, errorAnswer, LookupError, type RequestMeta, requestIdFrom } from '@joinlink/core'
import { LOOKUP_PATH } from '@joinlink/validation'
import type { Context } from 'hono'
import type { NoiseLimit } from '../observability/log-limit.ts'
import { envelopeCodeOf, lookupOutcomeOf, type Metrics, routeOf } from '../observability/metrics.ts'
import { requestLogLine } from '../observability/request-log.ts'
import { forwardOnly, type Tracer, type TraceSpan } from '../observability/tracing.ts'
import type { AppEnv } from './env.ts'

/** What the responder reports to besides the log; each absent, nothing is done for it. */
export interface RequestObservers {
  /** Every answered request by route, status and envelope code, its duration, and each lookup's outcome. */
  metrics?: Metrics | undefined
  /**
   * Starts the request's span. Without one, a caller's `traceparent` is still forwarded to the
   * vendor (read from the request only when an upstream source asks: {@link forwardedTrace}).
   */
  tracer?: Tracer | undefined
  /** Caps the 4xx lines of one client address (see `noiseLimit`); absent, every line is written. */
  noise?: NoiseLimit | undefined
  /** The client's address, asked only for a 4xx answer when `noise` is set. */
  clientOf?: ((c: Context<AppEnv>) => string | undefined) | undefined
}

/** A request's id and start time, and its span when there is one. */
export interface RequestState extends RequestMeta {
  trace?: TraceSpan | undefined
  /** The platform's `waitUntil` for the metrics' flush (Workers); set only when the metrics flush. */
  waitUntil?: ((promise: Promise<unknown>) => void) | undefined
  /** The client's address, where it is known (the lookup route), for the log's noise limit. */
  client?: string | undefined
}

/** Builds every answer of the app; see {@link responder}. */
export interface Responder {
  /** The request's id, start time and span, from its headers (no Hono context: the direct path). */
  start(request: Request): RequestState
  /** The same, made once per request and kept in Hono's context. */
  begin(c: Context<AppEnv>): RequestState
  /** The Response for an answer of the core. */
  answer(c: Context<AppEnv>, answer: Answer): Response
  /** The same without Hono's context: the Response for `answer`, its log line, metrics and span. */
  finish(meta: RequestState, method: string, path: string, answer: Answer): Response
  /**
   * A request whose client went away before its body arrived: nobody reads an answer, so none is
   * built; the log line says `status` (499, nginx's "client closed request"), no error line.
   */
  gone(meta: RequestState, method: string, path: string): Response
  /** The answer for a failure; a fault of the server's own (not a `LookupError`) is logged first. */
  fail(meta: RequestMeta, error: unknown): Answer
  /** A page of the app's own (health, readiness, metrics, the spec, the docs), with the id and timing every answer has. */
  page(
    c: Context<AppEnv>,
    body: string | Uint8Array | ReadableStream<Uint8Array> | null,
    contentType: string,
    extra?: Readonly<Record<string, string>>,
    status?: number,
  ): Response
  /**
   * For an answer the responder did not make (a CORS preflight): its log line, metrics and span.
   */
  record(meta: RequestState, method: string, path: string, status: number): void
}

/** 499: the client closed the request before its answer (nginx's code; not an HTTP status of the spec). */
export const CLIENT_CLOSED = 499

/**
 * Answers with the deployment's headers (the secure headers, computed once per app) under each
 * answer's own, in one plain object — no `Headers` object in the hot path, and @hono/node-server
 * writes it straight to `writeHead` — and logs the request's line (`requestLog` absent: none).
 * Doing this here rather than in a middleware around every route lets Hono call a route's handler
 * directly. Faults are written to `faultLog` whatever `requestLog` is. With neither metrics nor a
 * tracer, and no `traceparent` on the request, nothing is done for them (no span, no lookup).
 */
export function responder(
  deployment: Readonly<Record<string, string>>,
  requestLog: ((line: string) => void) | undefined,
  faultLog: ((line: string) => void) | undefined,
  { metrics, tracer, noise, clientOf }: RequestObservers = {},
): Responder {
  const start = (request: Request): RequestState => {
    const headers = request.headers
    const meta: RequestState = {
      requestId: requestIdFrom(headers.get('x-request-id') ?? undefined),
      startedAt: performance.now(),
    }
    // Without a tracer the caller's `traceparent` is read only if a source asks for it (see
    // `forwardedTrace`): a span of its own would record nothing.
    if (tracer) {
      const traceparent = headers.get('traceparent') ?? undefined
      const span = tracer.start('joinlink.request', traceparent, 'server', {
        'http.request.method': request.method,
      })
      if (span.traceparent) meta.trace = span
    }
    return meta
  }
  const begin = (c: Context<AppEnv>): RequestState => {
    const requestId = c.get('requestId')
    if (requestId === undefined) {
      const meta = start(c.req.raw)
      c.set('requestId', meta.requestId)
      c.set('startedAt', meta.startedAt)
      if (meta.trace) c.set('trace', meta.trace)
      if (metrics?.flush) meta.waitUntil = waitUntilOf(c)
      return meta
    }
    const meta: RequestState = { requestId, startedAt: c.get('startedAt') as number, trace: c.get('trace') }
    if (metrics?.flush) meta.waitUntil = waitUntilOf(c)
    return meta
  }
  const observed = (meta: RequestState, path: string, status: number, seconds: number, answer?: Answer) => {
    const route = routeOf(path, LOOKUP_PATH)
    const code = answer ? envelopeCodeOf(answer.body) : -1
    if (metrics) {
      metrics.request(route, status, code, seconds)
      const outcome = route === 'lookup' ? lookupOutcomeOf(code, answer?.cache) : undefined
      if (outcome) metrics.lookup(outcome)
      if (metrics.flush) metrics.flush(meta.waitUntil ?? runsOn)
    }
    const span = meta.trace
    if (span) {
      span.setAttribute('http.route', route)
      span.setAttribute('http.response.status_code', status)
      if (code > 0) span.setAttribute('joinlink.envelope_code', code)
      span.end(status >= 500 ? `HTTP ${status}` : undefined)
    }
  }
  const record = (meta: RequestState, method: string, path: string, status: number, answer?: Answer) => {
    if (!requestLog && !metrics && !meta.trace) return
    const totalMs = performance.now() - meta.startedAt
    if (metrics || meta.trace) observed(meta, path, status, totalMs / 1000, answer)
    if (requestLog && (!noise || noise.allow(status, meta.client)))
      requestLog(
        requestLogLine({ method, path, status, totalMs, requestId: meta.requestId, cache: answer?.cache }),
      )
  }
  const finish = (meta: RequestState, method: string, path: string, answer: Answer) => {
    const response = new Response(answer.body, {
      status: answer.status,
      headers: { ...deployment, ...answer.headers },
    })
    record(meta, method, path, answer.status, answer)
    return response
  }
  return {
    start,
    begin,
    finish,
    record,
    answer(c, answer) {
      c.set('answered', true)
      const meta = begin(c)
      if (noise && answer.status >= 400 && answer.status < 500) meta.client ??= clientOf?.(c)
      return finish(meta, c.req.method, c.req.path, answer)
    },
    gone(meta, method, path) {
      record(meta, method, path, CLIENT_CLOSED)
      return new Response(null, { status: CLIENT_CLOSED })
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
    page(c, body, contentType, extra, status = 200) {
      const meta = begin(c)
      const total = performance.now() - meta.startedAt
      const headers: Record<string, string> = {
        ...deployment,
        'Content-Type': contentType,
        'X-Request-Id': meta.requestId,
        'Server-Timing': `total;dur=${total.toFixed(3)}`,
        ...extra,
      }
      const response = new Response(body as BodyInit | null, { status, headers })
      c.set('answered', true)
      if (noise && status >= 400 && status < 500) meta.client ??= clientOf?.(c)
      record(meta, c.req.method, c.req.path, status)
      return response
    },
  }
}

/** Where there is no `waitUntil` (Node, Bun, Deno): the promise simply runs on. */
const runsOn = () => {}

/** The platform's `waitUntil` (Workers); Hono throws where there is no ExecutionContext. */
function waitUntilOf(c: Context<AppEnv>) {
  return (promise: Promise<unknown>) => {
    try {
      c.executionCtx.waitUntil(promise)
    } catch {
      // Node, Bun, Deno: no ExecutionContext.
    }
  }
}

/**
 * The caller's trace context, forwarded as is, when no tracer is configured: read from the
 * request's `traceparent` (undefined when absent or invalid).
 */
export function forwardedTrace(request: Request): TraceSpan | undefined {
  const traceparent = request.headers.get('traceparent')
  if (traceparent === null) return undefined
  const span = forwardOnly.start('joinlink.request', traceparent, 'server')
  return span.traceparent ? span : undefined
}
