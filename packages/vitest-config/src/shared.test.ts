// The shared setup can fail: a run of the fixtures (a test that prints, one that writes to stderr,
// one that leaves a file in the temp directory) fails, naming each, while the quiet test passes.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stripVTControlCharacters } from 'node:util'
import { expect, it } from 'vitest'

const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url))
const vitest = join(createRequire(import.meta.url).resolve('vitest/package.json'), '../vitest.mjs')

it('fails a test on stray output and the run on a file left in the temp directory', () => {
  const run = spawnSync(process.execPath, [vitest, 'run', '--root', FIXTURES], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, CI: '1' },
  })
  const output = stripVTControlCharacters(run.stdout + run.stderr)
  expect(run.status, output).toBe(1)
  expect(output).toMatch(/prints a stray line[\s\S]*console\.log: a stray line/)
  expect(output).toMatch(/writes to stderr[\s\S]*process\.stderr\.write: a stray warning/)
  expect(output).toMatch(/the tests left "left-behind\.txt" in the temp directory/)
  expect(output).toMatch(/✓ stays quiet/)
  expect(output).toMatch(/✓ leaves\.fixture\.ts/)
  // The fixtures' own temp directory is gone with what was left in it.
  expect(existsSync(join(tmpdir(), 'left-behind.txt'))).toBe(false)
}, 60_000)
