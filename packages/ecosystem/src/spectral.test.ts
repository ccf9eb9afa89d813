// Spectral 6.16.3 with its `spectral:oas` ruleset (.spectral.yaml) over the spec: no result of any
// severity. Redocly's recommended ruleset runs in `pnpm lint`; this is the second linter.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { binOf, ROOT, removeScratchDirs, runNode, SPEC, scratchDir } from './support.ts'

const RULESET = join(ROOT, 'packages/ecosystem/.spectral.yaml')

interface SpectralResult {
  code: string
  message: string
  severity: number
  path: string[]
}

/** Lints `spec` with Spectral and returns every result (errors, warnings, infos and hints). */
async function spectral(spec: string): Promise<SpectralResult[]> {
  const out = join(scratchDir('spectral'), 'results.json')
  const run = await runNode(binOf('@stoplight/spectral-cli', 'spectral'), [
    'lint',
    spec,
    '--ruleset',
    RULESET,
    '--format',
    'json',
    '--output',
    out,
    '--fail-severity',
    'hint',
  ])
  let results: SpectralResult[]
  try {
    results = JSON.parse(readFileSync(out, 'utf8')) as SpectralResult[]
  } catch {
    throw new Error(`spectral wrote no JSON results (exit ${run.code}):\n${run.output}`)
  }
  expect(run.code, run.output).toBe(results.length === 0 ? 0 : 1)
  return results
}

afterAll(removeScratchDirs)

const brief = (results: SpectralResult[]) =>
  results.map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`)

describe('@stoplight/spectral-cli 6.16.3, spectral:oas', () => {
  it('finds nothing in spec/openapi.yaml, at any severity', async () => {
    expect(brief(await spectral(SPEC))).toEqual([])
  }, 60_000)

  it('turns red on a spec that breaks one of its rules (an operation without an operationId)', async () => {
    const broken = join(scratchDir('spectral-broken'), 'openapi.yaml')
    writeFileSync(broken, readFileSync(SPEC, 'utf8').replace(/\n {6}operationId: \S+/, ''))
    expect(brief(await spectral(broken))).toEqual(
      expect.arrayContaining([expect.stringMatching(/^operation-operationId at paths/)]),
    )
  }, 60_000)
})
