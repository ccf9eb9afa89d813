import { describe, expect, it } from 'vitest'
import { changesetText, SUMMARY_PLACEHOLDER } from './changeset-writer.ts'
import type { Change } from './types.ts'
import {
  type Bump,
  foundBumps,
  gate,
  packageRequirements,
  parseChangeset,
  requiredBump,
} from './version-gate.ts'

const change = (id: string, level: Change['level'], message: string): Change => ({
  id,
  level,
  path: 'POST /x › response 200 › Conference.title',
  message,
  pointer: '/components/schemas/Conference/properties',
  basePointer: '/components/schemas/Conference/properties/title',
  tags: [],
})
const breaking = change(
  'response-required-property-removed',
  'error',
  'required response property "title" was removed',
)
const risky = change(
  'response-optional-property-removed',
  'warning',
  'optional response property "x" was removed',
)
const additive = change(
  'response-optional-property-added',
  'info',
  'optional response property "x" was added',
)
const docs = change('description-changed', 'info', 'title: description changed')
const ALL = ['@joinlink/types', '@joinlink/validation', '@joinlink/core', '@joinlink/client']
const FIXED = [ALL]

const changeset = (types: Bump | undefined, client: Bump | undefined, quote = '"'): string =>
  [
    '---',
    ...(types === undefined ? [] : [`${quote}@joinlink/types${quote}: ${types}`]),
    ...(client === undefined ? [] : [`${quote}@joinlink/client${quote}: ${client}`]),
    '---',
    '',
    'Summary line.',
  ].join('\n')

describe('parseChangeset', () => {
  it.each([
    [
      'double quotes',
      changeset('major', 'minor'),
      { '@joinlink/types': 'major', '@joinlink/client': 'minor' },
    ],
    ['single quotes', changeset('patch', undefined, "'"), { '@joinlink/types': 'patch' }],
    [
      'no quotes',
      changeset('minor', 'minor', ''),
      { '@joinlink/types': 'minor', '@joinlink/client': 'minor' },
    ],
    [
      'CRLF line ends',
      changeset('major', 'major').replaceAll('\n', '\r\n'),
      { '@joinlink/types': 'major', '@joinlink/client': 'major' },
    ],
    ['an empty changeset', '---\n---\n\nNothing to release.', {}],
    ['no front matter', 'just text', {}],
  ])('reads %s', (_, text, expected) => {
    expect(parseChangeset(text)).toEqual(expected)
  })

  it('ignores other packages and takes the highest bump across changesets', () => {
    const found = foundBumps([
      changeset('minor', undefined),
      changeset('major', 'patch'),
      '---\n"@joinlink/edge": major\n---\n',
    ])
    expect(found).toEqual({
      '@joinlink/types': 'major',
      '@joinlink/validation': 'none',
      '@joinlink/core': 'none',
      '@joinlink/client': 'patch',
    })
  })

  it("gives every package of a fixed group the group's highest bump", () => {
    const found = foundBumps([changeset('major', undefined)], FIXED)
    expect(found).toEqual({
      '@joinlink/types': 'major',
      '@joinlink/validation': 'major',
      '@joinlink/core': 'major',
      '@joinlink/client': 'major',
    })
  })
})

describe('requiredBump', () => {
  it.each([
    ['a breaking change', [breaking, additive], true, 'major'],
    ['a potentially breaking change', [risky], true, 'major'],
    ['an additive change', [additive, docs], true, 'minor'],
    ['a docs-only change', [docs], true, 'patch'],
    ['a change no rule reads', [], true, 'patch'],
    ['no change', [], false, 'none'],
    [
      'an acknowledged breaking change',
      [{ ...breaking, acknowledged: { reason: 'no caller sends it' } }],
      true,
      'minor',
    ],
  ] as const)('%s needs %s', (_, changes, specChanged, bump) => {
    expect(requiredBump(changes, specChanged).bump).toBe(bump)
  })
})

