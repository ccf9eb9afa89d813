// Prism 5.16.0 as a validating proxy (`prism proxy <spec> <edge> --errors`) in front of the built
// edge: the request fixtures go through it, and Prism's reading of the spec must agree with the
// server both ways — what the server answers (200, 404) passes with no violation of the documented
// answer, and what the server refuses Prism refuses too (its own 422), because the spec says so.
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import { invalidRequests, validRequests } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  binOf,
  removeScratchDirs,
  SPEC,
  type Started,
  scratchDir,
  startEdge,
  startServer,
} from './support.ts'

/** One request and what the server does with it (checked against the edge directly first). */
interface Case {
  name: string
  body: string
  contentType: string | null
  headers?: Record<string, string>
  /** The edge's answer: a lookup that ran (200/404) or a refusal (4xx). */
  server: number
}

// Prism hangs on a body that is not JSON (its bug, TOOLCHAIN.md): the 40001 fixtures are checked
// against the edge by the contract suite and conformance, and not sent through Prism.
const NOT_FOR_PRISM = 40001

const cases: Case[] = [
  ...validRequests.map((f) => ({
    name: f.name,
    body: JSON.stringify(f.body),
    contentType: 'application/json',
    server: 200,
  })),
  ...invalidRequests
    .filter((f) => f.code !== NOT_FOR_PRISM)
    .map((f) => ({
      name: f.name,
      body: f.rawBody,
      contentType: f.contentType === undefined ? 'application/json' : f.contentType,
      server: f.status,
    })),
  {
    name: 'unknown conference (documented 404)',
    body: '{"attendeeJoinUrl":"https://s.qsh1.cn/k/zzzz0000"}',
    contentType: 'application/json',
    server: 404,
  },
  {
    name: 'X-Request-Id the server replaces (not refuses)',
    body: '{"attendeeJoinUrl":"https://mtest.qsh1.cn/k/mkIW3Txa0Uk"}',
    contentType: 'application/json',
    headers: { 'X-Request-Id': 'trace id/with spaces' },
    server: 200,
  },
]

async function send(baseUrl: string, c: Case): Promise<Response> {
  const headers: Record<string, string> = { ...c.headers }
  if (c.contentType !== null) headers['content-type'] = c.contentType
  return fetch(baseUrl + LOOKUP_PATH, {
    method: 'POST',
    headers,
    body: new Blob([c.body]),
    signal: AbortSignal.timeout(15_000),
  })
}

/** Where Prism and the server disagree on `cases`, one line each (empty when they agree). */
async function disagreements(prismUrl: string): Promise<string[]> {
  const problems: string[] = []
  for (const c of cases) {
    const res = await send(prismUrl, c)
    const text = await res.text()
    const violations = res.headers.get('sl-violations')
    const prismRefused = res.status === 422 && text.includes('stoplight.io/prism/errors')
    const lookupRan = c.server === 200 || c.server === 404
    if (lookupRan && (prismRefused || res.status !== c.server)) {
      problems.push(
        `${c.name}: the server answers ${c.server}, through Prism ${res.status} ${text.slice(0, 300)}`,
      )
    } else if (lookupRan && violations) {
      problems.push(`${c.name}: Prism reports the documented ${c.server} violates the spec: ${violations}`)
    } else if (!lookupRan && !prismRefused) {
      problems.push(`${c.name}: the server refuses it (${c.server}), Prism let it through (${res.status})`)
    }
  }
  return problems
}

let edge: Started
const prisms: Started[] = []

/** `prism proxy <spec> <edge> --errors` on a free port of 127.0.0.1. */
async function prism(spec: string): Promise<string> {
  const started = await startServer(
    binOf('@stoplight/prism-cli', 'prism'),
    (port) => ['proxy', spec, edge.baseUrl, '--errors', '--host', '127.0.0.1', '--port', String(port)],
    {},
    '/healthz',
  )
  prisms.push(started)
  return started.baseUrl
}

beforeAll(async () => {
  edge = await startEdge()
}, 120_000)

afterAll(async () => {
  await Promise.all([...prisms.map((p) => p.stop()), edge?.stop()])
  removeScratchDirs()
})

describe('@stoplight/prism-cli 5.16.0 proxy --errors in front of the edge', () => {
  it('the cases say what the edge itself answers (checked without Prism)', async () => {
    for (const c of cases) expect((await send(edge.baseUrl, c)).status, c.name).toBe(c.server)
  })

  it('agrees with the server on every request fixture: no violation, no disagreement', async () => {
    expect(await disagreements(await prism(SPEC))).toEqual([])
  }, 120_000)

  it('turns red when the spec has a pattern the server does not enforce (X-Request-Id)', async () => {
    const broken = join(scratchDir('prism'), 'openapi.yaml')
    const text = readFileSync(SPEC, 'utf8')
    const header = /(- name: X-Request-Id\n(?: {10}.*\n)*? {10}schema:\n {12}type: string\n)/
    expect(text).toMatch(header)
    // A function, not a string: `$'` in a replacement string means "the text after the match".
    writeFileSync(
      broken,
      text.replace(header, (param) => `${param}            pattern: '^[A-Za-z0-9._:-]{1,128}$'\n`),
    )
    expect(await disagreements(await prism(broken))).toEqual([
      expect.stringMatching(
        /^X-Request-Id the server replaces \(not refuses\): the server answers 200, through Prism 422/,
      ),
    ])
  }, 120_000)
})

describe('a join-link pattern narrower than the server', () => {
  it('turns red: links the server takes (no scheme, //) are refused by Prism', async () => {
    const broken = join(scratchDir('prism-link'), 'openapi.yaml')
    const text = readFileSync(SPEC, 'utf8')
    const loose = ']*(?:(?:[Hh][Tt][Tt][Pp][Ss]?:)?//)?'
    expect(text).toContain(loose)
    writeFileSync(
      broken,
      text.replace(loose, () => ']*(?:[Hh][Tt][Tt][Pp][Ss]?://)'),
    )
    const problems = await disagreements(await prism(broken))
    expect(problems).toEqual([
      expect.stringMatching(/^scheme-missing: the server answers 200, through Prism 422/),
      expect.stringMatching(/^scheme-relative: the server answers 200, through Prism 422/),
    ])
  }, 120_000)
})
