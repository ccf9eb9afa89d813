// Scenario 2: upstream mode against the fake vendor (50 ms): cache hits vs the embedded default,
// coalescing of concurrent cold lookups, and stale hits vs fresh hits.
// The fake vendor runs in this process (the load core): it only sleeps and answers.
import http from 'node:http'
import { resolve } from 'node:path'
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { validConferences } from '@joinlink/validation/fixtures'
import { compareServers, get, LOOKUP_PATH, type ServerSpec } from '../compare.ts'
import { type Context, EDGE_DIR, SEED_BODY } from '../context.ts'
import { post, sequentialLatency } from '../load.ts'
import { type Server, startServer } from '../servers.ts'
import { percentile, screeningNote, screenRounds, shuffle, summarize } from '../stats.ts'
import { fmtRatio, fmtSpread, verdict } from '../table.ts'
import { EDGE_ENV } from './edge.ts'

const TOKEN = 'bench-vendor-token-0123456789'
const VENDOR_LATENCY_MS = 50
const COLD_CONCURRENCY = 200

function startVendor(): Promise<FakeVendor> {
  return startFakeVendor({ token: TOKEN, latencyMs: VENDOR_LATENCY_MS })
}

const upstream = (vendor: FakeVendor, freshS: number): Record<string, string> => ({
  ...EDGE_ENV,
  JOINLINK_SOURCE: 'upstream',
  JOINLINK_UPSTREAM_URL: vendor.url,
  JOINLINK_UPSTREAM_TOKEN: TOKEN,
  JOINLINK_CACHE_FRESH_S: String(freshS),
  JOINLINK_CACHE_SWR_S: '3600',
})

const edge = (name: string, env: Record<string, string>): ServerSpec => ({
  name,
  args: [resolve(EDGE_DIR, 'dist/node.js')],
  env,
  cwd: EDGE_DIR,
})

async function cacheState(server: Server): Promise<string> {
  const response = await fetch(server.url + LOOKUP_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: SEED_BODY,
  })
  await response.arrayBuffer()
  return response.headers.get('x-joinlink-cache') ?? 'none'
}

/** Fires `COLD_CONCURRENCY` lookups of one uncached link at once; resolves to the vendor calls made. */
async function coldBurst(
  server: Server,
  vendor: FakeVendor,
  link: string,
): Promise<{ calls: number; failed: number }> {
  const before = vendor.calls
  const agent = new http.Agent({ keepAlive: false, maxSockets: COLD_CONCURRENCY })
  const body = JSON.stringify({ attendeeJoinUrl: link })
  const statuses = await Promise.all(
    Array.from({ length: COLD_CONCURRENCY }, () =>
      post(agent, server.url + LOOKUP_PATH, body).catch(() => 0),
    ),
  )
  agent.destroy()
  return { calls: vendor.calls - before, failed: statuses.filter((s) => s !== 200).length }
}

