// Scenario "metrics": the cost of the Prometheus metrics on the lookup hot path — the same edge
// with metrics off (the default: no key scoped metrics, no metrics port) and on (a metrics key:
// every request counted by route, status and envelope code, timed, and its lookup counted).
import { resolve } from 'node:path'
import { compareServers, get } from '../compare.ts'
import { type Context, EDGE_DIR } from '../context.ts'
import { fmtRatio, fmtSpread, verdict } from '../table.ts'
import { EDGE_ENV } from './edge.ts'

const METRICS_ON = { ...EDGE_ENV, JOINLINK_API_KEYS: 'prom:metrics:bench-metrics-key-0123456789' }

export async function metricsScenario(ctx: Context): Promise<void> {
  const edge = (name: string, env: Record<string, string>) => ({
    name,
    args: [resolve(EDGE_DIR, 'dist/node.js')],
    env,
    cwd: EDGE_DIR,
  })
  const c = await compareServers(ctx, 'metrics', [edge('off', EDGE_ENV), edge('on', METRICS_ON)], 'off', {
    cpu: true,
  })
  const s = 'metrics on vs off'
  const rpsRatio = get(c.rpsRatio, 'on')
  ctx.rows.push(
    {
      scenario: s,
      figure: 'metrics off: req/s (32 conns)',
      value: fmtSpread(get(c.rps, 'off'), ''),
      ratio: 'baseline',
      target: '',
      verdict: '',
    },
    {
      scenario: s,
      figure: 'metrics on: req/s (32 conns)',
      value: fmtSpread(get(c.rps, 'on'), ''),
      ratio: fmtRatio(rpsRatio),
      target: '≥ 0.95×',
      verdict: verdict(rpsRatio.median, '>=', 0.95),
    },
    {
      scenario: s,
      figure: `metrics on: CPU/request @ ${c.rate} req/s`,
      value: fmtSpread(get(c.cpuUs, 'on'), ' µs', 1),
      ratio: fmtRatio(get(c.cpuRatio, 'on')),
      target: '≤ 1.05×',
      verdict: verdict(get(c.cpuRatio, 'on').median, '<=', 1.05),
    },
  )
  if (c.errors) ctx.notes.push(`metrics: ${c.errors} errors or non-2xx answers during the rounds.`)
  ctx.results.metrics = c
}
