/**
 * The Joinlink edge app, for the runtime entry files and tests.
 * @module
 */
export { type AppDeps, createApp } from './app.ts'
export { type Config, ConfigError, DEFAULTS, parseConfig } from './config.ts'
export type { AppEnv } from './env.ts'
export { createLineWriter, type LineWriter, type LineWriterOptions } from './log-writer.ts'
export { type Authorize, authorizer, type Profile } from './middleware/auth/index.ts'
export { readBody } from './middleware/body-limit/index.ts'
export {
  memoryLimiter,
  type RateCheck,
  type RateLimiter,
  rateCheck,
  rateLimited,
} from './middleware/rate-limit/index.ts'
export { type RequestLogFields, requestLogLine } from './middleware/request-context/index.ts'
export { secureHeaderSet } from './middleware/secure-headers/index.ts'
export type { Metrics } from './observability/metrics.ts'
export { createPrometheusMetrics, type PrometheusMetrics } from './observability/prometheus.ts'
export { readyLine } from './ready.ts'
export { ROUTES } from './routes.ts'
export {
  type CachedValue,
  type CacheEntry,
  createMemorySharedCache,
  deserializeEntry,
  type SharedCache,
  serializeEntry,
} from './sources/cache.ts'
export { createSource, type SourceDeps } from './sources/index.ts'
export { createUpstreamSource, type UpstreamDeps, type UpstreamSource } from './sources/upstream.ts'
