import { errorAnswer, lookupError, serveRecord, successAnswer } from '@joinlink/core'
import { LOOKUP_PATH } from '@joinlink/validation'
import { seedConference } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { driftLabel, envelopeCodeOf, lookupOutcomeOf, routeOf } from './metrics.ts'

describe('envelopeCodeOf', () => {
  const meta = { requestId: 'r', startedAt: 0 }
  const cases: { name: string; body: string | Uint8Array; code: number }[] = [
    {
      name: "the core's 404",
      body: errorAnswer(meta, lookupError('NOT_FOUND', { link: 'x' })).body,
      code: 40401,
    },
    {
      name: "the core's 429",
      body: errorAnswer(meta, lookupError('RATE_LIMITED', { limit: 1, retry_after: 1 })).body,
      code: 42901,
    },
    { name: 'a success envelope', body: '{"status":0,"result":[]}', code: 0 },
    {
      name: "the core's 200 (bytes)",
      body: successAnswer(meta, 'public', serveRecord(seedConference), 0).body,
      code: 0,
    },
    { name: 'bytes that are not an envelope', body: new TextEncoder().encode('{"status":"ok"}'), code: -1 },
    { name: 'not an envelope', body: '{"status":"ok"}', code: -1 },
    { name: 'not JSON', body: 'hello', code: -1 },
  ]
  for (const { name, body, code } of cases)
    it(`${name} → ${code}`, () => expect(envelopeCodeOf(body)).toBe(code))
})

describe('routeOf', () => {
  const cases: [string, string][] = [
    [LOOKUP_PATH, 'lookup'],
    ['/healthz', 'healthz'],
    ['/readyz', 'readyz'],
    ['/metrics', 'metrics'],
    ['/openapi.yaml', 'spec'],
    ['/docs', 'docs'],
    ['/k/mkIW3Txa0Uk', 'other'],
    [`${LOOKUP_PATH}/`, 'other'],
  ]
  for (const [path, route] of cases)
    it(`${path} → ${route}`, () => expect(routeOf(path, LOOKUP_PATH)).toBe(route))
})

describe('driftLabel', () => {
  const cases: [string, string][] = [
    ['result[0].status', 'result[].status'],
    ['result.12.attendees.3.role', 'result[].attendees[].role'],
    ['x'.repeat(500), 'x'.repeat(120)],
  ]
  for (const [path, label] of cases)
    it(`${path.slice(0, 40)} → ${label.slice(0, 40)}`, () => expect(driftLabel(path)).toBe(label))
})

describe('lookupOutcomeOf', () => {
  const cases: { code: number; cache: string | undefined; outcome: string | undefined }[] = [
    { code: 0, cache: undefined, outcome: 'hit' },
    { code: 0, cache: 'hit', outcome: 'hit' },
    { code: 0, cache: 'stale', outcome: 'stale' },
    { code: 0, cache: 'miss', outcome: 'miss' },
    { code: 40401, cache: 'hit', outcome: 'not_found' },
    { code: 50203, cache: undefined, outcome: 'error' },
    { code: 50301, cache: undefined, outcome: 'error' },
    { code: 50401, cache: undefined, outcome: 'error' },
    { code: 50001, cache: undefined, outcome: 'error' },
    { code: 40002, cache: undefined, outcome: undefined },
    { code: 40101, cache: undefined, outcome: undefined },
    { code: 42901, cache: undefined, outcome: undefined },
    { code: -1, cache: undefined, outcome: undefined },
  ]
  for (const { code, cache, outcome } of cases)
    it(`${code} (cache ${cache}) → ${outcome}`, () => expect(lookupOutcomeOf(code, cache)).toBe(outcome))
})
