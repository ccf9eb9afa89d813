// wrangler.jsonc for tests: read as JSON, or copied without a binding for a `wrangler dev` that
// must run without it (the Rate Limiting fallback).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'

const EDGE_DIR = fileURLToPath(new URL('../..', import.meta.url))

export interface WranglerConfig {
  main: string
  vars?: Record<string, string>
  assets?: { directory: string; binding: string; run_worker_first?: boolean }
  alias?: Record<string, string>
  ratelimits?: { name: string; namespace_id: string; simple: { limit: number; period: number } }[]
  [key: string]: unknown
}

/** apps/edge/wrangler.jsonc without its whole-line comments (it has no others), as JSON. */
export function readWranglerConfig(): WranglerConfig {
  const text = readFileSync(join(EDGE_DIR, 'wrangler.jsonc'), 'utf8')
  return JSON.parse(text.replace(/^\s*\/\/.*$/gm, ''))
}

/**
 * A copy of wrangler.jsonc in a fresh temporary directory with `change` applied and every path made
 * absolute; returns its path, for `wrangler dev --config <path>`. Called in a test: the directory
 * (and the .wrangler/ that wrangler dev writes beside the config) goes when the test finishes.
 */
export function writeWranglerConfig(change: (config: WranglerConfig) => void): string {
  const config = readWranglerConfig()
  delete config.$schema
  config.main = join(EDGE_DIR, config.main)
  if (config.assets) config.assets.directory = join(EDGE_DIR, config.assets.directory)
  for (const [from, to] of Object.entries(config.alias ?? {})) (config.alias ?? {})[from] = join(EDGE_DIR, to)
  change(config)
  const dir = mkdtempSync(join(tmpdir(), 'joinlink-wrangler-'))
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }))
  const path = join(dir, 'wrangler.json')
  writeFileSync(path, JSON.stringify(config, null, 2))
  return path
}
