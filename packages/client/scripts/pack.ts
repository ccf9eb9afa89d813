import { execFile } from 'node:child_process'
import { mkdirSync, readdirSync, rmSync } from 'node:fs'
import { basename, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)
const root = fileURLToPath(new URL('../../..', import.meta.url))

/**
 * Builds the packages in `packageDirs` with their `build` script, through turbo, from a clean
 * `dist`: turbo's cache restores a build whose inputs are unchanged (inside `pnpm test`, the
 * dependencies' builds have just run), and nothing stale stays behind to be packed.
 */
export async function buildPackages(packageDirs: readonly string[]): Promise<void> {
  for (const dir of packageDirs) rmSync(join(dir, 'dist'), { recursive: true, force: true })
  const filters = packageDirs.map((dir) => `--filter=./packages/${basename(dir)}`)
  try {
    // turbo's own variables would make it think it runs inside the task that runs this.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('TURBO_')))
    await run('pnpm', ['exec', 'turbo', 'run', 'build', ...filters, '--output-logs=errors-only'], {
      cwd: root,
      env,
      encoding: 'utf8',
    })
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string }
    throw new Error(`Building ${packageDirs.join(', ')} failed:\n${stdout}${stderr}`)
  }
}

/**
 * Packs the built package in `packageDir` with `pnpm pack` (publishConfig applied, `workspace:*`
 * made real versions) into a directory of its own under `destination`, so several can pack at
 * once. Resolves to the tarball's path.
 */
export async function pack(packageDir: string, destination: string): Promise<string> {
  const into = join(destination, basename(packageDir))
  mkdirSync(into, { recursive: true })
  await run('pnpm', ['pack', '--pack-destination', into], { cwd: packageDir, encoding: 'utf8' })
  const tarball = readdirSync(into).find((name) => name.endsWith('.tgz'))
  if (!tarball) throw new Error(`pnpm pack wrote no tarball for ${packageDir} into ${into}`)
  return join(into, tarball)
}
