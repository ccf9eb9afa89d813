import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { CheckContext, Comparison } from './context.ts'
import { buildEdge } from './edge-process.ts'
import { CONFORMANCE_INPUTS, FIXTURES_INPUTS, hashInputs, semantic, skipReason } from './inputs.ts'

const spec = (description: string, extra: Record<string, unknown> = {}) => ({
  openapi: '3.1.0',
  info: { title: 't', version: '1', description },
  components: {
    schemas: {
      A: {
        type: 'object',
        description,
        properties: { description: { type: 'string' } },
        example: { description: 'x' },
        ...extra,
      },
    },
  },
})

function ctx(base: unknown, head: unknown, files: string[], only?: string[]): CheckContext {
  const comparison = {
    kind: 'compared',
    base: { kind: 'ref', ref: 'main', sha: 'abc', how: '--base' },
    changes: [],
    specChanged: JSON.stringify(base) !== JSON.stringify(head),
    baseText: '',
    baseSpec: base,
    headSpec: head,
    acknowledgements: { problems: [], spent: [], count: 0 },
  } as Comparison
  return {
    root: '/nowhere',
    options: { seed: 1, count: 0, ...(only ? { only } : {}) },
    comparison: async () => comparison,
    changedFiles: async () => files,
    log: () => {},
  }
}

describe('semantic', () => {
  it('drops documentation, keeps a property named description, drops examples only when asked', () => {
    const doc = spec('words')
    expect(semantic(doc, true)).toEqual(semantic(spec('other words'), true))
    const kept = semantic(doc, true) as { components: { schemas: { A: Record<string, unknown> } } }
    expect(kept.components.schemas.A.properties).toEqual({ description: { type: 'string' } })
    expect(kept.components.schemas.A.example).toEqual({ description: 'x' })
    expect((semantic(doc, false) as typeof kept).components.schemas.A.example).toBeUndefined()
  })
})

describe('skipReason', () => {
  const docs = [spec('a'), spec('b')] as const
  it.each([
    ['a description-only change, no file touched', docs, [], undefined, true, true],
    ['a schema change', [spec('a'), spec('a', { maxProperties: 3 })], [], undefined, false, false],
    [
      'an example change: the fixtures judge examples',
      [spec('a'), spec('a', { example: { description: 'y' } })],
      [],
      undefined,
      false,
      true,
    ],
    [
      'a change in packages/core: the edge bundles it',
      docs,
      ['packages/core/src/lookup.ts'],
      undefined,
      true,
      false,
    ],
    [
      'a change in packages/validation',
      docs,
      ['packages/validation/src/fixtures/x.ts'],
      undefined,
      false,
      false,
    ],
    ['a new lockfile', docs, ['pnpm-lock.yaml'], undefined, false, false],
    ['a README change', docs, ['README.md', 'packages/client/README.md'], undefined, true, true],
    [
      'regenerated files only (the generated check holds them to the spec)',
      docs,
      [
        'packages/types/src/openapi.gen.ts',
        'packages/validation/src/facts.gen.ts',
        'apps/edge/src/openapi.gen.ts',
      ],
      undefined,
      true,
      true,
    ],
    ['asked for by name with --only', docs, [], ['fixtures', 'conformance'], false, false],
  ] as const)('%s', async (_name, [base, head], files, only, fixtures, conformance) => {
    const c = ctx(base, head, [...files], only ? [...only] : undefined)
    const f = await skipReason(c, 'fixtures', FIXTURES_INPUTS)
    const k = await skipReason(c, 'conformance', CONFORMANCE_INPUTS)
    expect(f !== undefined, `fixtures: ${f}`).toBe(fixtures)
    expect(k !== undefined, `conformance: ${k}`).toBe(conformance)
    if (f !== undefined)
      expect(f).toContain('nothing it reads changed since main: the spec changed only in its documentation')
  })
})

describe('the edge build is reused by input hash', () => {
  const root = mkdtempSync(join(tmpdir(), 'contract-build-'))
  afterAll(() => rmSync(root, { recursive: true, force: true }))
  const edge = join(root, 'apps/edge')
  mkdirSync(join(edge, 'src'), { recursive: true })
  mkdirSync(join(edge, 'scripts'), { recursive: true })
  writeFileSync(join(edge, 'src/app.ts'), 'export const a = 1\n')
  // A stand-in build script: counts its runs and writes the bundle.
  writeFileSync(
    join(edge, 'scripts/build.ts'),
    "import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs'\nmkdirSync('dist', { recursive: true })\nwriteFileSync('dist/node.js', 'bundle')\nappendFileSync('builds.log', process.argv.slice(2).join(' ') + '\\n')\n",
  )
  const builds = () => readFileSync(join(edge, 'builds.log'), 'utf8').trim().split('\n')

  it('builds once, reuses while nothing changed, rebuilds for a changed input or a missing bundle', async () => {
    const logs: string[] = []
    const build = () => buildEdge(root, 'node scripts/build.ts', (l) => logs.push(l))
    expect((await build()).summary).toBe('built')
    expect(builds()).toEqual(['node'])
    expect((await build()).summary).toBe('reused')
    writeFileSync(join(edge, 'src/app.test.ts'), 'test only\n')
    expect((await build()).summary).toBe('reused')
    writeFileSync(join(edge, 'src/app.ts'), 'export const a = 2\n')
    expect((await build()).summary).toBe('built')
    rmSync(join(edge, 'dist/node.js'))
    expect((await build()).summary).toBe('built')
    expect(builds()).toHaveLength(3)
    expect(logs.some((l) => l.startsWith('reusing the edge build'))).toBe(true)
  })

  it('hashes names and contents, not tests', () => {
    const before = hashInputs(root, ['apps/edge/src/'])
    writeFileSync(join(edge, 'src/other.test.ts'), 'x\n')
    expect(hashInputs(root, ['apps/edge/src/'])).toBe(before)
    writeFileSync(join(edge, 'src/other.ts'), 'x\n')
    expect(hashInputs(root, ['apps/edge/src/'])).not.toBe(before)
  })
})
