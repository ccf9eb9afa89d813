// Each vitest run gets a temp directory of its own (TMPDIR, which os.tmpdir() and every child process
// read), and the run fails if anything is left in it: a passing run leaves nothing behind. Node's
// compile cache (which tsc turns on, in the temp directory by default) goes to the package's
// node_modules/.cache instead, where caches belong.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export function setup(): () => void {
  const outer = tmpdir()
  const dir = mkdtempSync(join(outer, 'joinlink-vitest-'))
  process.env.TMPDIR = dir
  process.env.NODE_COMPILE_CACHE ??= join(process.cwd(), 'node_modules/.cache/node-compile-cache')
  return () => {
    const left = readdirSync(dir)
    rmSync(dir, { recursive: true, force: true })
    process.env.TMPDIR = outer
    if (left.length > 0)
      throw new Error(
        `the tests left ${left.map((name) => JSON.stringify(name)).join(', ')} in the temp directory`,
      )
  }
}