describe('gate: required vs found, per published package', () => {
  const need = (changes: Change[], files: string[] = []) =>
    packageRequirements(requiredBump(changes, changes.length > 0), files)
  it.each([
    [
      'breaking + major for the fixed group passes',
      need([breaking]),
      [changeset('major', 'major')],
      FIXED,
      true,
    ],
    [
      'breaking + major for types and client, validation unbumped, fails',
      need([breaking]),
      [changeset('major', 'major')],
      [],
      true,
    ],
    ['breaking + minor fails', need([breaking]), [changeset('minor', 'minor')], FIXED, false],
    [
      'breaking + major for one package of the fixed group passes',
      need([breaking]),
      [changeset('major', undefined)],
      FIXED,
      true,
    ],
    ['additive + minor passes', need([additive]), [changeset('minor', 'minor')], FIXED, true],
    ['additive + patch fails', need([additive]), [changeset('patch', 'patch')], FIXED, false],
    ['additive + none fails', need([additive]), [], FIXED, false],
    [
      'validation source changed + none fails',
      need([], ['packages/validation/src/schemas.gen.ts']),
      [],
      FIXED,
      false,
    ],
    [
      'validation test changed + none passes',
      need([], ['packages/validation/src/judges.test.ts']),
      [],
      FIXED,
      true,
    ],
    ['no change + none passes', need([]), [], FIXED, true],
  ] as const)('%s', (name, required, texts, fixed, ok) => {
    const result = gate(
      required,
      foundBumps(
        texts,
        fixed.map((g) => [...g]),
      ),
    )
    // Without `fixed`, validation is gated on its own: the row with it unbumped must fail.
    expect(result.ok, result.summary).toBe(name.includes('validation unbumped') ? false : ok)
    const found = result.summary.split('; found: ')[1] ?? ''
    for (const p of ALL) expect(found).toContain(p)
  })

  it('names each package and the bump it needs, packages with the same bump together', () => {
    const result = gate(need([breaking]), foundBumps([changeset('minor', undefined)]))
    expect(result.summary).toContain(
      'missing bump: @joinlink/types, @joinlink/validation, @joinlink/core, @joinlink/client major (1 breaking spec change, e.g. `response-required-property-removed`: required response property "title" was removed)',
    )
    expect(result.summary).toContain(
      'found: @joinlink/types minor, @joinlink/validation, @joinlink/core, @joinlink/client none',
    )
  })

  it('names a fixed group as the group, and gives the worst change as the example', () => {
    const result = gate(need([additive, risky, breaking]), foundBumps([], FIXED), FIXED)
    expect(result.summary).toContain(
      'missing bump: the fixed group (@joinlink/types, @joinlink/validation, @joinlink/core, @joinlink/client) major (1 breaking spec change and 1 potentially breaking spec change, e.g. `response-required-property-removed`',
    )
    expect(result.summary).toContain(
      'found: the fixed group (@joinlink/types, @joinlink/validation, @joinlink/core, @joinlink/client) none',
    )
  })

  it('names the changed source of a package without a changeset', () => {
    const result = gate(need([], ['packages/validation/src/schemas.gen.ts']), foundBumps([]))
    expect(result.summary).toMatch(
      /@joinlink\/validation patch \(its source changed \(packages\/validation\/src\/schemas.gen.ts\)\)/,
    )
    expect(result.summary).not.toContain('@joinlink/types patch')
  })

  it('accepts the changeset --write-changeset writes: a summary line to write, breaking first, no info lines', () => {
    const required = need([additive, risky, breaking])
    const text = changesetText(required, [additive, risky, breaking]) ?? ''
    expect(text).toContain('"@joinlink/validation": major')
    const body = text.split('---\n\n')[1] ?? ''
    expect(body.startsWith(SUMMARY_PLACEHOLDER)).toBe(true)
    expect(body.indexOf('response-required-property-removed')).toBeLessThan(
      body.indexOf('response-optional-property-removed'),
    )
    expect(body).not.toContain('response-optional-property-added')
    expect(gate(required, foundBumps([text])).ok).toBe(true)
  })
})
