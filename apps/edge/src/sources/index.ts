import {
  type ConferenceSource,
  createDatasetSource,
  DatasetError,
  embeddedDatasetSource,
} from '@joinlink/core'
import { type Config, ConfigError } from '../config/config.ts'
import type { Metrics } from '../observability/metrics.ts'
import type { Tracer } from '../observability/tracing.ts'
import { indexDataset, readDataset } from './fixtures.ts'
import { createUpstreamSource, type UpstreamDeps } from './upstream.ts'
import { type ReadTextFile, tokenFromFile } from './upstream-token.ts'

export interface SourceDeps {
  /** Opens a dataset file as a byte stream; absent where the runtime has no file system (Workers). */
  readStream?: (path: string) => ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>
  /**
   * Opens `JOINLINK_DATA` as an on-disk index when it is one (`pnpm data import`), else returns
   * undefined; absent where the runtime has no SQLite (the file is then read as JSON/NDJSON).
   */
  openIndex?: (path: string, allowedHosts: readonly string[]) => ConferenceSource | undefined
  /** Reads a small text file whole (the token file); absent where there is no file system (Workers). */
  readTextFile?: ReadTextFile
  /** Log lines of the upstream source (only when `config.log`). */
  log?: (line: string) => void
  /** Runtime-specific upstream extras, such as the Workers Cache API layer. */
  upstream?: Omit<UpstreamDeps, 'log' | 'metrics' | 'tracer'>
  /** Where the upstream source reports vendor calls, the breaker and the cache size. */
  metrics?: Metrics
  /** Spans of the upstream source (the cache read, each vendor attempt). */
  tracer?: Tracer
}

/**
 * The source a configuration asks for: the vendor API, a dataset file, or the embedded dataset.
 * The same choice on every runtime; each entry supplies only what its runtime has.
 */
export async function createSource(config: Config, deps: SourceDeps = {}): Promise<ConferenceSource> {
  if (config.upstream) {
    const log = config.log ? deps.log : undefined
    const { tokenFile } = config.upstream
    if (tokenFile !== undefined && !deps.readTextFile) {
      throw new ConfigError([
        `JOINLINK_UPSTREAM_TOKEN_FILE=${tokenFile}: this runtime has no file system; set JOINLINK_UPSTREAM_TOKEN (on Workers: wrangler secret put)`,
      ])
    }
    const tokens =
      tokenFile === undefined || !deps.readTextFile
        ? undefined
        : await tokenFromFile({
            path: tokenFile,
            read: deps.readTextFile,
            checkMs: config.upstream.tokenCheckMs,
            log: (msg, fields) => log?.(JSON.stringify({ time: new Date().toISOString(), msg, ...fields })),
          })
    return createUpstreamSource(config.upstream, {
      ...deps.upstream,
      ...(log ? { log } : {}),
      ...(tokens ? { tokens } : {}),
      ...(deps.metrics ? { metrics: deps.metrics } : {}),
      ...(deps.tracer ? { tracer: deps.tracer } : {}),
    })
  }
  if (!config.dataFile) {
    return embeddedDatasetSource(config.allowedHosts)
  }
  const path = config.dataFile
  const indexed = deps.openIndex?.(path, config.allowedHosts)
  if (indexed) return indexed
  if (!deps.readStream) {
    throw new ConfigError([
      `JOINLINK_DATA=${path}: this runtime has no file system; unset it to serve the embedded dataset`,
    ])
  }
  const index = await indexDataset(
    readDataset(decode(deps.readStream, path), path),
    path,
    config.allowedHosts,
  )
  return createDatasetSource(index)
}

/** The file's text chunk by chunk; a failure to open or read it names the file and the cause. */
async function* decode(
  readStream: NonNullable<SourceDeps['readStream']>,
  path: string,
): AsyncGenerator<string> {
  const cannotRead = (error: { code?: string; message?: string }) =>
    new DatasetError(
      `JOINLINK_DATA=${path}: cannot read the file (${error.code ?? error.message ?? String(error)})`,
    )
  let reader: ReadableStreamDefaultReader<string>
  try {
    reader = (await readStream(path))
      .pipeThrough<string>(new TextDecoderStream() as TransformStream<Uint8Array, string>)
      .getReader()
  } catch (error) {
    throw cannotRead(error as { code?: string })
  }
  try {
    for (;;) {
      const chunk = await reader.read().catch((error: { code?: string; message?: string }) => {
        throw cannotRead(error)
      })
      if (chunk.done) return
      yield chunk.value
    }
  } finally {
    // Stops the read when a record is refused half-way through the file.
    await reader.cancel().catch(() => {})
  }
}

/** What to print when start-up fails: our own errors as they are, anything else with a prefix. */
export function startupMessage(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DatasetError) return error.message
  return `Joinlink could not start: ${error instanceof Error ? error.message : String(error)}`
}
