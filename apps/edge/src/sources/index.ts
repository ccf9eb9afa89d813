import { dataset } from '@joinlink/validation/dataset'
import { type Config, ConfigError } from '../config.ts'
import { createFixtureSource, DatasetError, parseDataset } from './fixtures.ts'
import type { ConferenceSource } from './types.ts'
import { createUpstreamSource, type UpstreamDeps, type UpstreamSource } from './upstream.ts'

export interface SourceDeps {
  /** Reads a dataset file; absent where the runtime has no file system (Workers). */
  readFile?: (path: string) => Promise<string>
  /** Log lines of the upstream source (only when `config.log`). */
  log?: (line: string) => void
  /** Runtime-specific upstream extras, such as the Workers Cache API layer. */
  upstream?: Omit<UpstreamDeps, 'log'>
}

/**
 * The source a configuration asks for: the vendor API, a dataset file, or the embedded dataset.
 * The same choice on every runtime; each entry supplies only what its runtime has.
 */
export async function createSource(
  config: Config,
  deps: SourceDeps = {},
): Promise<ConferenceSource | UpstreamSource> {
  if (config.upstream) {
    return createUpstreamSource(config.upstream, {
      ...deps.upstream,
      ...(config.log && deps.log ? { log: deps.log } : {}),
    })
  }
  if (!config.dataFile) return createFixtureSource(dataset, config.allowedHosts)
  const path = config.dataFile
  if (!deps.readFile) {
    throw new ConfigError([
      `JOINLINK_DATA=${path}: this runtime has no file system; unset it to serve the embedded dataset`,
    ])
  }
  const text = await deps.readFile(path).catch((error: { code?: string; message?: string }) => {
    throw new DatasetError(
      `JOINLINK_DATA=${path}: cannot read the file (${error.code ?? error.message ?? String(error)})`,
    )
  })
  return createFixtureSource(parseDataset(text, path), config.allowedHosts)
}

/** What to print when start-up fails: our own errors as they are, anything else with a prefix. */
export function startupMessage(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DatasetError) return error.message
  return `Joinlink could not start: ${error instanceof Error ? error.message : String(error)}`
}
