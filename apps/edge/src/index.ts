/**
 * The Joinlink edge app, for the runtime entry files and tests.
 * @module
 */

export { type Config, ConfigError, DEFAULTS, parseConfig } from './config/config.ts'
export { readyLine } from './entry/ready.ts'
export { type AppDeps, createApp } from './http/app.ts'
export type { AppEnv } from './http/env.ts'
export { ROUTES } from './http/routes.ts'
export { type Authorize, authorizer, type Profile } from './middleware/auth/index.ts'
export { readBody } from './middleware/body-limit/index.ts'
export {
  memoryLimiter,
  type RateCheck,
  type RateLimiter,
  rateCheck,
  rateLimited,
} from './middleware/rate-limit/index.ts'
export { secureHeaderSet } from './middleware/secure-headers/index.ts'
export type { Metrics } from './observability/metrics.ts'
export { createPrometheusMetrics, type PrometheusMetrics } from './observability/prometheus.ts'
export { type RequestLogFields, requestLogLine } from './observability/request-log.ts'
export { createLineWriter, type LineWriter, type LineWriterOptions } from './server/log-writer.ts'
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
