// Live conformance: send fixtures and generated requests to a running server and judge each answer.

import { createSpecJudge, LOOKUP, type SpecJudge } from '@joinlink/spec-judge'
import fc from 'fast-check'
import { generateRequests, invalidRequestArbitrary, validRequestArbitrary } from './arbitraries.ts'
import type { RequestCase } from './request-case.ts'
import { createRequestJudge, type OpenApiDoc, type RequestVerdict } from './request-judge.ts'

export type { RequestCase } from './request-case.ts'

/** Options for {@link checkConformance}. */
export interface ConformanceOptions {
  /** Where the server listens, e.g. `http://127.0.0.1:8787`. */
  baseUrl: string
  /** The parsed OpenAPI document. */
  spec: unknown
  /** Fixture requests, each with the answer it must get. */
  requests: readonly RequestCase[]
  /**
   * How many generated requests to add: 30% generated from the spec to be valid (must get 200 or
   * 404), 30% to break it in one way (must get a documented 4xx), the rest mixed fuzz (judged by
   * the spec either way).
   */
  count: number
  /** An API key the server accepts, sent by the valid requests when the spec's security requires one. */
  apiKey?: string
  /** fast-check seed for the generated requests. */
  seed: number
  /** Links to mutate for generated requests (default: the fixtures' `attendeeJoinUrl`s). */
  links?: readonly string[]
  /** Requests in flight at once (default 16). */
  concurrency?: number
  /** Per-request time limit in ms (default 10 000). */
  requestTimeoutMs?: number
  /** Time limit for the whole run in ms (default 120 000). */
  totalTimeoutMs?: number
}

/** One answer that broke the contract. */
export interface ConformanceFailure {
  request: RequestCase
  status?: number
  problems: string[]
}

/** What {@link checkConformance} found. */
export interface ConformanceResult {
  ok: boolean
  seed: number
  sent: number
  planned: number
  statusCounts: Record<string, number>
  failures: ConformanceFailure[]
  /** Set when the total time bound ran out before every request was answered. */
  timedOut: boolean
}

/** The socket error behind a failed fetch (`ECONNRESET`, `UND_ERR_SOCKET`…), when there is one. */
function socketCode(error: unknown): string | undefined {
  const cause = error instanceof Error ? (error.cause as { code?: unknown } | undefined) : undefined
  return typeof cause?.code === 'string' ? cause.code : undefined
}

// A kept-alive connection the server closed while the client reused it fails before the request is
// read: nothing reached the app, so that one case is sent again, once, on a new connection.
const STALE_CONNECTION = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'])

async function send(baseUrl: string, req: RequestCase, timeoutMs: number): Promise<Response> {
  const headers: Record<string, string> = { ...req.headers }
  if (req.contentType !== null) headers['content-type'] = req.contentType
  const once = () =>
    fetch(new URL(LOOKUP.path, baseUrl), {
      method: 'POST',
      headers,
      // A Blob keeps fetch from adding its own text/plain content type when we send none.
      body: new Blob([req.body]),
      signal: AbortSignal.timeout(timeoutMs),
    })
  try {
    return await once()
  } catch (error) {
    if (!STALE_CONNECTION.has(socketCode(error) ?? '')) throw error
    return once()
  }
}

/** Answers that mean "accepted": the lookup ran (and found the conference, or did not). */
const ACCEPTED = new Set([200, 404])

/** Holds the answer to the spec's verdict on the request: accepted both ways, or refused both ways. */
function directionProblems(judge: SpecJudge, verdict: RequestVerdict, status: number): string[] {
  if (verdict.valid && !ACCEPTED.has(status)) {
    return [`the spec accepts this request but the server answered ${status} (expected 200 or 404)`]
  }
  const refused =
    status >= 400 && status < 500 && !ACCEPTED.has(status) && judge.statuses.includes(String(status))
  if (!verdict.valid && !refused) {
    return [
      `the spec rejects this request (${verdict.reasons[0]}) but the server answered ${status} (expected a documented 4xx other than 404)`,
    ]
  }
  return []
}

function judgeAnswer(
  judge: SpecJudge,
  verdict: RequestVerdict,
  req: RequestCase,
  status: number,
  type: string,
  text: string,
): string[] {
  const problems: string[] = []
  if (status >= 500) problems.push(`answered ${status}: no 5xx is allowed for anything a caller sends`)
  problems.push(...directionProblems(judge, verdict, status))
  if (!judge.statuses.includes(String(status))) {
    problems.push(
      `status ${status} is not documented for the operation (documented: ${judge.statuses.join(', ')})`,
    )
  }
  if (req.expect !== undefined && req.expect.status !== status) {
    problems.push(`expected status ${req.expect.status}, got ${status}`)
  }
  const documented = judge.mediaTypes(status)
  if (documented.length > 0 && !documented.some((t) => type.toLowerCase().startsWith(t.toLowerCase()))) {
    problems.push(`content-type "${type}" is not one documented for ${status} (${documented.join(', ')})`)
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    problems.push(`body is not JSON: ${shorten(text, 80)}`)
    return problems
  }
  if (judge.statuses.includes(String(status))) {
    for (const e of judge.validate(status, body).slice(0, 4)) problems.push(`body: ${e}`)
  }
  const code = (body as { status?: unknown } | null)?.status
  if (status !== 200 && typeof code === 'number' && String(code).slice(0, 3) !== String(status)) {
    problems.push(`envelope code ${code} does not start with the HTTP status ${status}`)
  }
  if (req.expect?.code !== undefined && code !== req.expect.code) {
    problems.push(`expected envelope code ${req.expect.code}, got ${JSON.stringify(code)}`)
  }
  return problems
}

