// Scenario 4: the client's getConference against openapi-fetch's own POST (what the client is made
// of) and against a bare fetch doing the same, all on one stubbed fetch.
import { createJoinlinkClient } from '@joinlink/client'
import type { paths } from '@joinlink/types'
import { toPublicConference } from '@joinlink/validation'
import { seedConference } from '@joinlink/validation/fixtures'
import createClient from 'openapi-fetch'
import { Bench } from 'tinybench'
import { LOOKUP_PATH } from '../compare.ts'
import { type Context, SEED_LINK } from '../context.ts'
import { screeningNote, screenRounds, shuffle, summarize } from '../stats.ts'
import { fmtRatio, fmtSpread, verdict } from '../table.ts'

const BASE_URL = 'http://127.0.0.1:8787'
const ANSWER = JSON.stringify({
  status: 0,
  result: [toPublicConference(seedConference)],
  request_id: '00000000-0000-4000-8000-000000000000',
  timestamp: 1_700_000_000_000,
  request_duration: '0.100ms',
})

/** A server-less fetch: reads the request body as a server would, answers the same envelope. */
async function stubFetch(request: Request): Promise<Response> {
  await request.text()
  return new Response(ANSWER, { status: 200, headers: { 'content-type': 'application/json' } })
}

/** What a caller writes without the client: one POST, parse, check the envelope, take the record. */
async function bareLookup(link: string) {
  const response = await stubFetch(
    new Request(BASE_URL + LOOKUP_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ attendeeJoinUrl: link }),
    }),
  )
  const envelope = (await response.json()) as { status: number; result: unknown[] }
  if (!response.ok || envelope.status !== 0) throw new Error(`lookup failed: ${envelope.status}`)
  return envelope.result[0]
}

/** openapi-fetch's own POST of the same body; `timeoutMs` adds the per-call timeout signal the client sends. */
function openapiFetchLookup(timeoutMs?: number) {
  const raw = createClient<paths>({ baseUrl: BASE_URL, fetch: stubFetch })
  return async (link: string) => {
    const controller = timeoutMs === undefined ? undefined : new AbortController()
    const timer = controller && setTimeout(() => controller.abort(), timeoutMs)
    const { data, error } = await raw.POST(LOOKUP_PATH, {
      body: { attendeeJoinUrl: link },
      ...(controller && { signal: controller.signal }),
    })
    clearTimeout(timer)
    if (error || !data) throw new Error('lookup failed')
    return data.result[0]
  }
}

export async function clientScenario(ctx: Context): Promise<void> {
  const client = createJoinlinkClient({ baseUrl: BASE_URL, fetch: stubFetch })
  const plain = openapiFetchLookup()
  const timed = openapiFetchLookup(10_000)
  const tasks: Record<string, () => Promise<unknown>> = {
    client: () => client.getConference(SEED_LINK),
    openapiFetch: () => plain(SEED_LINK),
    openapiFetchTimeout: () => timed(SEED_LINK),
    bare: () => bareLookup(SEED_LINK),
  }
  const warm = new Bench({ time: ctx.opts.benchTime, warmup: true })
  for (const [name, fn] of Object.entries(tasks)) warm.add(name, fn)
  await warm.run()
  const rounds: Record<string, number>[] = []
  for (let i = 0; i < ctx.opts.rounds; i++) {
    const round: Record<string, number> = {}
    // One bench per task so the shuffled order is the order they run in.
    for (const name of shuffle(Object.keys(tasks), ctx.random)) {
      const bench = new Bench({ time: ctx.opts.benchTime, warmup: false })
      bench.add(name, tasks[name] as () => Promise<unknown>)
      await bench.run()
      const result = bench.tasks[0]?.result
      if (!result || !('latency' in result)) throw new Error(`client: tinybench gave no result for ${name}`)
      round[name] = 1000 / result.latency.mean
    }
    ctx.log(
      `  client round ${i + 1}: ${Object.entries(round)
        .map(([name, ops]) => `${name} ${Math.round(ops)} ops/s`)
        .join(', ')}`,
    )
    rounds.push(round)
  }
  const screening = screenRounds(rounds, [(r) => r.openapiFetch as number])
  const note = screeningNote('client', 'openapi-fetch', screening, rounds.length)
  if (note) ctx.notes.push(note)
  const kept = screening.kept
  // Per-call time of the client over that of a baseline: the inverse of the ops/s ratio.
  const slower = (base: string) => summarize(kept.map((r) => (r[base] as number) / (r.client as number)))
  const ops = (name: string) => fmtSpread(summarize(kept.map((r) => r[name] as number)), '')
  const vsOpenapiFetch = slower('openapiFetch')
  const vsTimed = slower('openapiFetchTimeout')
  const vsBare = slower('bare')
  const s = '4 client'
  const row = (figure: string, value: string, ratio: string, target = '', verdictText = '') => ({
    scenario: s,
    figure,
    value,
    ratio,
    target,
    verdict: verdictText,
  })
  ctx.rows.push(
    row("openapi-fetch's own POST (stubbed fetch): ops/s", ops('openapiFetch'), 'baseline'),
    row('the same POST with a per-call timeout signal: ops/s', ops('openapiFetchTimeout'), ''),
    row('bare fetch + envelope check (stubbed): ops/s', ops('bare'), ''),
    row('client.getConference (stubbed fetch): ops/s', ops('client'), ''),
    row(
      'client per-call time / openapi-fetch POST',
      '',
      fmtRatio(vsOpenapiFetch),
      '≤ 1.10×',
      verdict(vsOpenapiFetch.median, '<=', 1.1),
    ),
    row('client per-call time / openapi-fetch POST with a timeout signal', '', fmtRatio(vsTimed)),
    row('client per-call time / bare fetch', '', fmtRatio(vsBare)),
  )
  ctx.results.client = { rounds, kept: kept.length, vsOpenapiFetch, vsTimed, vsBare }
}
