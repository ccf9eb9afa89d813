// The facts the READMEs state, read from where they live, so the prose cannot drift from them:
// the published packages (package.json `private`, the changesets' `fixed` group), the contract's
// rule count (`pnpm contract --list-rules`), `engines`, the error codes (the spec) and the
// embedded dataset's links. Each statement sits after a `<!-- … -->` marker that names this file.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createSpecJudge } from '@joinlink/spec-judge'
import { ErrorCode } from '@joinlink/validation/facts'
import { dataset, seedConference } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../../', import.meta.url))
const read = (path: string) => readFileSync(`${root}${path}`, 'utf8')
const json = (path: string) => JSON.parse(read(path))

const manifests = ['packages', 'apps'].flatMap((dir) =>
  readdirSync(`${root}${dir}`).map((name) => json(`${dir}/${name}/package.json`) as Manifest),
)
interface Manifest {
  name: string
  private?: boolean
  engines?: { node?: string }
}
const published = manifests.filter((m) => !m.private).map((m) => m.name)
const unpublished = manifests.filter((m) => m.private).map((m) => m.name)
const sorted = (names: Iterable<string>) => [...names].sort()
const packageNames = (text: string) =>
  sorted(new Set([...text.matchAll(/`(@joinlink\/[\w-]+)`/g)].map((m) => m[1] as string)))

/** The text from `start` up to the first `end` after it; fails the test when either is missing. */
function between(text: string, start: string, end: string): string {
  const from = text.indexOf(start)
  expect(from, `"${start}" in the README`).toBeGreaterThanOrEqual(0)
  const to = text.indexOf(end, from + start.length)
  expect(to, `"${end}" after "${start}"`).toBeGreaterThan(from)
  return text.slice(from + start.length, to)
}

describe('the published packages', () => {
  it('are the non-private workspace packages and the changesets `fixed` group', () => {
    expect(published.length).toBeGreaterThan(0)
    expect(sorted(json('.changeset/config.json').fixed[0])).toEqual(sorted(published))
  })

  it('root README: the Releasing section names exactly them', () => {
    const releasing = between(read('README.md'), '<!-- published:', ' are published')
    expect(packageNames(releasing)).toEqual(sorted(published))
  })

  it('.changeset/README.md names exactly them, and the private ones as private', () => {
    const text = read('.changeset/README.md')
    expect(packageNames(between(text, '<!-- published:', ') exposes'))).toEqual(sorted(published))
    expect(packageNames(between(text, 'Private packages (', ')'))).toEqual(sorted(unpublished))
  })
})

describe('engines', () => {
  const rootEngines = json('package.json').engines.node
  const clientEngines = manifests.find((m) => m.name === '@joinlink/client')?.engines?.node

  it('root README: the workspace and the client as their package.json says', () => {
    const quickStart = between(read('README.md'), '## Quick start', '## Packages')
    expect(quickStart).toContain(`the workspace's \`engines\` is \`node ${rootEngines}\``)
    expect(quickStart).toContain(`the published client's is\n\`node ${clientEngines}\``)
  })

  it("the client's README: as its package.json says", () => {
    expect(between(read('packages/client/README.md'), '<!-- engines:', ')')).toContain(
      `\`engines\`: \`node ${clientEngines}\``,
    )
  })
})

describe('the contract rule count', () => {
  // The catalogue itself, through the CLI that prints it (a header, then one rule a line), into a file: a file
  // is written synchronously, where a pipe may lose the end of the output when the CLI exits.
  const scratch = mkdtempSync(join(tmpdir(), 'joinlink-rules-'))
  const out = openSync(join(scratch, 'rules.tsv'), 'w')
  execFileSync(process.execPath, ['packages/contract/src/cli.ts', '--list-rules'], {
    cwd: root,
    stdio: ['ignore', out, 'pipe'],
  })
  closeSync(out)
  const rules = readFileSync(join(scratch, 'rules.tsv'), 'utf8')
    .split('\n')
    .filter((line) => line.trim() && !line.startsWith('id\t')).length
  rmSync(scratch, { recursive: true, force: true })

  it.each([
    ['README.md', `(${rules} rules,`],
    ['packages/contract/README.md', `lists every rule — ${rules},`],
  ])('%s says %s', (path, statement) => {
    expect(rules).toBeGreaterThan(100)
    const said = /\d+ rules,|lists every rule — [^,]+,/.exec(read(path).replace(/\s+/g, ' '))?.[0]
    expect(said, `${path} states the rule count`).toBe(statement.replace(/^\(/, ''))
  })
})

describe('the error codes', () => {
  const spec = createSpecJudge().spec as { components: { schemas: Record<string, Record<string, unknown>> } }

  it('root README: "What a caller gets" names every code of the spec', () => {
    const codes = between(read('README.md'), '<!-- codes:', 'Without a')
    for (const [name, code] of Object.entries(ErrorCode)) expect(codes, name).toContain(`\`${code}\``)
  })

  it('no changeset says ErrorCode became extensible while the spec keeps it closed', () => {
    expect(spec.components.schemas.ErrorCode?.['x-extensible-enum']).toBeUndefined()
    for (const file of readdirSync(`${root}.changeset`).filter((name) => name.endsWith('.md')))
      expect(read(`.changeset/${file}`), file).not.toMatch(
        /`ErrorCode` is now (?:marked )?`?x-extensible-enum/,
      )
  })
})

describe('the embedded dataset', () => {
  it('root README: the sample links are the dataset, in order, each with its title', () => {
    const table = between(read('README.md'), '<!-- sample-links:', '<!-- /sample-links -->')
    const rows = [...table.matchAll(/^\| (https:\S+) \| (.*) \|$/gm)].map((m) => [m[1], m[2] ?? ''] as const)
    expect(rows.map(([link]) => link)).toEqual(dataset.map((c) => c.attendeeJoinUrl))
    for (const [link, title] of rows) {
      const conference = dataset.find((c) => c.attendeeJoinUrl === link)
      if (conference?.title) expect(title.startsWith(conference.title), `${link}: ${title}`).toBe(true)
      else expect(title, link).toBe('(empty title)')
    }
    expect(rows[0]?.[0]).toBe(seedConference.attendeeJoinUrl)
  })
})