/**
 * Sends every fixture request plus `count` seeded, generated ones to `POST /confopenapi/…` and checks
 * each answer against the spec: a documented status, never a 5xx, a JSON body valid for that status,
 * and for fixtures the exact status and envelope code.
 *
 * @example
 * const r = await checkConformance({ baseUrl, spec, requests, count: 2000, seed: 42 })
 * if (!r.ok) console.log(r.failures[0])
 */
export async function checkConformance(options: ConformanceOptions): Promise<ConformanceResult> {
  const judge = createSpecJudge(options.spec as Record<string, unknown>)
  const links =
    options.links ??
    options.requests.flatMap((r) => {
      const url =
        r.expect?.status === 200
          ? (JSON.parse(r.body) as { attendeeJoinUrl?: unknown }).attendeeJoinUrl
          : undefined
      return typeof url === 'string' ? [url] : []
    })
  const spec = options.spec as OpenApiDoc
  const judgeRequest = createRequestJudge(spec)
  const positive = Math.ceil(options.count * 0.3)
  const negative = Math.ceil(options.count * 0.3)
  const fromSpec = options.apiKey === undefined ? {} : { apiKey: options.apiKey }
  const sample = (arb: fc.Arbitrary<Omit<RequestCase, 'name'>>, n: number, seed: number, label: string) =>
    n > 0 ? fc.sample(arb, { seed, numRuns: n }).map((r, i) => ({ name: `${label} #${i}`, ...r })) : []
  const queue: RequestCase[] = [
    ...options.requests,
    ...sample(validRequestArbitrary(spec, fromSpec), positive, options.seed, 'schema-valid'),
    ...sample(invalidRequestArbitrary(spec, fromSpec), negative, options.seed + 1, 'schema-invalid'),
    ...generateRequests(links, Math.max(0, options.count - positive - negative), options.seed),
  ]
  const deadline = Date.now() + (options.totalTimeoutMs ?? 120_000)
  const result: ConformanceResult = {
    ok: true,
    seed: options.seed,
    sent: 0,
    planned: queue.length,
    statusCounts: {},
    failures: [],
    timedOut: false,
  }
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < queue.length) {
      if (Date.now() > deadline) {
        result.timedOut = true
        return
      }
      const req = queue[next++] as RequestCase
      let problems: string[]
      let status: number | undefined
      try {
        const res = await send(options.baseUrl, req, options.requestTimeoutMs ?? 10_000)
        status = res.status
        problems = judgeAnswer(
          judge,
          judgeRequest(req),
          req,
          res.status,
          res.headers.get('content-type') ?? '',
          await res.text(),
        )
      } catch (error) {
        const code = socketCode(error)
        problems = [
          `no answer (crash, reset or timeout): ${error instanceof Error ? error.message : String(error)}${code ? ` (${code})` : ''}`,
        ]
      }
      result.sent++
      const k = status === undefined ? 'no answer' : String(status)
      result.statusCounts[k] = (result.statusCounts[k] ?? 0) + 1
      if (problems.length > 0)
        result.failures.push({ request: req, ...(status === undefined ? {} : { status }), problems })
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 16) }, worker))
  result.ok = result.failures.length === 0 && !result.timedOut
  return result
}

/** `text` cut to `max` characters with an ellipsis, newlines shown as `\n`. */
export function shorten(text: string, max: number): string {
  // The text as sent, with only control characters escaped (no JSON-escaped quotes or backslashes).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: escaping control characters for display
  const flat = text.replace(/[\u0000-\u001f\u007f]/g, (c) => JSON.stringify(c).slice(1, -1))
  const chars = [...flat]
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('')}…`
}

/** Markdown lines describing the first `limit` failures, each with the request that caused it. */
export function describeFailures(result: ConformanceResult, limit = 5): string {
  const lines = result.failures.slice(0, limit).map((f) => {
    const ct =
      f.request.contentType === null
        ? 'no content-type'
        : `content-type ${JSON.stringify(f.request.contentType)}`
    const head = `- **${f.request.name}** → ${f.status ?? 'no answer'} (${ct}; body \`${shorten(f.request.body, 120).replaceAll('`', "'")}\`)`
    return [head, ...f.problems.map((p) => `  - ${p}`)].join('\n')
  })
  const more = result.failures.length > limit ? [`- …and ${result.failures.length - limit} more`] : []
  return [...lines, ...more].join('\n')
}
