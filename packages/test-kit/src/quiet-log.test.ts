// The check `.ci/run` runs on pnpm test's output: each kind of noise a passing run once printed is
// found (the samples are the lines as they appeared, written out here), and real quiet output is not.
import { describe, expect, it } from 'vitest'
import { noiseIn } from './quiet-log.ts'

describe('noiseIn', () => {
  it.each([
    ["turbo's telemetry notice", 'Turborepo now collects completely anonymous telemetry regarding usage.'],
    [
      "vitest's experimental type checking",
      '@joinlink/client:test:  Testing types with tsc and vue-tsc is an experimental feature.',
    ],
    [
      "orval's banner",
      '@joinlink/ecosystem:test: 🍻 orval v8.3.0 - A swagger client generator for typescript',
    ],
    ["attw's emoji verdicts", '@joinlink/client:test: │ node10 │ 💀 Resolution failed │'],
    ['a Node warning', '(node:4242) [DEP0040] DeprecationWarning: The `punycode` module is deprecated.'],
    ['a package manager warning', ' WARN  Issues with peer dependencies found'],
    [
      'a JSON log line outside a test',
      '@joinlink/edge:test: {"msg":"no LIMITER binding: rate limit counted in memory"}',
    ],
    ["wrangler's banner", ' ⛅️ wrangler 4.164.0'],
  ])('finds %s', (name, text) => {
    const found = noiseIn(`@joinlink/types:test:  RUN  v5.1.1 /x\n${text}\n`)
    expect(found.map((f) => f.name)).toContain(name)
    expect(found[0]?.line).toBe(2)
  })

  it('finds nothing in quiet output, colours included', () => {
    const quiet = [
      '\u001b[32m✓\u001b[39m src/stats.test.ts (13 tests) 46ms',
      '@joinlink/edge:test:      ✓ one client requesting 15 KB paths for 10 s writes at most 20 lines per 10 s',
      '@joinlink/validation:test: generated zod schemas and spec facts match spec/openapi.yaml',
      '@joinlink/edge:typecheck: $ tsc -p tsconfig.json && tsc -p tsconfig.worker.json',
      ' Tasks:    24 successful, 24 total',
    ].join('\n')
    expect(noiseIn(quiet)).toEqual([])
  })
})