export async function cacheScenario(ctx: Context): Promise<void> {
  const vendor = await startVendor()
  const s = '2 cache'
  try {
    // Cache-hit throughput against the embedded default.
    const c = await compareServers(
      ctx,
      'cache',
      [edge('embedded', EDGE_ENV), edge('cached', upstream(vendor, 3600))],
      'embedded',
      { cpu: false },
    )
    const hitRatio = get(c.rpsRatio, 'cached')
    ctx.rows.push(
      {
        scenario: s,
        figure: 'embedded default: req/s',
        value: fmtSpread(get(c.rps, 'embedded'), ''),
        ratio: 'baseline',
        target: '',
        verdict: '',
      },
      {
        scenario: s,
        figure: `upstream, cache hit (vendor ${VENDOR_LATENCY_MS} ms): req/s`,
        value: fmtSpread(get(c.rps, 'cached'), ''),
        ratio: fmtRatio(hitRatio),
        target: '≥ 0.9×',
        verdict: verdict(hitRatio.median, '>=', 0.9),
      },
    )
    if (c.errors) ctx.notes.push(`cache: ${c.errors} errors or non-2xx answers during the cache-hit rounds.`)

    // Fresh hits vs stale hits (fresh for 0 s: every hit is stale and revalidates in the background).
    const fresh = await startServer('fresh', [resolve(EDGE_DIR, 'dist/node.js')], {
      cpu: ctx.pin.server,
      cwd: EDGE_DIR,
      env: upstream(vendor, 3600),
    })
    const stale = await startServer('stale', [resolve(EDGE_DIR, 'dist/node.js')], {
      cpu: ctx.pin.server,
      cwd: EDGE_DIR,
      env: upstream(vendor, 0),
    }).catch(async (error: unknown) => {
      await fresh.stop()
      throw error
    })
    const results: Record<string, unknown> = { rps: c }
    try {
      const servers = [fresh, stale]
      for (const server of servers)
        await sequentialLatency(server.url, LOOKUP_PATH, [SEED_BODY], Math.min(300, ctx.opts.lookups))
      const states = { fresh: await cacheState(fresh), stale: await cacheState(stale) }
      if (states.fresh !== 'hit' || states.stale !== 'stale')
        ctx.notes.push(
          `cache: expected X-Joinlink-Cache hit and stale, got ${states.fresh} and ${states.stale}.`,
        )
      const rounds: Record<string, number>[] = []
      for (let i = 0; i < ctx.opts.rounds; i++) {
        const round: Record<string, number> = {}
        for (const server of shuffle(servers, ctx.random)) {
          const r = await sequentialLatency(server.url, LOOKUP_PATH, [SEED_BODY], ctx.opts.lookups)
          round[server.name] = percentile(r.latenciesUs, 99)
          if (r.errors) ctx.notes.push(`cache: ${r.errors} ${server.name} lookups did not answer 200.`)
        }
        ctx.log(
          `  cache p99 round ${i + 1}: fresh ${round.fresh?.toFixed(0)} µs, stale ${round.stale?.toFixed(0)} µs`,
        )
        rounds.push(round)
      }
      const screening = screenRounds(rounds, [(r) => r.fresh as number])
      const note = screeningNote('cache p99', 'fresh-hit', screening, rounds.length)
      if (note) ctx.notes.push(note)
      const ratio = summarize(screening.kept.map((r) => (r.stale as number) / (r.fresh as number)))
      ctx.rows.push(
        {
          scenario: s,
          figure: 'fresh hit p99 (1 conn)',
          value: fmtSpread(summarize(screening.kept.map((r) => r.fresh as number)), ' µs'),
          ratio: 'baseline',
          target: '',
          verdict: '',
        },
        {
          scenario: s,
          figure: 'stale hit p99 (1 conn, revalidating)',
          value: fmtSpread(summarize(screening.kept.map((r) => r.stale as number)), ' µs'),
          ratio: fmtRatio(ratio),
          target: '≤ 1.2×',
          verdict: verdict(ratio.median, '<=', 1.2),
        },
      )
      results.p99 = { rounds, ratio, states }

      // Coalescing: each round a link nobody has asked for yet, 200 lookups at once. The stale
      // server goes first: its background revalidations would be counted as vendor calls.
      await stale.stop()
      await new Promise((r) => setTimeout(r, 2 * VENDOR_LATENCY_MS))
      const links = validConferences
        .map((f) => f.conference.attendeeJoinUrl)
        .filter((l) => !l.includes('mkIW3Txa0Uk'))
      const bursts: { calls: number; failed: number }[] = []
      for (let i = 0; i < Math.min(ctx.opts.rounds, links.length); i++) {
        bursts.push(await coldBurst(fresh, vendor, links[i] as string))
      }
      const maxCalls = Math.max(...bursts.map((b) => b.calls))
      const failed = bursts.reduce((sum, b) => sum + b.failed, 0)
      ctx.rows.push({
        scenario: s,
        figure: `${COLD_CONCURRENCY} concurrent cold lookups of one link → vendor calls`,
        value: `${bursts.map((b) => b.calls).join(', ')} (${bursts.length} links)`,
        ratio: '',
        target: '1',
        verdict: maxCalls === 1 && failed === 0 ? 'met' : 'MISSED',
      })
      if (failed) ctx.notes.push(`cache: ${failed} of the cold-burst lookups did not answer 200.`)
      results.coalescing = bursts
    } finally {
      await Promise.all([fresh.stop(), stale.stop()])
    }
    ctx.results.cache = results
  } finally {
    await vendor.close()
  }
}
