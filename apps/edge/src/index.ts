/**
 * The Joinlink edge app, for the runtime entry files and tests.
 * @module
 */
export { type AppDeps, createApp } from './app.ts'
export { type Config, ConfigError, DEFAULTS, parseConfig } from './config.ts'
export { AppError } from './errors.ts'
export { readyLine } from './ready.ts'
export {
  type CachedValue,
  type CacheEntry,
  createMemorySharedCache,
  deserializeEntry,
  type SharedCache,
  serializeEntry,
} from './sources/cache.ts'
export { createFixtureSource, DatasetError } from './sources/fixtures.ts'
export type { ConferenceSource, LookupOutcome } from './sources/types.ts'
export {
  createUpstreamSource,
  type LookupOptions,
  type UpstreamDeps,
  type UpstreamSource,
} from './sources/upstream.ts'
