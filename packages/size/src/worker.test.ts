// The Worker script's size budget: the `wrangler deploy --dry-run` output, gzipped, embedded
// dataset included; the spec files are static assets outside the script (wrangler.jsonc).
import { beforeAll, describe, expect, it } from 'vitest'
import { WORKER_BUDGET_BYTES as BUDGET_BYTES, buildWorkerScript, gzippedSize } from './worker.ts'

let script = ''

beforeAll(async () => {
  script = await buildWorkerScript()
}, 150_000)

describe('Worker bundle (wrangler deploy --dry-run)', () => {
  it(`is at most ${BUDGET_BYTES} bytes gzipped`, () => {
    expect(gzippedSize(script), `gzipped; ${script.length} bytes before gzip`).toBeLessThanOrEqual(
      BUDGET_BYTES,
    )
  })

  it('embeds the dataset but not the spec text (served as static assets)', () => {
    expect(script).toContain('mkIW3Txa0Uk')
    expect(script, 'wrangler.jsonc `alias` no longer swaps out src/http/openapi.gen.ts').not.toContain(
      'openapi: 3.1.0',
    )
  })
})
