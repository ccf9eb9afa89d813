// What @joinlink/client publishes, checked on the tarball `pnpm publish` would upload (packed once
// per run by test/packed.ts): publint (strict) and attw (ESM-only: every entry point resolves, with
// types, for Node 16+ ESM and bundlers).
import { execFile } from 'node:child_process'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { expect, inject, it } from 'vitest'

const run = promisify(execFile)
const require = createRequire(import.meta.url)
const PUBLINT = join(dirname(require.resolve('publint')), 'cli.js')
const ATTW = join(dirname(require.resolve('@arethetypeswrong/cli/package.json')), 'dist/index.js')

async function exec(file: string, args: string[]): Promise<{ code: number; output: string; stdout: string }> {
  return run(process.execPath, [file, ...args], { encoding: 'utf8', timeout: 120_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, output: stdout + stderr, stdout }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? -1,
      output: `${error.stdout ?? ''}${error.stderr ?? ''}`,
      stdout: error.stdout ?? '',
    }),
  )
}

it('publint --strict finds nothing in the packed client', async () => {
  const { code, output } = await exec(PUBLINT, ['run', inject('packed').client, '--strict'])
  expect(code, output).toBe(0)
  expect(output).toContain('All good!')
}, 120_000)

it('attw (esm-only): every entry point resolves with types for Node 16+ ESM and bundlers', async () => {
  const { code, output, stdout } = await exec(ATTW, [
    inject('packed').client,
    '--profile',
    'esm-only',
    '--format',
    'json',
  ])
  expect(code, output).toBe(0)
  const { analysis } = JSON.parse(stdout) as {
    analysis: {
      entrypoints: Record<string, unknown>
      problems: { kind: string; entrypoint: string; resolutionKind: string }[]
    }
  }
  expect(Object.keys(analysis.entrypoints).sort()).toEqual(['.', './package.json', './testing'])
  // CommonJS (node10, node16 from require) is out of scope for an ESM-only package.
  const relevant = analysis.problems.filter((p) => !['node10', 'node16-cjs'].includes(p.resolutionKind))
  expect(relevant).toEqual([])
}, 120_000)
