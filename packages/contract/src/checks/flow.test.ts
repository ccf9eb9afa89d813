// The pull-request flow end to end in a throw-away git repository: the spec and changeset config of
// this repo, one edit committed on top, then the breaking and version checks against HEAD~1.
import { execFileSync } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { writeChangeset } from '../changeset-writer.ts'
import { createContext } from '../context.ts'
import { breakingCheck } from './breaking.ts'
import { requirements, versionCheck } from './version.ts'

const repo = new URL('../../../../', import.meta.url).pathname
const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd, stdio: 'pipe' })

// One repository whose first commit holds the real spec, made once and copied for each case.
let template = ''
beforeAll(() => {
  template = mkdtempSync(join(tmpdir(), 'contract-flow-base-'))
  for (const f of ['spec/openapi.yaml', '.changeset/config.json']) {
    mkdirSync(join(template, f, '..'), { recursive: true })
    cpSync(join(repo, f), join(template, f))
  }
  mkdirSync(join(template, 'packages/validation/src'), { recursive: true })
  writeFileSync(join(template, 'packages/validation/src/schemas.gen.ts'), 'export {}\n')
  git(template, 'init', '-q')
  git(template, 'add', '-A')
  git(template, 'commit', '-qm', 'base')
})
afterAll(() => rmSync(template, { recursive: true, force: true }))

/** A copy of the template repository with `edit` committed on top of its base commit. */
function scratch(edit: (root: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), 'contract-flow-'))
  dirs.push(root)
  cpSync(template, root, { recursive: true })
  edit(root)
  git(root, 'add', '-A')
  git(root, 'commit', '-qm', 'edit')
  return root
}

const editSpec = (root: string, from: RegExp | string, to: string) => {
  const file = join(root, 'spec/openapi.yaml')
  const before = readFileSync(file, 'utf8')
  const after = before.replace(from, to)
  expect(after).not.toBe(before)
  writeFileSync(file, after)
}
const changeset = (root: string, bump: string) =>
  writeFileSync(join(root, '.changeset/pr.md'), `---\n"@joinlink/types": ${bump}\n---\n\nA change.\n`)
const removeTitle = (root: string) => editSpec(root, /\n {8}title:\n(?: {10}.*\n)+/, '\n')
const removeModifyTime = (root: string) => editSpec(root, /\n {8}modifyTime:\n(?: {10}.*\n)+/, '\n')
const acknowledgeIn = (root: string, pointer: string) =>
  writeFileSync(
    join(root, 'spec/contract-ignore.yaml'),
    `acknowledged:\n  - rule: response-optional-property-removed\n    pointer: ${pointer}\n    reason: no consumer reads modifyTime; the vendor stopped sending it\n`,
  )

async function checks(root: string) {
  const ctx = createContext(root, { base: 'HEAD~1', seed: 1, count: 0 }, () => {})
  return { ctx, breaking: await breakingCheck.run(ctx), version: await versionCheck.run(ctx) }
}

describe('the pull-request flow', () => {
  it('a removed response field with a major changeset passes; breaking only explains', async () => {
    const r = await checks(
      scratch((root) => {
        removeTitle(root)
        changeset(root, 'major')
      }),
    )
    expect(r.breaking.ok).toBe(true)
    expect(r.breaking.details).toContain('`response-required-property-removed`')
    expect(r.version.ok, r.version.summary).toBe(true)
  })

  it('the same removal without a changeset fails, naming the packages and the bump', async () => {
    const r = await checks(scratch(removeTitle))
    expect(r.version.ok).toBe(false)
    expect(r.version.summary).toContain(
      'the fixed group (@joinlink/types, @joinlink/validation, @joinlink/core, @joinlink/client) major',
    )
  })

  it('the changeset --write-changeset writes is accepted', async () => {
    const root = scratch(removeTitle)
    const { ctx } = await checks(root)
    const c = await ctx.comparison()
    const needs = await requirements(ctx)
    expect(c.kind === 'compared' && needs !== undefined).toBe(true)
    if (c.kind !== 'compared' || needs === undefined) return
    const file = writeChangeset(root, needs, c.changes)
    expect(readFileSync(join(root, file ?? ''), 'utf8')).toContain('"@joinlink/validation": major')
    expect((await versionCheck.run(ctx)).ok).toBe(true)
  })

  it('an optional response field with a minor changeset passes', async () => {
    const add = (root: string) => {
      editSpec(root, '\n        pcode2:\n', '\n        newField:\n          type: string\n        pcode2:\n')
      changeset(root, 'minor')
    }
    const r = await checks(scratch(add))
    expect(r.breaking.details).toContain('`response-optional-property-added`')
    expect(r.version.ok, r.version.summary).toBe(true)
  })

  it('un-marking pcode1 as secret fails even with a minor changeset, naming it', async () => {
    const unmark = (root: string) => {
      editSpec(root, /(\n {8}pcode1:\n {10}type: string\n) {10}x-joinlink-secret: true\n/, '$1')
      changeset(root, 'minor')
    }
    const r = await checks(scratch(unmark))
    expect(r.breaking.summary).toContain('1 security-relevant')
    expect(r.version.ok).toBe(false)
    expect(r.version.summary).toContain('Conference.pcode1')
    expect(r.version.summary).toContain('response-property-secret-mark-removed')
  })

  it('a change acknowledged in spec/contract-ignore.yaml passes with a minor changeset, listed as acknowledged', async () => {
    const r = await checks(
      scratch((root) => {
        removeModifyTime(root)
        acknowledgeIn(root, '/components/schemas/Conference/properties/modifyTime')
        changeset(root, 'minor')
      }),
    )
    expect(r.breaking.ok, r.breaking.summary).toBe(true)
    expect(r.breaking.summary).toContain('1 acknowledged in spec/contract-ignore.yaml')
    expect(r.breaking.details).toContain(
      '**potentially breaking** (acknowledged: no consumer reads modifyTime',
    )
    expect(r.version.ok, r.version.summary).toBe(true)
  })

  it('an acknowledgement that matches nothing fails the breaking check', async () => {
    const r = await checks(
      scratch((root) => {
        removeModifyTime(root)
        acknowledgeIn(root, '/components/schemas/Conference/properties/modifyTme')
        changeset(root, 'major')
      }),
    )
    expect(r.breaking.ok).toBe(false)
    expect(r.breaking.summary).toContain('matches no change against the base')
  })

  it("a change to @joinlink/validation's source alone, without a changeset, fails", async () => {
    const touch = (root: string) =>
      writeFileSync(join(root, 'packages/validation/src/schemas.gen.ts'), 'export const x = 1\n')
    const r = await checks(scratch(touch))
    expect(r.breaking.summary).toMatch(/^spec unchanged/)
    expect(r.version.ok).toBe(false)
    expect(r.version.summary).toContain('@joinlink/validation patch (its source changed')
  })
})
