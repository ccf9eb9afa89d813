// The edge's Worker script as `wrangler deploy --dry-run` writes it, and its gzipped size: one
// measurement, used by worker.test.ts and by `pnpm bench`.
import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'

/** apps/edge, found through this package's dependency on it. */
const EDGE_DIR = dirname(createRequire(import.meta.url).resolve('@joinlink/edge/package.json'))
const OUT_DIR = join(EDGE_DIR, 'dist/worker')

/**
 * 60 KiB, gzipped, embedded dataset included (the spec files and /docs' script are static assets
 * outside the script). It was 48 KiB until the upstream cache moved from a hand-written LRU to
 * lru-cache (≈6 KiB gzipped of it in the Worker), which is what bounds the cache by bytes; 56 KiB
 * until the merges of issues 20–25 (54,582 B at 875a991 → 63,629 B). ipaddr.js (≈4 KiB of that)
 * left the Worker (clientKey uses the URL parser); the rest (59,864 B) is code the Worker runs:
 * the page limit, ETag/304 pages and 4xx log cap (issue 20), the public projection and vendor-text
 * bounds (21), the vendor breaker (cockatiel's SamplingBreaker) and the config's new checks.
 */
export const WORKER_BUDGET_BYTES = 60 * 1024

/** Builds the Worker offline (`wrangler deploy --dry-run`) and returns its script, all chunks joined. */
export async function buildWorkerScript(): Promise<string> {
  const run = promisify(execFile)
  const env = {
    ...process.env,
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_SEND_METRICS: 'false',
    WRANGLER_HIDE_BANNER: 'true',
  }
  const wrangler = join(EDGE_DIR, 'node_modules/wrangler/bin/wrangler.js')
  try {
    await run(process.execPath, ['scripts/build.ts', 'worker-assets'], { cwd: EDGE_DIR, env })
    await run(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', OUT_DIR], {
      cwd: EDGE_DIR,
      env,
      timeout: 120_000,
    })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`wrangler deploy --dry-run failed:\n${stdout ?? ''}${stderr ?? ''}`)
  }
  const files = (await readdir(OUT_DIR)).filter((name) => /\.m?js$/.test(name)).sort()
  return (await Promise.all(files.map((name) => readFile(join(OUT_DIR, name), 'utf8')))).join('\n')
}

/** The script's size as the budget counts it: gzip at the default level. */
export const gzippedSize = (script: string): number => gzipSync(script).length
