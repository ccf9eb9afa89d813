import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import AjvDraft04 from 'ajv-draft-04'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { classifyChanges } from './diff.ts'
import {
  ANNOTATIONS_PER_LEVEL,
  type Outcome,
  renderGithub,
  renderJson,
  renderJunit,
  renderSarif,
} from './formats.ts'
import { lineIndex } from './lines.ts'
import type { Change, CheckResult } from './types.ts'

// The SARIF 2.1.0 schema (rtm.5, as published by SchemaStore) that Microsoft ships in @microsoft/jest-sarif
// (MIT). It is draft-04, hence ajv-draft-04; one of its patterns is not valid in /u mode.
const require = createRequire(import.meta.url)
const schemaFile = join(
  dirname(require.resolve('@microsoft/jest-sarif/package.json')),
  'lib/schemas/sarif-2.1.0-rtm.5.json',
)
const sarifSchema = JSON.parse(readFileSync(schemaFile, 'utf8'))

const baseText = readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8')

/** Applies text edits to the real spec, each of which must change it. */
function edit(...edits: [RegExp | string, string][]): string {
  let text = baseText
  for (const [from, to] of edits) {
    const next = text.replace(from, to)
    expect(next, `edit ${String(from)} changed nothing`).not.toBe(text)
    text = next
  }
  return text
}

const unmarkPcode1: [RegExp, string] = [
  /(\n {8}pcode1:\n {10}type: string\n) {10}x-joinlink-secret: true\n/,
  '$1',
]
const removeTitle: [RegExp, string] = [/\n {8}title:\n(?: {10}.*\n)+/, '\n']
const addField: [string, string] = [
  '\n        pcode2:\n',
  '\n        newField:\n          type: string\n        pcode2:\n',
]
// One new error code, as a contributor adds it: the value, its name, its description and message.
const addCode: [RegExp | string, string][] = [
  ['enum: [40001, 40002, 40003,', 'enum: [40001, 40002, 40003, 40004,'],
  ['        - INVALID_JOIN_LINK\n', '        - INVALID_JOIN_LINK\n        - LINK_EXPIRED\n'],
  [/( {8}- 400 — attendeeJoinUrl is not .*\n)/, '$1        - 400 — the join link has expired.\n'],
  [
    "        - 'attendeeJoinUrl: {reason}.'\n",
    "        - 'attendeeJoinUrl: {reason}.'\n        - 'The join link has expired.'\n",
  ],
]
// 41 lines inserted above Conference (a new component), so base line numbers are wrong for the head.
const insertAbove: [string, string] = [
  '\n    Conference:\n',
  `\n    Padding:\n      type: object\n      properties:\n${Array.from({ length: 19 }, (_, i) => `        f${i}:\n          type: string`).join('\n')}\n    Conference:\n`,
]

const results = (version: boolean): CheckResult[] => [
  { name: 'breaking', ok: true, summary: 'listed' },
  {
    name: 'version',
    ok: version,
    summary: version ? 'needs major; found major' : 'missing bump: @joinlink/types major',
  },
]

function outcome(head: string, version = false, changes?: Change[]): Outcome {
  return {
    results: results(version),
    changes: changes ?? classifyChanges(parse(baseText), parse(head)),
    file: 'spec/openapi.yaml',
    lines: lineIndex(head),
  }
}

interface Annotation {
  level: string
  line?: number
  title: string
  message: string
}
function annotations(text: string): Annotation[] {
  return text
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const m = /^::(\w+) (?:file=spec\/openapi\.yaml,)?(?:line=(\d+),)?title=([^:]*)::(.*)$/.exec(l)
      expect(m, l).not.toBeNull()
      return {
        level: m?.[1] ?? '',
        ...(m?.[2] ? { line: Number(m[2]) } : {}),
        title: m?.[3] ?? '',
        message: m?.[4] ?? '',
      }
    })
}
const lineText = (text: string, line: number | undefined) => text.split('\n')[(line ?? 0) - 1] ?? ''

