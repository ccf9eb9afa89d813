// Scenario 7: sustained load at half the measured capacity; no errors, and RSS that does not grow.
import { resolve } from 'node:path'
import { LOOKUP_PATH } from '../compare.ts'
import { BENCH_DIR, type Context, EDGE_DIR, SEED_BODY } from '../context.ts'
import { closedLoop, cpuPerRequest, type Target } from '../load.ts'
import { rssBytes } from '../proc.ts'
import { type Server, startServer } from '../servers.ts'
import { fmt, verdict } from '../table.ts'
import { EDGE_ENV } from './edge.ts'

const GC_PROBE = resolve(BENCH_DIR, 'src/gc-probe.ts')

/** Heap in use right after a full GC in the server (via the preloaded probe), in bytes. */
async function heapAfterGc(server: Server): Promise<number> {
  const count = server.output().split('joinlink-bench-heap').length
  process.kill(server.pid, 'SIGUSR2')
  const deadline = Date.now() + 5000
  while (Date.now() < deadline) {
    const parts = server.output().split('joinlink-bench-heap ')
    if (parts.length > count) return Number.parseInt(parts.at(-1) ?? '', 10)
    await new Promise((r) => setTimeout(r, 20))
  }
  return Number.NaN
}

export async function soakScenario(ctx: Context): Promise<void> {
  const server = await startServer(
    'edge-soak',
    ['--expose-gc', '--import', GC_PROBE, resolve(EDGE_DIR, 'dist/node.js')],
    {
      cpu: ctx.pin.server,
      cwd: EDGE_DIR,
      env: EDGE_ENV,
    },
  )
  try {
    const target: Target = { url: server.url, path: LOOKUP_PATH, body: SEED_BODY }
    const warmSeconds = ctx.opts.soakWarmup
    const capacity = ctx.edgeCapacity ?? (await closedLoop(target, Math.max(2, ctx.opts.duration))).rps
    const rate = Math.max(50, Math.round(capacity / 2))
    const warm = await cpuPerRequest(target, server.pid, rate, warmSeconds)
    const rssWarm = rssBytes(server.pid)
    const heapWarm = await heapAfterGc(server)
    const samples: number[] = []
    const timer = setInterval(() => samples.push(rssBytes(server.pid)), 1000)
    const soak = await cpuPerRequest(target, server.pid, rate, ctx.opts.soak).finally(() =>
      clearInterval(timer),
    )
    const rssEnd = rssBytes(server.pid)
    const heapEnd = await heapAfterGc(server)
    const errors = soak.errors + soak.non2xx
    const growth = rssEnd / rssWarm
    // A leak keeps climbing; a heap settling to its working size flattens: compare the second half.
    const rssMid = samples[Math.floor(samples.length / 2)] ?? rssWarm
    const lateGrowth = rssEnd / rssMid
    const s = '7 soak'
    ctx.rows.push(
      {
        scenario: s,
        figure: `errors in ${ctx.opts.soak} s at ${fmt(rate)} req/s (½ of ${fmt(capacity)})`,
        value: `${fmt(errors)} of ${fmt(soak.requests)} (p99 ${soak.p99} ms)`,
        ratio: '',
        target: '0',
        verdict: errors === 0 ? 'met' : 'MISSED',
      },
      {
        scenario: s,
        figure: 'RSS at the end / after warm-up',
        value: `${fmt(rssEnd / 2 ** 20, 1)} / ${fmt(rssWarm / 2 ** 20, 1)} MiB (max ${fmt(Math.max(...samples, rssEnd) / 2 ** 20, 1)})`,
        ratio: `${fmt(growth, 2)}×`,
        target: '≤ 1.10×',
        verdict: verdict(growth, '<=', 1.1),
      },
    )
    ctx.rows.push({
      scenario: s,
      figure: 'RSS at the end / half-way through the soak',
      value: `${fmt(rssEnd / 2 ** 20, 1)} / ${fmt(rssMid / 2 ** 20, 1)} MiB`,
      ratio: `${fmt(lateGrowth, 2)}×`,
      target: '',
      verdict: lateGrowth <= 1.02 ? 'flat' : 'still growing',
    })
    ctx.rows.push({
      scenario: s,
      figure: 'JS heap after a full GC: end / after warm-up',
      value: `${fmt(heapEnd / 2 ** 20, 1)} / ${fmt(heapWarm / 2 ** 20, 1)} MiB`,
      ratio: `${fmt(heapEnd / heapWarm, 2)}×`,
      target: '',
      verdict: heapEnd / heapWarm <= 1.05 ? 'no leak' : 'growing',
    })
    if (soak.requests < rate * ctx.opts.soak * 0.95)
      ctx.notes.push(
        `soak: only ${fmt(soak.requests)} of the ${fmt(rate * ctx.opts.soak)} requests scheduled were sent.`,
      )
    ctx.results.soak = {
      rate,
      capacity,
      warmRequests: warm.requests,
      soak,
      rssWarm,
      rssEnd,
      samples,
      growth,
      lateGrowth,
    }
  } finally {
    await server.stop()
  }
}
