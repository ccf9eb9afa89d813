// The contract suite must be able to fail on the targets that answer through @joinlink/core: under
// each mutation of the core's answer builder (test/mutants/contract.mutant.ts, run in a child
// vitest so its failures stay there), the suite turns red on the MSW handlers and on the test fetch.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, expect, it } from 'vitest'

const packageDir = fileURLToPath(new URL('..', import.meta.url))
const vitest = join(dirname(createRequire(import.meta.url).resolve('vitest/package.json')), 'vitest.mjs')
const scratch = mkdtempSync(join(tmpdir(), 'joinlink-mutants-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Report {
  numTotalTests: number
  testResults: {
    message?: string
    assertionResults: { ancestorTitles: string[]; title: string; status: string }[]
  }[]
}

/** Mutant → target → failed test titles, from the child's JSON report. */
async function runMutants(): Promise<Map<string, Map<string, string[]>>> {
  const report = join(scratch, 'report.json')
  // The child exits 1 (its tests fail): that is the point; the report says how.
  await promisify(execFile)(
    process.execPath,
    [vitest, 'run', '--config', 'test/mutants/vitest.config.ts', '--reporter=json', `--outputFile=${report}`],
    { cwd: packageDir, timeout: 120_000 },
  ).catch((error: { code?: number }) => {
    if (error.code !== 1) throw error
  })
  const { testResults } = JSON.parse(readFileSync(report, 'utf8')) as Report
  const failed = new Map<string, Map<string, string[]>>()
  for (const file of testResults) {
    expect(file.message ?? '', 'the mutant file itself loads').toBe('')
    for (const test of file.assertionResults) {
      const [mutant = '', suite = ''] = test.ancestorTitles
      const target = /^HTTP contract on (\S+)/.exec(suite)?.[1] ?? suite
      const targets = failed.get(mutant) ?? new Map<string, string[]>()
      failed.set(mutant, targets)
      const titles = targets.get(target) ?? []
      targets.set(target, titles)
      if (test.status === 'failed') titles.push(test.title)
    }
  }
  return failed
}

it('every core mutation turns the contract suite red on the MSW handlers and on the test fetch alike', async () => {
  const failed = await runMutants()
  expect([...failed.keys()].sort()).toEqual(['mutant allow-header-dropped', 'mutant public-profile-off'])
  for (const [mutant, targets] of failed) {
    expect([...targets.keys()].sort(), mutant).toEqual(['fixture-fetch', 'msw'])
    const [msw, fixture] = [targets.get('msw') ?? [], targets.get('fixture-fetch') ?? []]
    expect(msw.length, `${mutant}: failures on msw`).toBeGreaterThan(0)
    // Same core, same answers: the same cases fail on both.
    expect(msw, mutant).toEqual(fixture)
  }
  // What each mutant breaks, named, so a suite that stops checking it is noticed.
  expect(failed.get('mutant public-profile-off')?.get('msw')).toEqual(
    expect.arrayContaining([
      'public answer for the sentinel link: no secret value in body or headers; secret fields present but empty',
    ]),
  )
  expect(failed.get('mutant allow-header-dropped')?.get('msw')).toEqual(
    expect.arrayContaining([expect.stringMatching(/^wrong method GET .+ → 405 JSON 40501 with Allow$/)]),
  )
}, 120_000)
