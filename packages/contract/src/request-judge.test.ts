import { readFileSync } from 'node:fs'
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import { invalidRequests, validRequests } from '@joinlink/validation/fixtures'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { invalidRequestArbitrary, validRequestArbitrary } from './arbitraries.ts'
import { createRequestJudge } from './request-judge.ts'

const spec = parse(readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8'))
const judge = createRequestJudge(spec)
const json = 'application/json'

// A deployment with JOINLINK_PUBLIC=false serves this security list (apps/edge/src/http/served-spec.ts).
const keysRequired = structuredClone(spec)
keysRequired.paths[LOOKUP_PATH].post.security = [{ edgeApiKey: [] }]

describe('createRequestJudge over the request fixtures (hand-written, independent of the generators)', () => {
  it.each(validRequests)('valid: $name', (f) => {
    expect(judge({ body: JSON.stringify(f.body), contentType: json })).toEqual({ valid: true, reasons: [] })
  })

  it.each(invalidRequests)('invalid: $name', (f) => {
    const verdict = judge({
      body: f.rawBody,
      contentType: f.contentType === undefined ? json : f.contentType,
    })
    expect(verdict.valid).toBe(false)
    expect(verdict.reasons[0]).toMatch(/\S/)
  })

  it('takes any X-Request-Id (the header has no pattern) and needs a key only when security says so', () => {
    const seed = { body: JSON.stringify(validRequests[0]?.body), contentType: json }
    expect(judge({ ...seed, headers: { 'X-Request-Id': 'a b/ c' } }).valid).toBe(true)
    const strict = createRequestJudge(keysRequired)
    expect(strict(seed).reasons).toEqual([expect.stringMatching(/^no credentials that satisfy security/)])
    expect(strict({ ...seed, headers: { Authorization: 'Basic dXNlcjpwdw==' } }).valid).toBe(false)
    expect(strict({ ...seed, headers: { Authorization: 'Bearer some-key-0123456789' } }).valid).toBe(true)
  })
})

describe('the spec-driven generators (seeded)', () => {
  it.each([
    ['the default spec', spec],
    ['a keys-required spec', keysRequired],
  ])('from %s: every valid request is valid and every invalid one invalid, by the judge', (_label, doc) => {
    const byDoc = createRequestJudge(doc)
    const options = { apiKey: 'lookup-key-0123456789abcdef' }
    for (const req of fc.sample(validRequestArbitrary(doc, options), { seed: 7, numRuns: 300 })) {
      expect(byDoc(req), JSON.stringify(req)).toEqual({ valid: true, reasons: [] })
    }
    const reasons = new Set<string>()
    for (const req of fc.sample(invalidRequestArbitrary(doc, options), { seed: 7, numRuns: 600 })) {
      const verdict = byDoc(req)
      expect(verdict.valid, JSON.stringify(req)).toBe(false)
      reasons.add((verdict.reasons[0] ?? '').replace(/[ (:].*$/, ''))
    }
    // Every kind of violation shows up: body shape and pattern, length, JSON, media type, size.
    expect([...reasons].sort()).toEqual(expect.arrayContaining(['Content-Type', 'body', 'no']))
  })
})
