import { execFile } from 'node:child_process'
import { rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { promisify } from 'node:util'

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
const run = promisify(execFile)

/**
 * Builds the package in `packageDir` (`tsc -p tsconfig.build.json`, as its `build` script) and packs it with `pnpm pack` into
 * `destination`. `clean` empties `dist` first, so nothing stale is packed.
 */
export async function buildAndPack(packageDir: string, destination: string, clean = false): Promise<string> {
  if (clean) rmSync(join(packageDir, 'dist'), { recursive: true, force: true })
  try {
    // What every package's `build` script runs, minus pnpm's pre-run install check.
    await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: packageDir, encoding: 'utf8' })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`Building ${packageDir} failed:\n${stdout}${stderr}`)
  }
  let stdout: string
  try {
    ;({ stdout } = await run('pnpm', ['pack', '--json', '--pack-destination', destination], {
      cwd: packageDir,
      encoding: 'utf8',
    }))
  } catch (error) {
    const { stderr = '' } = error as { stderr?: string }
    throw new Error(`pnpm pack of ${packageDir} failed:\n${stderr}`)
  }
  const tarball = (JSON.parse(stdout) as { filename?: string }).filename
  if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${packageDir} into ${destination}`)
  return tarball
}
