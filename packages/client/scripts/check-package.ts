/**
 * Checks what `@joinlink/client` publishes: builds it, packs it as `pnpm publish` would (with
 * `publishConfig.exports` applied), then runs publint and attw on the tarball.
 */
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildAndPack } from './pack.ts'

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const destination = mkdtempSync(join(tmpdir(), 'joinlink-client-pack-'))
try {
  const tarball = await buildAndPack(packageDir, destination, true)
  console.log(`packed ${tarball}`)
  const run = (bin: string, args: string[]) => {
    console.log(`$ ${bin} ${args.join(' ')}`)
    execFileSync('pnpm', ['exec', bin, ...args], { cwd: packageDir, stdio: 'inherit' })
  }
  run('publint', ['run', tarball, '--strict'])
  run('attw', [tarball, '--profile', 'esm-only'])
} finally {
  rmSync(destination, { recursive: true, force: true })
}