describe('GitHub annotations', () => {
  it('one added error code: one annotation per distinct change, each on the line that changed', () => {
    const head = edit(...addCode)
    const list = annotations(renderGithub(outcome(head)))
    const changes = list.filter((a) => a.title !== 'contract version')
    expect(new Set(changes.map((a) => `${a.title}@${a.line}`)).size).toBe(changes.length)
    expect(changes.map((a) => a.title).sort()).toEqual([
      'description-changed',
      'response-property-enum-value-added',
      'response-property-enum-varname-added',
      'response-property-extension-changed',
    ])
    const on = (title: string) => lineText(head, changes.find((a) => a.title === title)?.line)
    expect(on('response-property-enum-value-added')).toContain('40004')
    expect(on('response-property-enum-varname-added')).toContain('LINK_EXPIRED')
    expect(on('description-changed')).toMatch(/x-enum-descriptions:/)
    expect(on('response-property-extension-changed')).toMatch(/x-joinlink-messages:/)
    const added = changes.find((a) => a.title === 'response-property-enum-value-added')
    expect(added?.message).toMatch(/and \d+ more places/)
    expect(added?.message).not.toContain('The body must be')
  })

  it('a removal lands on the nearest surviving parent in the head file, even with lines inserted above it', () => {
    const head = edit(insertAbove, removeTitle)
    const removed = annotations(renderGithub(outcome(head))).find(
      (a) => a.title === 'response-required-property-removed',
    )
    expect(removed?.level).toBe('error')
    // The head's Conference `properties:` line, not the base's `title:` line number.
    const conference = head.split('\n').indexOf('    Conference:')
    const properties = head.split('\n').findIndex((l, i) => i > conference && l === '      properties:')
    expect(removed?.line).toBe(properties + 1)
    expect(baseText.split('\n')[(removed?.line ?? 0) - 1]).not.toBe('      properties:')
  })

  it('changed and added lines are the head file’s', () => {
    const head = edit(insertAbove, unmarkPcode1, addField)
    const list = annotations(renderGithub(outcome(head)))
    const secret = list.find((a) => a.title === 'response-property-secret-mark-removed')
    expect(secret?.level).toBe('error')
    expect(secret?.message).toContain('[security]')
    expect(lineText(head, secret?.line)).toMatch(/^ {8}pcode1:$/)
    const added = list.find((a) => a.title === 'response-optional-property-added')
    expect(added?.level).toBe('notice')
    expect(lineText(head, added?.line)).toMatch(/^ {8}newField:$/)
  })

  it('at most ten per level, then one notice with the count of what was left out', () => {
    const many: Change[] = Array.from({ length: 14 }, (_, i) => ({
      id: 'response-required-property-removed',
      level: 'error',
      path: `X.f${i}`,
      message: `f${i} removed`,
      pointer: '/components/schemas',
      basePointer: '/components/schemas',
      tags: [],
    }))
    const info = many.map((c) => ({ ...c, id: 'response-optional-property-added', level: 'info' as const }))
    const list = annotations(renderGithub(outcome(baseText, false, [...many, ...info])))
    const count = (level: string) => list.filter((a) => a.level === level).length
    expect(count('error')).toBe(ANNOTATIONS_PER_LEVEL)
    expect(count('notice')).toBe(ANNOTATIONS_PER_LEVEL)
    const summary = list.at(-1)
    expect(summary?.title).toBe('contract%3A more changes')
    // 14 + 1 failed check = 15 errors, 5 left out; 14 notices, 9 shown, 5 left out.
    expect(summary?.message).toContain('10 more annotation(s) not shown (5 error, 5 notice)')
  })

  it('once the version gate passes, breaking changes are acknowledged notices', () => {
    const head = edit(removeTitle)
    const before = annotations(renderGithub(outcome(head, false)))
    expect(before.some((a) => a.level === 'error' && a.title === 'response-required-property-removed')).toBe(
      true,
    )
    const after = annotations(renderGithub(outcome(head, true)))
    expect(after.filter((a) => a.level === 'error')).toEqual([])
    const removed = after.find((a) => a.title === 'response-required-property-removed')
    expect(removed?.level).toBe('notice')
    expect(removed?.message).toContain('acknowledged: the changesets added give the major bump it needs')
  })

  it('a change about the whole file has no line', () => {
    const whole: Change = {
      id: 'api-global-security-removed',
      level: 'error',
      path: 'security',
      message: 'security requirement key removed',
      pointer: '',
      basePointer: '/security/0',
      tags: ['security'],
    }
    expect(renderGithub(outcome(baseText, false, [whole]))).toMatch(
      /^::error file=spec\/openapi\.yaml,title=api-global-security-removed::/m,
    )
  })
})

describe('other formats', () => {
  const head = edit(unmarkPcode1, removeTitle, addField)

  it('SARIF validates against the SARIF 2.1.0 schema, one result per distinct change', () => {
    const ajv = new AjvDraft04({
      allErrors: true,
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    })
    const validate = ajv.compile(sarifSchema)
    const o = outcome(head)
    const log = JSON.parse(renderSarif(o))
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    expect(log.runs[0].results.length).toBe(o.changes.length + 1)
    const bad = { ...log, runs: [{ ...log.runs[0], results: [{ level: 'fatal' }] }] }
    expect(validate(bad)).toBe(false)
    const acked = { ...o, changes: o.changes.map((c) => ({ ...c, acknowledged: { reason: 'known' } })) }
    const suppressed = JSON.parse(renderSarif(acked))
    expect(validate(suppressed), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    expect(suppressed.runs[0].results[0].suppressions).toEqual([{ kind: 'external', justification: 'known' }])
  })

  it('JSON carries every change with its head line; JUnit fails the failed check only', () => {
    const json = JSON.parse(renderJson(outcome(head)))
    expect(json.ok).toBe(false)
    expect(json.changes.every((c: { line: number }) => c.line > 1)).toBe(true)
    const xml = renderJunit(outcome(head))
    expect(xml.match(/<failure /g)?.length).toBe(1)
    expect(xml).toContain('name="response-property-secret-mark-removed at ')
    expect(xml).toMatch(/<system-out>\[security\] Conference.pcode1 is no longer marked/)
    expect(json.changes.find((c: { id: string }) => c.id.includes('secret')).tags).toEqual(['security'])
  })
})
