// Scenario "fleet": three Node instances alone vs three sharing a redis-server (JOINLINK_REDIS_URL),
// in front of the fake vendor (50 ms): vendor calls for a burst of lookups of one cold link spread
// over the three, lookup latency p50/p99 (one connection, round robin over the three, a cached
// link), and what the store's round trip costs a lookup (the latency difference, and the store
// call time the instances measure themselves). Needs redis-server on PATH; skipped otherwise.
import http from 'node:http'
import { resolve } from 'node:path'
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { type RedisServer, redisServerPath, startRedis } from '@joinlink/test-kit/redis'
import { validConferences } from '@joinlink/validation/fixtures'
import { LOOKUP_PATH } from '../compare.ts'
import { type Context, EDGE_DIR, SEED_BODY } from '../context.ts'
import { post } from '../load.ts'
import { type Server, startServer } from '../servers.ts'
import { percentile, screeningNote, screenRounds, shuffle, summarize } from '../stats.ts'
import { fmt, fmtRatio, fmtSpread } from '../table.ts'
import { EDGE_ENV } from './edge.ts'

const TOKEN = 'bench-vendor-token-0123456789'
const VENDOR_LATENCY_MS = 50
const BURST = 300
const INSTANCES = 3

type FleetName = 'alone' | 'shared'

/** Three instances, each with its metrics listener. */
async function startFleet(ctx: Context, name: FleetName, env: Record<string, string>): Promise<Server[]> {
  const servers: Server[] = []
  try {
    for (let i = 1; i <= INSTANCES; i++)
      servers.push(
        await startServer(`${name} #${i}`, [resolve(EDGE_DIR, 'dist/node.js')], {
          cpu: ctx.pin.server,
          cwd: EDGE_DIR,
          env: { ...env, JOINLINK_METRICS_PORT: '0' },
        }),
      )
  } catch (error) {
    await Promise.all(servers.map((s) => s.stop()))
    throw error
  }
  return servers
}

/** `BURST` lookups of `link` at once, spread over the fleet; resolves to the vendor calls made. */
async function burst(
  fleet: Server[],
  vendor: FakeVendor,
  link: string,
): Promise<{ calls: number; failed: number }> {
  const before = vendor.calls
  const agent = new http.Agent({ keepAlive: false, maxSockets: BURST })
  const body = JSON.stringify({ attendeeJoinUrl: link })
  const statuses = await Promise.all(
    Array.from({ length: BURST }, (_, i) =>
      post(agent, (fleet[i % fleet.length] as Server).url + LOOKUP_PATH, body).catch(() => 0),
    ),
  )
  agent.destroy()
  return { calls: vendor.calls - before, failed: statuses.filter((s) => s !== 200).length }
}

/** `count` lookups of the cached seed link, one at a time, round robin over the fleet; µs each. */
async function roundRobinLatency(fleet: Server[], count: number): Promise<{ us: number[]; errors: number }> {
  const agents = fleet.map(() => new http.Agent({ keepAlive: true, maxSockets: 1 }))
  const us: number[] = []
  let errors = 0
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now()
      const status = await post(
        agents[i % fleet.length],
        (fleet[i % fleet.length] as Server).url + LOOKUP_PATH,
        SEED_BODY,
      )
      us.push((performance.now() - started) * 1000)
      if (status !== 200) errors++
    }
  } finally {
    for (const agent of agents) agent.destroy()
  }
  return { us, errors }
}

/** The store-call and coalescing counters summed over the fleet's /metrics, by their label sets. */
async function fleetCounters(fleet: Server[]): Promise<Record<string, number>> {
  const totals: Record<string, number> = {}
  for (const server of fleet) {
    const url = /Joinlink metrics on (http:\/\/\S+)/.exec(server.output())?.[1]
    if (!url) continue
    for (const line of (await (await fetch(url)).text()).split('\n')) {
      const match = /^(joinlink_(?:redis_calls|redis_fallbacks|fleet_coalesce)_total)(\{[^}]*\}) (\S+)$/.exec(
        line,
      )
      if (match) totals[`${match[1]}${match[2]}`] = (totals[`${match[1]}${match[2]}`] ?? 0) + Number(match[3])
    }
  }
  return totals
}

/** Sum and count of a histogram's samples for `op` over the fleet's /metrics. */
async function storeCallTime(fleet: Server[], op: string): Promise<{ sum: number; count: number }> {
  let sum = 0
  let count = 0
  for (const server of fleet) {
    const url = /Joinlink metrics on (http:\/\/\S+)/.exec(server.output())?.[1]
    if (!url) continue
    const text = await (await fetch(url)).text()
    for (const line of text.split('\n')) {
      if (!line.includes(`op="${op}"`)) continue
      const value = Number(line.slice(line.lastIndexOf(' ') + 1))
      if (line.startsWith('joinlink_redis_call_duration_seconds_sum')) sum += value
      if (line.startsWith('joinlink_redis_call_duration_seconds_count')) count += value
    }
  }
  return { sum, count }
}

