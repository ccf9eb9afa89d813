// W3C Trace Context through the edge: a caller's `traceparent` reaches the vendor call. Spans are
// recorded only by a tracer an entry loads when OTLP is configured (./otel.ts, imported on demand);
// without one, the caller's `traceparent` is forwarded unchanged and nothing else happens.

import type { LookupContext } from '@joinlink/core'

/** A span in flight, as the edge's code sees it. */
export interface TraceSpan {
  /** The `traceparent` to send downstream with this span as the parent (W3C Trace Context). */
  readonly traceparent: string
  setAttribute(name: string, value: string | number | boolean): void
  /** Ends the span; `error` marks it failed with that (short, secret-free) description. */
  end(error?: string): void
}

/** OpenTelemetry's span kinds the edge uses. */
export type SpanKindName = 'server' | 'client' | 'internal'

/** Starts spans; the one an entry passes as `tracer`. */
export interface Tracer {
  /** A span under `parent` (a caller's `traceparent` header, or a span of ours); a root span without one. */
  start(
    name: string,
    parent: string | TraceSpan | undefined,
    kind: SpanKindName,
    attributes?: Record<string, string | number>,
  ): TraceSpan
  /** Sends what is buffered (at shutdown). */
  flush(): Promise<void>
}

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/

/** The parts of a valid version-00 `traceparent`, or undefined (all-zero ids are invalid). */
export function parseTraceparent(
  header: string | undefined,
): { traceId: string; spanId: string; flags: number } | undefined {
  if (header === undefined) return undefined
  const match = TRACEPARENT.exec(header.trim().toLowerCase())
  if (!match) return undefined
  const [, traceId, spanId, flags] = match as unknown as [string, string, string, string]
  if (/^0+$/.test(traceId) || /^0+$/.test(spanId)) return undefined
  return { traceId, spanId, flags: Number.parseInt(flags, 16) }
}

const noop = () => {}

/**
 * No tracer configured: a "span" is the caller's context itself, so the vendor call carries the
 * caller's `traceparent` unchanged (a participant that records nothing forwards it as it came).
 */
export const forwardOnly: Tracer = {
  start(_name, parent) {
    if (typeof parent !== 'string') return parent ?? NO_SPAN
    // Only a valid header travels on, normalised; anything else is dropped.
    return parseTraceparent(parent)
      ? { traceparent: parent.trim().toLowerCase(), setAttribute: noop, end: noop }
      : NO_SPAN
  },
  flush: () => Promise.resolve(),
}

/** No trace at all: no header goes downstream. */
const NO_SPAN: TraceSpan = { traceparent: '', setAttribute: noop, end: noop }

/** The `traceparent` header for the vendor, or none. */
export const traceHeaders = (span: TraceSpan | undefined): Record<string, string> | undefined =>
  span?.traceparent ? { traceparent: span.traceparent } : undefined

/** The lookup context the edge hands its sources: the core's, plus the request's span. */
export interface TracedLookupContext extends LookupContext {
  /** The request's span (or the caller's forwarded context); the vendor call is its child. */
  trace?: TraceSpan | undefined
}
