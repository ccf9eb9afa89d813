/**
 * The Joinlink edge app, for the runtime entry files and tests.
 * @module
 */
export { type AppDeps, createApp } from './app.ts'
export { type Config, ConfigError, DEFAULTS, parseConfig } from './config.ts'
export type { AppEnv } from './env.ts'
export type { Metrics } from './observability/metrics.ts'
export { createPrometheusMetrics, type PrometheusMetrics } from './observability/prometheus.ts'
export { readyLine } from './ready.ts'
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
