// `pnpm data import` as a person runs it: exit codes and messages, and an index the Node entry serves.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { seedConference } from '@joinlink/validation/fixtures'
import { afterAll, describe, expect, it } from 'vitest'

const SCRIPT = fileURLToPath(new URL('../scripts/data.ts', import.meta.url))
const dir = mkdtempSync(join(tmpdir(), 'joinlink-data-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const run = (...args: string[]) =>
  spawnSync(process.execPath, [SCRIPT, ...args], {
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, JOINLINK_ALLOWED_HOSTS: '' },
  })

describe('pnpm data import', () => {
  it('imports a valid file next to it (.sqlite) and says how to serve it', () => {
    const file = join(dir, 'good.ndjson')
    writeFileSync(file, `${JSON.stringify(seedConference)}\n`)
    const result = run('import', file)
    expect(result.status, result.stderr).toBe(0)
    expect(result.stdout).toContain(`Imported 1 conference from ${file} into ${join(dir, 'good.sqlite')}`)
    expect(result.stdout).toContain(`JOINLINK_DATA=${join(dir, 'good.sqlite')}`)
  })

  it.each([
    ['a bad record: file, line and field', ['import', 'BAD'], 1, /bad\.ndjson: line 2: startTime: /],
    [
      'a missing file',
      ['import', join(dir, 'missing.ndjson')],
      1,
      /missing\.ndjson: cannot read the file \(ENOENT\)/,
    ],
    ['no file given', ['import'], 2, /Usage: pnpm data import/],
    ['an unknown command', ['export', 'x.ndjson'], 2, /Usage: pnpm data import/],
  ])('stops on %s', (_name, args, status, message) => {
    const bad = join(dir, 'bad.ndjson')
    writeFileSync(
      bad,
      `${JSON.stringify(seedConference)}\n${JSON.stringify({ ...seedConference, startTime: 'soon' })}\n`,
    )
    const result = run(...args.map((a) => (a === 'BAD' ? bad : a)))
    expect(result.status).toBe(status)
    expect(result.stderr).toMatch(message)
    expect(result.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(join(dir, 'bad.sqlite'))).toBe(false)
  })
})
