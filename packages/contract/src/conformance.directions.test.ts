// Both directions, as a schema-driven fuzzer checks them: what the served spec accepts must be
// accepted (200 or 404), what it rejects must be refused with a documented 4xx. A server that is
// right except in one way — it ignores the join-link pattern, say — must fail, naming the way.
import { readFileSync } from 'node:fs'
import { answerText, type CoreRequest } from '@joinlink/core'
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { checkConformance, describeFailures } from './conformance.ts'
import { type Bend, bodyText, type FakeEdge, reanswer, startFakeEdge } from './fake-edge.ts'

const spec = parse(readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8'))
const KEY = 'lookup-key-0123456789abcdef'
const keysRequired = structuredClone(spec)
keysRequired.paths[LOOKUP_PATH].post.security = [{ edgeApiKey: [] }]

type Quirk =
  | 'none'
  | 'ignoresPattern'
  | 'refusesQueries'
  | 'takesExtraFields'
  | 'takesPlusJson'
  | 'ignoresKeys'

const json = (request: CoreRequest): Record<string, unknown> | undefined => {
  try {
    return JSON.parse(bodyText(request))
  } catch {
    return undefined
  }
}

/** The core's answers, but for one quirk. */
const BENDS: Record<Quirk, Bend> = {
  none: {},
  // Takes any string as a link: what the core refuses as not a join link, it looks up (and misses).
  ignoresPattern: {
    after: (_req, answer) =>
      JSON.parse(answerText(answer)).status === 40003
        ? reanswer(answer, 404, { ...JSON.parse(answerText(answer)), status: 40401 })
        : answer,
  },
  refusesQueries: {
    after: (req, answer) => {
      const url = json(req)?.attendeeJoinUrl
      const refuse = typeof url === 'string' && /[?#]/.test(url) && answer.status < 500
      return refuse ? reanswer(answer, 400, { ...JSON.parse(answerText(answer)), status: 40003 }) : answer
    },
  },
  // Drops unknown fields before validating instead of refusing them.
  takesExtraFields: {
    before: (req) => {
      const body = json(req)
      const keep = body && typeof body === 'object' && !Array.isArray(body) && 'attendeeJoinUrl' in body
      return keep ? { ...req, body: JSON.stringify({ attendeeJoinUrl: body.attendeeJoinUrl }) } : req
    },
  },
  // Reads `application/*+json` as JSON.
  takesPlusJson: {
    before: (req) =>
      /^application\/[\w.-]+\+json\s*(;|$)/i.test(req.contentType ?? '')
        ? { ...req, contentType: 'application/json' }
        : req,
  },
  ignoresKeys: {},
}

const running: FakeEdge[] = []
afterAll(async () => {
  await Promise.all(running.map((edge) => edge.close()))
})

async function check(quirk: Quirk, doc: Record<string, unknown> = spec, apiKey?: string) {
  const keyed = doc === keysRequired && quirk !== 'ignoresKeys'
  const edge = await startFakeEdge(BENDS[quirk], keyed ? KEY : undefined)
  running.push(edge)
  return checkConformance({
    baseUrl: edge.baseUrl,
    spec: doc,
    requests: [],
    count: 400,
    seed: 2024,
    ...(apiKey ? { apiKey } : {}),
  })
}

describe('conformance in both directions', () => {
  it('passes a server that accepts exactly what the spec accepts', async () => {
    const result = await check('none')
    expect(describeFailures(result)).toBe('')
    expect(result.ok).toBe(true)
    // Both directions ran: lookups (200/404) and refusals of every kind.
    expect(Object.keys(result.statusCounts)).toEqual(
      expect.arrayContaining(['200', '404', '400', '413', '415']),
    )
  })

  it('passes a keys-required server when the spec says keys are required', async () => {
    const result = await check('none', keysRequired, KEY)
    expect(describeFailures(result)).toBe('')
    expect(result.statusCounts['401']).toBeGreaterThan(0)
  })

  it.each([
    ['ignoresPattern', /the spec rejects this request \(body: \/attendeeJoinUrl must match pattern/],
    ['takesExtraFields', /the spec rejects this request \(body: .*additional properties/],
    ['takesPlusJson', /the spec rejects this request \(Content-Type application\/vnd\.api\+json/],
    ['refusesQueries', /the spec accepts this request but the server answered 400/],
  ] as const)('fails a server that %s, and says which direction broke', async (quirk, problem) => {
    const result = await check(quirk)
    expect(result.ok).toBe(false)
    expect(result.failures.map((f) => f.problems.join('\n')).join('\n')).toMatch(problem)
  })

  it('fails a server that takes lookups without a key when its spec requires one', async () => {
    const result = await check('ignoresKeys', keysRequired, KEY)
    expect(result.ok).toBe(false)
    expect(describeFailures(result, 50)).toMatch(/the spec rejects this request \(no credentials/)
  })
})
