// The Worker script's size budget: the `wrangler deploy --dry-run` output, gzipped, embedded
// dataset included; the spec files are static assets outside the script (wrangler.jsonc).
import { execFile } from 'node:child_process'
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { beforeAll, describe, expect, it } from 'vitest'

const EDGE_DIR = fileURLToPath(new URL('..', import.meta.url))
const OUT_DIR = join(EDGE_DIR, 'dist/worker')
/** 48 KiB, gzipped. */
const BUDGET_BYTES = 48 * 1024

let script = ''

beforeAll(async () => {
  const run = promisify(execFile)
  const env = { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' }
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
  script = (await Promise.all(files.map((name) => readFile(join(OUT_DIR, name), 'utf8')))).join('\n')
}, 150_000)

describe('Worker bundle (wrangler deploy --dry-run)', () => {
  it(`is at most ${BUDGET_BYTES} bytes gzipped`, () => {
    const gzipped = gzipSync(script).length
    process.stdout.write(
      `Worker script: ${script.length} bytes, ${gzipped} bytes gzipped (${(gzipped / 1024).toFixed(2)} KiB of ${BUDGET_BYTES / 1024} KiB)\n`,
    )
    expect(gzipped).toBeLessThanOrEqual(BUDGET_BYTES)
  })

  it('embeds the dataset but not the spec text (served as static assets)', () => {
    expect(script).toContain('mkIW3Txa0Uk')
    expect(script, 'wrangler.jsonc `alias` no longer swaps out src/openapi.gen.ts').not.toContain(
      'openapi: 3.1.0',
    )
  })
})
