import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import AjvDraft04 from 'ajv-draft-04'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { classifyChanges } from './diff.ts'
import { type Outcome, renderGithub, renderJson, renderJunit, renderSarif } from './formats.ts'
import { lineIndex } from './lines.ts'

// The SARIF 2.1.0 schema (rtm.5, as published by SchemaStore) that Microsoft ships in @microsoft/jest-sarif
// (MIT). It is draft-04, hence ajv-draft-04; one of its patterns is not valid in /u mode.
const require = createRequire(import.meta.url)
const schemaFile = join(
  dirname(require.resolve('@microsoft/jest-sarif/package.json')),
  'lib/schemas/sarif-2.1.0-rtm.5.json',
)
const sarifSchema = JSON.parse(readFileSync(schemaFile, 'utf8'))

const baseText = readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8')
// The revision: pcode1 loses its secret mark, Conference.title is removed, an optional field is added.
const headText = baseText
  .replace(/(\n {8}pcode1:\n {10}type: string\n) {10}x-joinlink-secret: true\n/, '$1')
  .replace(/\n {8}title:\n(?: {10}.*\n)+/, '\n')
  .replace('\n        pcode2:\n', '\n        newField:\n          type: string\n        pcode2:\n')

function outcome(): Outcome {
  const changes = classifyChanges(parse(baseText), parse(headText))
  return {
    results: [
      { name: 'breaking', ok: true, summary: 'listed' },
      { name: 'version', ok: false, summary: 'missing bump: @joinlink/types major' },
    ],
    changes,
    file: 'spec/openapi.yaml',
    lines: { revision: lineIndex(headText), base: lineIndex(baseText) },
  }
}

describe('output formats', () => {
  it('the revision differs as intended', () => {
    expect(headText).not.toBe(baseText)
    const ids = outcome().changes.map((c) => c.id)
    expect(ids).toEqual(
      expect.arrayContaining([
        'response-property-secret-mark-removed',
        'response-required-property-removed',
        'response-optional-property-added',
      ]),
    )
  })

  it('SARIF validates against the SARIF 2.1.0 schema', () => {
    const ajv = new AjvDraft04({
      allErrors: true,
      strict: false,
      validateFormats: false,
      unicodeRegExp: false,
    })
    const validate = ajv.compile(sarifSchema)
    const log = JSON.parse(renderSarif(outcome()))
    expect(validate(log), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true)
    expect(log.runs[0].results.length).toBe(outcome().changes.length + 1)
    const bad = { ...log, runs: [{ ...log.runs[0], results: [{ level: 'fatal' }] }] }
    expect(validate(bad)).toBe(false)
  })

  it('GitHub annotations point at the changed line: the revision, or the base for removals', () => {
    const text = renderGithub(outcome())
    const lineOf = (id: string) => {
      const m = new RegExp(`^::(\\w+) file=spec/openapi.yaml,line=(\\d+),title=${id}::(.*)$`, 'm').exec(text)
      expect(m, `${id} in\n${text}`).not.toBeNull()
      return { level: m?.[1], line: Number(m?.[2]), message: m?.[3] ?? '' }
    }
    const secret = lineOf('response-property-secret-mark-removed')
    expect(secret.level).toBe('error')
    expect(secret.message).toContain('[security]')
    expect(secret.message).toContain('pcode1')
    expect(headText.split('\n')[secret.line - 1]).toMatch(/^ {8}pcode1:$/)
    const removed = lineOf('response-required-property-removed')
    expect(removed.level).toBe('error')
    expect(baseText.split('\n')[removed.line - 1]).toMatch(/^ {8}title:$/)
    const added = lineOf('response-optional-property-added')
    expect(added.level).toBe('notice')
    expect(headText.split('\n')[added.line - 1]).toMatch(/^ {8}newField:$/)
    expect(text).toContain('::error title=contract version::missing bump')
  })

  it('JSON carries every change with its line; JUnit fails the failed check only', () => {
    const json = JSON.parse(renderJson(outcome()))
    expect(json.ok).toBe(false)
    expect(json.changes.every((c: { line: number }) => c.line > 1)).toBe(true)
    const xml = renderJunit(outcome())
    expect(xml.match(/<failure /g)?.length).toBe(1)
    expect(xml).toContain('name="response-property-secret-mark-removed at ')
    expect(xml).toMatch(/<system-out>\[security\] Conference.pcode1 is no longer marked/)
    expect(json.changes.find((c: { id: string }) => c.id.includes('secret')).tags).toEqual(['security'])
  })
})
