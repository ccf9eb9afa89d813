import { describe, expect, it } from 'vitest'
import type { Change } from './types.ts'
import { type Bump, foundBumps, gate, parseChangeset, requiredBump } from './version-gate.ts'

const breaking: Change = {
  path: 'p',
  kind: 'response-field-removed',
  breaking: true,
  message: 'response field "title" was removed',
}
const additive: Change = {
  path: 'p',
  kind: 'response-field-added',
  breaking: false,
  message: 'optional response field "x" was added',
}
const docs: Change = { path: 'p', kind: 'docs', breaking: false, message: 'title: description changed' }

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
    expect(found).toEqual({ '@joinlink/types': 'major', '@joinlink/client': 'patch' })
  })
})

describe('requiredBump', () => {
  it.each([
    ['a breaking change', [breaking, additive], true, 'major'],
    ['an additive change', [additive, docs], true, 'minor'],
    ['a docs-only change', [docs], true, 'patch'],
    ['a change the classifier does not read', [], true, 'patch'],
    ['no change', [], false, 'none'],
  ] as const)('%s needs %s', (_, changes, specChanged, bump) => {
    expect(requiredBump(changes, specChanged).bump).toBe(bump)
  })
})

describe('gate: required vs found', () => {
  it.each([
    ['breaking + major passes', [breaking], changeset('major', 'major'), true],
    ['breaking + minor fails', [breaking], changeset('minor', 'minor'), false],
    ['breaking + major for types only fails', [breaking], changeset('major', undefined), false],
    ['additive + minor passes', [additive], changeset('minor', 'minor'), true],
    ['additive + major passes', [additive], changeset('major', 'major'), true],
    ['additive + patch fails', [additive], changeset('patch', 'patch'), false],
    ['additive + none fails', [additive], undefined, false],
    ['no spec change + none passes', [], undefined, true],
  ] as const)('%s', (_, changes, text, ok) => {
    const required = requiredBump(changes, changes.length > 0)
    const result = gate(required, foundBumps(text === undefined ? [] : [text]))
    expect(result.ok).toBe(ok)
    expect(result.summary).toMatch(/found: @joinlink\/types \w+, @joinlink\/client \w+/)
  })

  it('names the bump required and the bump found', () => {
    const result = gate(requiredBump([breaking], true), foundBumps([changeset('minor', undefined)]))
    expect(result.summary).toBe(
      'breaking change needs a major bump of @joinlink/types and @joinlink/client; found: @joinlink/types minor, @joinlink/client none',
    )
  })

  it('tells how to add a changeset when there is none', () => {
    expect(gate(requiredBump([additive], true), foundBumps([])).summary).toMatch(
      /additive change needs at least a minor bump .*found: @joinlink\/types none, @joinlink\/client none — add one with `pnpm changeset`/,
    )
  })
})