export async function fleetScenario(ctx: Context): Promise<void> {
  const s = 'fleet'
  try {
    redisServerPath()
  } catch (error) {
    ctx.notes.push(`fleet: skipped — ${(error as Error).message}`)
    return
  }
  const vendor = await startFakeVendor({ token: TOKEN, latencyMs: VENDOR_LATENCY_MS })
  let redis: RedisServer | undefined
  const fleets: Partial<Record<FleetName, Server[]>> = {}
  try {
    redis = await startRedis()
    const env = {
      ...EDGE_ENV,
      JOINLINK_LOG: 'false',
      JOINLINK_SOURCE: 'upstream',
      JOINLINK_UPSTREAM_URL: vendor.url,
      JOINLINK_UPSTREAM_TOKEN: TOKEN,
      JOINLINK_CACHE_FRESH_S: '3600',
    }
    fleets.alone = await startFleet(ctx, 'alone', env)
    fleets.shared = await startFleet(ctx, 'shared', {
      ...env,
      JOINLINK_REDIS_URL: redis.url,
      JOINLINK_REDIS_PREFIX: 'bench:',
    })
    const names: FleetName[] = ['alone', 'shared']
    const fleetOf = (name: FleetName) => fleets[name] as Server[]

    // Cold-link bursts: a link nobody has asked for, per round and fleet.
    const links = validConferences
      .map((f) => f.conference.attendeeJoinUrl)
      .filter((l) => !l.includes('mkIW3Txa0Uk'))
    const burstRounds = Math.min(ctx.opts.rounds, Math.floor(links.length / names.length))
    const calls: Record<FleetName, number[]> = { alone: [], shared: [] }
    let failed = 0
    for (let i = 0; i < burstRounds; i++)
      for (const name of names) {
        const b = await burst(fleetOf(name), vendor, links[i * names.length + names.indexOf(name)] as string)
        calls[name].push(b.calls)
        failed += b.failed
      }
    if (failed) ctx.notes.push(`fleet: ${failed} of the burst lookups did not answer 200.`)
    const outcomes = await fleetCounters(fleetOf('shared'))
    ctx.log(`  fleet bursts, shared store: ${JSON.stringify(outcomes)}`)

    // Warm every instance (the seed link cached in each first level), then latency rounds.
    for (const name of names) await roundRobinLatency(fleetOf(name), 300)
    const baseline = await storeCallTime(fleetOf('shared'), 'rate_limit')
    const rounds: Record<FleetName, { p50: number; p99: number }>[] = []
    for (let i = 0; i < ctx.opts.rounds; i++) {
      const round = {} as Record<FleetName, { p50: number; p99: number }>
      for (const name of shuffle(names, ctx.random)) {
        const r = await roundRobinLatency(fleetOf(name), ctx.opts.lookups)
        if (r.errors) ctx.notes.push(`fleet: ${r.errors} ${name} lookups did not answer 200.`)
        round[name] = { p50: percentile(r.us, 50), p99: percentile(r.us, 99) }
      }
      ctx.log(
        `  fleet round ${i + 1}: alone p50 ${round.alone.p50.toFixed(0)} µs, shared p50 ${round.shared.p50.toFixed(0)} µs`,
      )
      rounds.push(round)
    }
    const after = await storeCallTime(fleetOf('shared'), 'rate_limit')
    const screening = screenRounds(rounds, [(r) => r.alone.p50])
    const note = screeningNote('fleet', 'alone p50', screening, rounds.length)
    if (note) ctx.notes.push(note)
    const kept = screening.kept
    const of = (name: FleetName, q: 'p50' | 'p99') => summarize(kept.map((r) => r[name][q]))
    const ratio = (q: 'p50' | 'p99') => summarize(kept.map((r) => r.shared[q] / r.alone[q]))
    const extra = summarize(kept.map((r) => r.shared.p50 - r.alone.p50))
    const serverSide = (after.sum - baseline.sum) / Math.max(1, after.count - baseline.count)

    ctx.rows.push(
      {
        scenario: s,
        figure: `alone (no store): ${BURST} lookups of one cold link over ${INSTANCES} instances → vendor calls`,
        value: `${calls.alone.join(', ')} (${calls.alone.length} links)`,
        ratio: '',
        target: '',
        verdict: '',
      },
      {
        scenario: s,
        figure: `shared store: ${BURST} lookups of one cold link over ${INSTANCES} instances → vendor calls`,
        value: `${calls.shared.join(', ')} (${calls.shared.length} links)`,
        ratio: '',
        target: '1',
        verdict: calls.shared.every((c) => c === 1) && failed === 0 ? 'met' : 'MISSED',
      },
      ...(['p50', 'p99'] as const).flatMap((q) => [
        {
          scenario: s,
          figure: `alone: lookup ${q} (1 conn, round robin, cached link)`,
          value: fmtSpread(of('alone', q), ' µs'),
          ratio: 'baseline',
          target: '',
          verdict: '',
        },
        {
          scenario: s,
          figure: `shared store: lookup ${q} (1 conn, round robin, cached link)`,
          value: fmtSpread(of('shared', q), ' µs'),
          ratio: fmtRatio(ratio(q)),
          target: '',
          verdict: '',
        },
      ]),
      {
        scenario: s,
        figure: 'cost of the store round trip per lookup: p50 shared − alone (client side)',
        value: fmtSpread(extra, ' µs'),
        ratio: '',
        target: '',
        verdict: '',
      },
      {
        scenario: s,
        figure: 'rate-limit store call, mean as the instances time it (server side)',
        value: `${fmt(serverSide * 1e6)} µs (${fmt(after.count - baseline.count)} calls)`,
        ratio: '',
        target: '',
        verdict: '',
      },
    )
    ctx.results.fleet = { calls, rounds, serverSideRateLimitS: serverSide }
  } finally {
    await Promise.all(Object.values(fleets).flatMap((fleet) => fleet.map((server) => server.stop())))
    await redis?.stop()
    await vendor.close()
  }
}
