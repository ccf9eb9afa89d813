// What Node, Bun and Deno share: the metrics (when there is a way to read them), the tracer (only
// when OTLP is configured: the SDK is imported then, never otherwise) and readiness.
import type { Config } from '../config/config.ts'
import type { Metrics } from './metrics.ts'
import { createPrometheusMetrics, type PrometheusMetrics } from './prometheus.ts'
import type { Tracer } from './tracing.ts'
import { EDGE_VERSION } from './version.ts'

/** The observability an entry hands the app and the source. */
export interface Observability {
  /** Absent when nothing could read them: no key scoped `metrics` and no JOINLINK_METRICS_PORT. */
  metrics: (Metrics & PrometheusMetrics) | undefined
  /** Absent unless JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  tracer: Tracer | undefined
}

/** Sets up metrics and tracing for `runtime` as `config` asks. */
export async function setUpObservability(config: Config, runtime: string): Promise<Observability> {
  const readable = config.metrics !== undefined || config.apiKeys.some((key) => key.scope === 'metrics')
  const metrics = readable ? createPrometheusMetrics({ version: EDGE_VERSION, runtime }) : undefined
  let tracer: Tracer | undefined
  if (config.otlpEndpoint) {
    const { createOtelTracer } = await import('./otel.ts')
    tracer = createOtelTracer({
      endpoint: config.otlpEndpoint,
      serviceName: 'joinlink-edge',
      version: EDGE_VERSION,
      runtime,
    })
  }
  return { metrics, tracer }
}

/** The `deps` spread for createApp/createSource: only what is set (exactOptionalPropertyTypes). */
export function observabilityDeps({ metrics, tracer }: Observability): {
  metrics?: Metrics
  tracer?: Tracer
} {
  return { ...(metrics ? { metrics } : {}), ...(tracer ? { tracer } : {}) }
}
