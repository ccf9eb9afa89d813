import { execFileSync } from 'node:child_process'
import { readdirSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')

/**
 * Builds the package in `packageDir` (`tsc -p tsconfig.build.json`, as its `build` script) and packs it with `pnpm pack` into
 * `destination`. `clean` empties `dist` first, so nothing stale is packed.
 */
export function buildAndPack(packageDir: string, destination: string, clean = false): string {
  if (clean) rmSync(join(packageDir, 'dist'), { recursive: true, force: true })
  try {
    // What every package's `build` script runs, minus pnpm's pre-run install check.
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json'], {
      cwd: packageDir,
      stdio: 'pipe',
      encoding: 'utf8',
    })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`Building ${packageDir} failed:\n${stdout}${stderr}`)
  }
  const before = new Set(readdirSync(destination))
  execFileSync('pnpm', ['pack', '--pack-destination', destination], {
    cwd: packageDir,
    stdio: ['ignore', 'ignore', 'inherit'],
  })
  const tarball = readdirSync(destination).find((name) => name.endsWith('.tgz') && !before.has(name))
  if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${packageDir} into ${destination}`)
  return join(destination, tarball)
}
