// The OpenTelemetry tracer: spans exported over OTLP/HTTP (JSON) in batches. Entries import this
// module only when JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT is set, so without it no SDK is loaded.
import {
  ROOT_CONTEXT,
  type Span,
  type SpanContext,
  SpanKind,
  SpanStatusCode,
  trace,
} from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { resourceFromAttributes } from '@opentelemetry/resources'
import { BatchSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace'
import { parseTraceparent, type Tracer, type TraceSpan } from './tracing.ts'

const KINDS = { server: SpanKind.SERVER, client: SpanKind.CLIENT, internal: SpanKind.INTERNAL } as const

/** Where and as what the spans go. */
export interface OtelOptions {
  /** The collector's base URL; spans are posted to `<endpoint>/v1/traces`. */
  endpoint: string
  /** `service.name` of the spans. */
  serviceName: string
  /** `service.version` and the runtime, as resource attributes. */
  version: string
  runtime: string
}

/** A {@link Tracer} exporting to an OTLP/HTTP collector. */
export function createOtelTracer(options: OtelOptions): Tracer {
  const exporter = new OTLPTraceExporter({ url: `${options.endpoint.replace(/\/+$/, '')}/v1/traces` })
  const provider = new TracerProvider({
    resource: resourceFromAttributes({
      'service.name': options.serviceName,
      'service.version': options.version,
      'process.runtime.name': options.runtime,
    }),
    spanProcessors: [new BatchSpanProcessor({ exporter, scheduledDelayMillis: 1000 })],
  })
  const tracer = provider.getTracer('joinlink-edge', options.version)

  const wrap = (span: Span): TraceSpan => {
    const context = span.spanContext()
    const flags = context.traceFlags.toString(16).padStart(2, '0')
    return {
      traceparent: `00-${context.traceId}-${context.spanId}-${flags}`,
      setAttribute: (name, value) => void span.setAttribute(name, value),
      end(error) {
        if (error !== undefined) span.setStatus({ code: SpanStatusCode.ERROR, message: error })
        span.end()
      },
    }
  }

  return {
    start(name, parent, kind, attributes) {
      const header = typeof parent === 'string' ? parent : parent?.traceparent
      const remote = parseTraceparent(header)
      const parentContext: SpanContext | undefined = remote && {
        traceId: remote.traceId,
        spanId: remote.spanId,
        traceFlags: remote.flags,
        isRemote: typeof parent === 'string',
      }
      const context = parentContext ? trace.setSpanContext(ROOT_CONTEXT, parentContext) : ROOT_CONTEXT
      const options = { kind: KINDS[kind], ...(attributes ? { attributes } : {}) }
      return wrap(tracer.startSpan(name, options, context))
    },
    flush: () => provider.forceFlush(),
  }
}
