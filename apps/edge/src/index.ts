/**
 * The Joinlink edge app, for the runtime entry files and tests.
 * @module
 */
export { type AppDeps, createApp } from './app.ts'
export { type Config, ConfigError, DEFAULTS, parseConfig } from './config.ts'
export { AppError } from './errors.ts'
export { readyLine } from './ready.ts'
export { createFixtureSource, DatasetError, parseDataset } from './sources/fixtures.ts'
export type { ConferenceSource, LookupOutcome } from './sources/types.ts'
