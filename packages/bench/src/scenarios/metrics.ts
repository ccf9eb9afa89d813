// Scenario "metrics": the cost of the Prometheus metrics on the lookup hot path — the same edge
// with metrics off (the default: no key scoped metrics, no metrics port) and on (a metrics key:
// every request counted by route, status and envelope code, timed, and its lookup counted).
// Two views: over sockets (req/s and CPU per request of two servers, as in scenario 1), and
// in-process (CPU per `app.request()`, interleaved in small batches), which keeps the socket stack
// and the load generator out and so is far less noisy on a shared machine.
import { resolve } from 'node:path'
import { createApp, createPrometheusMetrics, createSource, parseConfig } from '@joinlink/edge'
import { LOOKUP_PATH } from '@joinlink/validation'
import { compareServers, get } from '../compare.ts'
import { type Context, EDGE_DIR, SEED_BODY } from '../context.ts'
import { fmtRatio, fmtSpread, verdict } from '../table.ts'
import { EDGE_ENV } from './edge.ts'

const METRICS_KEY = 'prom:metrics:bench-metrics-key-0123456789'
const METRICS_ON = { ...EDGE_ENV, JOINLINK_API_KEYS: METRICS_KEY }

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
  const inProcess = await inProcessCpu(ctx.opts.quick ? 10 : 40)
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
      target: '',
      verdict: '',
    },
    {
      scenario: s,
      figure: 'in-process CPU/request (app.request), on ÷ off',
      value: `${inProcess.off.toFixed(1)} → ${inProcess.on.toFixed(1)} µs`,
      ratio: `${inProcess.ratio.toFixed(3)}×`,
      target: '≤ 1.05×',
      verdict: verdict(inProcess.ratio, '<=', 1.05),
    },
  )
  if (c.errors) ctx.notes.push(`metrics: ${c.errors} errors or non-2xx answers during the rounds.`)
  ctx.results.metrics = { sockets: c, inProcess }
}

/** Median CPU µs per `app.request()` lookup, metrics off and on, over `batches` interleaved batches. */
async function inProcessCpu(batches: number): Promise<{ off: number; on: number; ratio: number }> {
  const make = async (on: boolean) => {
    const config = await parseConfig(on ? METRICS_ON : EDGE_ENV)
    const metrics = on ? createPrometheusMetrics({ version: 'bench', runtime: 'node' }) : undefined
    return createApp({
      config,
      source: await createSource(config),
      ...(metrics ? { metrics, exposition: metrics } : {}),
    })
  }
  const apps = { off: await make(false), on: await make(true) }
  const headers = { 'content-type': 'application/json', 'content-length': String(SEED_BODY.length) }
  const batch = async (name: 'off' | 'on', n: number) => {
    const started = process.cpuUsage()
    for (let i = 0; i < n; i++) {
      const answer = await apps[name].request(`http://bench${LOOKUP_PATH}`, {
        method: 'POST',
        headers,
        body: SEED_BODY,
      })
      await answer.text()
    }
    const used = process.cpuUsage(started)
    return (used.user + used.system) / n
  }
  for (const name of ['off', 'on', 'off', 'on'] as const) await batch(name, 2000)
  const figures = { off: [] as number[], on: [] as number[] }
  for (let i = 0; i < batches; i++)
    for (const name of i % 2 ? (['off', 'on'] as const) : (['on', 'off'] as const))
      figures[name].push(await batch(name, 500))
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? Number.NaN
  const off = median(figures.off)
  const on = median(figures.on)
  return { off, on, ratio: on / off }
}
