// Scenario 4: the client's getConference against a bare fetch doing the same, both on a stubbed fetch.
import { createJoinlinkClient } from '@joinlink/client'
import { toPublicConference } from '@joinlink/validation'
import { seedConference } from '@joinlink/validation/fixtures'
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

export async function clientScenario(ctx: Context): Promise<void> {
  const client = createJoinlinkClient({ baseUrl: BASE_URL, fetch: stubFetch })
  const tasks: Record<string, () => Promise<unknown>> = {
    client: () => client.getConference(SEED_LINK),
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
      `  client round ${i + 1}: client ${Math.round(round.client ?? 0)} ops/s, bare ${Math.round(round.bare ?? 0)} ops/s`,
    )
    rounds.push(round)
  }
  const screening = screenRounds(rounds, [(r) => r.bare as number])
  const note = screeningNote('client', 'bare-fetch', screening, rounds.length)
  if (note) ctx.notes.push(note)
  const kept = screening.kept
  const ratio = summarize(kept.map((r) => (r.client as number) / (r.bare as number)))
  const s = '4 client'
  ctx.rows.push(
    {
      scenario: s,
      figure: 'bare fetch (stubbed): ops/s',
      value: fmtSpread(summarize(kept.map((r) => r.bare as number)), ''),
      ratio: 'baseline',
      target: '',
      verdict: '',
    },
    {
      scenario: s,
      figure: 'client.getConference (stubbed fetch): ops/s',
      value: fmtSpread(summarize(kept.map((r) => r.client as number)), ''),
      ratio: fmtRatio(ratio),
      target: '≥ 0.9×',
      verdict: verdict(ratio.median, '>=', 0.9),
    },
  )
  ctx.results.client = { rounds, kept: kept.length, ratio }
}
