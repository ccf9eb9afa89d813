// Three judges over every fixture: Ajv over the spec itself, the generated zod schemas, and (for the
// typed fixtures, through `pnpm typecheck` of this package) the TypeScript compiler. Any two
// disagreeing fails the test, naming the fixture.

import { createSpecJudge } from '@joinlink/spec-judge'
import { describe, expect, it } from 'vitest'
import type { core } from 'zod/mini'
import {
  dataset,
  driftedVendorAnswers,
  invalidRequests,
  invalidVendorPayloads,
  seedResponse,
  validConferences,
  validRequests,
} from '../src/fixtures/index.ts'
import {
  conferenceSchema,
  DEFAULT_ALLOWED_HOSTS,
  errorEnvelopeSchema,
  joinUrlPattern,
  lookupRequestSchema,
  lookupSuccessSchema,
  normalizeJoinUrl,
} from './index.ts'

const judge = createSpecJudge()
/**
 * The request as the edge reads it: the zod schema, then the join-link parser, which holds the
 * spec's `attendeeJoinUrl` pattern (left out of the zod schema because it names deployment hosts).
 */
const lookupRequestAsRead = {
  '~standard': {
    validate(value: unknown) {
      const result = lookupRequestSchema['~standard'].validate(value) as {
        issues?: unknown[]
        value?: { attendeeJoinUrl: string }
      }
      if (result.issues) return result
      const link = normalizeJoinUrl((result.value as { attendeeJoinUrl: string }).attendeeJoinUrl)
      return link.ok ? result : { issues: [{ message: link.reason }] }
    },
  },
} as unknown as core.$ZodType
const zodSchemas: Record<string, core.$ZodType> = {
  LookupRequest: lookupRequestAsRead,
  LookupSuccess: lookupSuccessSchema,
  ErrorEnvelope: errorEnvelopeSchema,
  Conference: conferenceSchema,
}

type Case = { fixture: string; schema: keyof typeof zodSchemas & string; value: unknown; valid: boolean }

/** Asks both runtime judges and fails naming the fixture when they disagree with each other or the corpus. */
function expectJudgesAgree({ fixture, schema, value, valid }: Case) {
  const ajv = judge.schema(schema, value)
  const zod = (zodSchemas[schema] as core.$ZodType)['~standard'].validate(value) as { issues?: unknown[] }
  const verdicts = { corpus: valid, ajv: ajv.ok, zod: !zod.issues }
  const detail = `${fixture} (${schema}): ${JSON.stringify(verdicts)}${ajv.ok ? '' : ` ajv: ${ajv.errors}`}`
  expect(verdicts.ajv, detail).toBe(valid)
  expect(verdicts.zod, detail).toBe(valid)
}

const parsed = (raw: string): unknown => JSON.parse(raw)

const cases: Case[] = [
  ...validRequests.map((f) => ({
    fixture: `request/${f.name}`,
    schema: 'LookupRequest',
    value: f.body,
    valid: true,
  })),
  ...invalidRequests
    .filter((f) => f.code === 40002 || f.code === 40003)
    .map((f) => ({
      fixture: `request/${f.name}`,
      schema: 'LookupRequest',
      value: parsed(f.rawBody),
      // 40003 bodies break the spec's pattern; the edge refuses them with the parser's reason.
      valid: false,
    })),
  ...validConferences.map((f) => ({
    fixture: `conference/${f.name}`,
    schema: 'Conference',
    value: f.conference,
    valid: true,
  })),
  { fixture: 'seed-response', schema: 'LookupSuccess', value: seedResponse, valid: true },
  // Drift (new enum values, new fields) is valid: a tolerant reader accepts it.
  ...driftedVendorAnswers.map((f) => ({
    fixture: `drift/${f.name}`,
    schema: 'LookupSuccess',
    value: f.envelope,
    valid: true,
  })),
  ...invalidVendorPayloads
    .filter((f) => f.reason !== 'parse' && f.reason !== 'size')
    .map((f) => ({
      fixture: `vendor/${f.name}`,
      schema: 'LookupSuccess',
      value: parsed(f.rawBody),
      valid: false,
    })),
  ...specExamples(),
] as Case[]

function specExamples(): Case[] {
  const { spec } = judge
  const operation = Object.values(spec.paths as Record<string, any>)[0].post
  const requestExamples = Object.entries(
    operation.requestBody.content['application/json'].examples as Record<string, any>,
  )
  const errorExamples = Object.entries(spec.components.responses as Record<string, any>).flatMap(
    ([name, response]) =>
      Object.entries(response.content['application/json'].examples as Record<string, any>).map(
        ([example, { value }]) => ({
          fixture: `spec-example/${name}.${example}`,
          schema: 'ErrorEnvelope',
          value,
          valid: true,
        }),
      ),
  )
  return [
    ...requestExamples.map(([name, { value }]) => ({
      fixture: `spec-example/request.${name}`,
      schema: 'LookupRequest',
      value,
      valid: true,
    })),
    {
      fixture: 'spec-example/SeedSuccess',
      schema: 'LookupSuccess',
      value: spec.components.examples.SeedSuccess.value,
      valid: true,
    },
    ...errorExamples,
  ] as Case[]
}

describe('three judges agree on every fixture', () => {
  it.each(cases.map((c) => [c.fixture, c] as const))('%s', (_name, c) => expectJudgesAgree(c))
})

describe('the join-link pattern', () => {
  it("is the spec's attendeeJoinUrl pattern, built from the parser's grammar for the default hosts", () => {
    const property = judge.spec.components.schemas.LookupRequest.properties.attendeeJoinUrl
    expect(property.pattern).toBe(joinUrlPattern(DEFAULT_ALLOWED_HOSTS))
    expect(property['x-joinlink-pattern-hosts']).toBe('JOINLINK_ALLOWED_HOSTS')
  })
})

describe('the corpus itself', () => {
  it('holds the vendor example exactly as the spec does', () => {
    expect(seedResponse).toEqual(judge.spec.components.examples.SeedSuccess.value)
  })

  it('has at least 12 dataset conferences with distinct attendee links', () => {
    expect(dataset.length).toBeGreaterThanOrEqual(12)
    expect(new Set(dataset.map((c) => c.attendeeJoinUrl)).size).toBe(dataset.length)
  })

  it('has unique fixture names', () => {
    const names = [
      ...validRequests,
      ...invalidRequests,
      ...validConferences,
      ...invalidVendorPayloads,
      ...driftedVendorAnswers,
    ].map((f) => f.name)
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([])
  })

  it.each(invalidVendorPayloads.filter((f) => f.reason === 'parse').map((f) => [f.name, f] as const))(
    'vendor/%s does not parse as JSON',
    (_name, f) => {
      expect(() => JSON.parse(f.rawBody)).toThrow()
    },
  )

  it.each(invalidVendorPayloads.filter((f) => f.reason === 'size').map((f) => [f.name, f] as const))(
    'vendor/%s is over 256 KiB',
    (_name, f) => {
      expect(new TextEncoder().encode(f.rawBody).byteLength).toBeGreaterThan(256 * 1024)
    },
  )
})
