// Scenario 1: the edge on Node against raw node:http and Fastify doing the same work.
import { resolve } from 'node:path'
import { compareServers, crossRatio, get } from '../compare.ts'
import { BENCH_DIR, type Context, EDGE_DIR } from '../context.ts'
import { fmtRatio, fmtSpread, verdict } from '../table.ts'

// The load generator is one client on loopback with up to 200 connections (the cold burst): the
// per-address connection cap (64 by default) would refuse most of them.
export const EDGE_ENV = {
  JOINLINK_RATE_LIMIT: '0',
  JOINLINK_LOG: 'false',
  JOINLINK_MAX_CONNECTIONS_PER_CLIENT: '0',
}

export async function edgeScenario(ctx: Context): Promise<void> {
  const c = await compareServers(
    ctx,
    'edge',
    [
      { name: 'edge', args: [resolve(EDGE_DIR, 'dist/node.js')], env: EDGE_ENV, cwd: EDGE_DIR },
      { name: 'raw', args: [resolve(BENCH_DIR, 'src/baselines/raw-node.ts')] },
      { name: 'fastify', args: [resolve(BENCH_DIR, 'src/baselines/fastify.ts')] },
    ],
    'raw',
    { cpu: true },
  )
  ctx.edgeCapacity = get(c.rps, 'edge').median
  const vsFastify = crossRatio(c, 'edge', 'fastify', (m) => m.rps)
  const rpsRatio = get(c.rpsRatio, 'edge')
  const cpuRatio = get(c.cpuRatio, 'edge')
  const s = '1 edge vs floor'
  for (const name of ['edge', 'raw', 'fastify']) {
    ctx.rows.push({
      scenario: s,
      figure: `${name}: req/s (32 conns)`,
      value: fmtSpread(get(c.rps, name), ''),
      ratio: name === 'raw' ? 'baseline' : fmtRatio(get(c.rpsRatio, name)),
      target: '',
      verdict: '',
    })
    ctx.rows.push({
      scenario: s,
      figure: `${name}: CPU/request @ ${c.rate} req/s`,
      value: fmtSpread(get(c.cpuUs, name), ' µs', 1),
      ratio: name === 'raw' ? 'baseline' : fmtRatio(get(c.cpuRatio, name)),
      target: '',
      verdict: '',
    })
  }
  ctx.rows.push(
    {
      scenario: s,
      figure: 'edge/raw CPU per request',
      value: '',
      ratio: fmtRatio(cpuRatio),
      target: '≤ 1.15×',
      verdict: verdict(cpuRatio.median, '<=', 1.15),
    },
    {
      scenario: s,
      figure: 'edge/raw req/s',
      value: '',
      ratio: fmtRatio(rpsRatio),
      target: '≥ 0.85×',
      verdict: verdict(rpsRatio.median, '>=', 0.85),
    },
    {
      scenario: s,
      figure: 'edge/fastify req/s',
      value: '',
      ratio: fmtRatio(vsFastify),
      target: '≥ 1.0×',
      verdict: verdict(vsFastify.median, '>=', 1.0),
    },
  )
  if (c.errors) ctx.notes.push(`edge: ${c.errors} errors or non-2xx answers during the rounds.`)
  if (c.maxLoadCpu > 0.9)
    ctx.notes.push(
      `edge: the load generator used up to ${(c.maxLoadCpu * 100).toFixed(0)}% of its core: the fastest server's req/s may be capped by autocannon, not by the server.`,
    )
  ctx.results.edge = { ...c, edgeVsFastifyRps: vsFastify }
}
