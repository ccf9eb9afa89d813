// Scenario 1: the edge on Node against two floors writing the same bytes, headers and log line:
// node:http through the same lookup core (src/baselines/lookup.ts), and node:http without the core
// (src/baselines/bare.ts: each answer serialized at start, the request's fields spliced in) —
// logging on, public profile.
import { resolve } from 'node:path'
import { compareServers, crossRatio, get } from '../compare.ts'
import { BENCH_DIR, type Context, EDGE_DIR } from '../context.ts'
import { CLOSED_LOOP_GENERATOR } from '../load.ts'
import { fmtRatio, fmtSpread, verdict } from '../table.ts'

/**
 * Logging on, rate limit on (one client, so far above what it sends in a minute), public profile:
 * the edge's defaults except the limit. The floor reads the same variables. The load generator is
 * one client on loopback with up to 200 connections (the cold burst): the per-address connection
 * cap (64 by default) would refuse most of them, so it is off.
 */
export const EDGE_ENV = {
  JOINLINK_RATE_LIMIT: '1000000',
  JOINLINK_LOG: 'true',
  JOINLINK_MAX_CONNECTIONS_PER_CLIENT: '0',
}

/** The floor, as a server spec: every scenario that compares against it starts it the same way. */
export const FLOOR = { name: 'floor', args: [resolve(BENCH_DIR, 'src/baselines/raw-node.ts')], env: EDGE_ENV }

/** The floor without the core: the least node:http can do to write the same answer. */
export const BARE = { name: 'bare', args: [resolve(BENCH_DIR, 'src/baselines/bare-node.ts')], env: EDGE_ENV }

export async function edgeScenario(ctx: Context): Promise<void> {
  const c = await compareServers(
    ctx,
    'edge',
    [{ name: 'edge', args: [resolve(EDGE_DIR, 'dist/node.js')], env: EDGE_ENV, cwd: EDGE_DIR }, FLOOR, BARE],
    'floor',
    { cpu: true },
  )
  ctx.edgeCapacity = get(c.rps, 'edge').median
  const rpsRatio = get(c.rpsRatio, 'edge')
  const cpuRatio = get(c.cpuRatio, 'edge')
  const s = '1 edge vs floor'
  for (const name of ['edge', 'floor', 'bare']) {
    ctx.rows.push({
      scenario: s,
      figure: `${name}: req/s (32 conns, ${CLOSED_LOOP_GENERATOR})`,
      value: fmtSpread(get(c.rps, name), ''),
      ratio: name === 'floor' ? 'baseline' : fmtRatio(get(c.rpsRatio, name)),
      target: '',
      verdict: '',
    })
    ctx.rows.push({
      scenario: s,
      figure: `${name}: CPU/request @ ${c.rate} req/s`,
      value: fmtSpread(get(c.cpuUs, name), ' µs', 1),
      ratio: name === 'floor' ? 'baseline' : fmtRatio(get(c.cpuRatio, name)),
      target: '',
      verdict: '',
    })
  }
  const bareRps = crossRatio(c, 'edge', 'bare', (m) => m.rps)
  const bareCpu = crossRatio(c, 'edge', 'bare', (m) => m.cpuUs)
  ctx.rows.push(
    {
      scenario: s,
      figure: 'edge/bare (no core) req/s',
      value: '',
      ratio: fmtRatio(bareRps),
      target: '≥ 0.85× (stretch 0.92×)',
      verdict: verdict(bareRps.median, '>=', 0.85),
    },
    {
      scenario: s,
      figure: 'edge/bare (no core) CPU per request',
      value: '',
      ratio: fmtRatio(bareCpu),
      target: '≤ 1.2×',
      verdict: verdict(bareCpu.median, '<=', 1.2),
    },
    {
      scenario: s,
      figure: 'edge/floor CPU per request',
      value: '',
      ratio: fmtRatio(cpuRatio),
      target: '≤ 1.15×',
      verdict: verdict(cpuRatio.median, '<=', 1.15),
    },
    {
      scenario: s,
      figure: 'edge/floor req/s',
      value: '',
      ratio: fmtRatio(rpsRatio),
      target: '≥ 0.85× (stretch 0.92×)',
      verdict: verdict(rpsRatio.median, '>=', 0.85),
    },
  )
  const busiest = Object.entries(c.minServerCpu)
    .map(([name, cpu]) => `${name} ${(cpu * 100).toFixed(0)}%`)
    .join(', ')
  ctx.notes.push(`edge: lowest server CPU in a closed-loop round (100% = its core): ${busiest}.`)
  if (c.errors) ctx.notes.push(`edge: ${c.errors} errors or non-2xx answers during the rounds.`)
  if (c.maxLoadCpu > 0.9)
    ctx.notes.push(
      `edge: the load generator used up to ${(c.maxLoadCpu * 100).toFixed(0)}% of its core: the fastest server's req/s may be capped by the generator, not by the server.`,
    )
  ctx.results.edge = c
}
