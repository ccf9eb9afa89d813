// pnpm bench: runs the chosen scenarios, prints one Markdown table, writes .bench/results.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { type Context, type Options, OUT_DIR } from './context.ts'
import { cacheScenario } from './scenarios/cache.ts'
import { clientScenario } from './scenarios/client.ts'
import { coldStartScenario } from './scenarios/coldstart.ts'
import { edgeScenario } from './scenarios/edge.ts'
import { fleetScenario } from './scenarios/fleet.ts'
import { metricsScenario } from './scenarios/metrics.ts'
import { pagesScenario } from './scenarios/pages.ts'
import { runtimesScenario } from './scenarios/runtimes.ts'
import { scaleScenario } from './scenarios/scale.ts'
import { sizeScenario } from './scenarios/size.ts'
import { soakScenario } from './scenarios/soak.ts'
import { validationScenario } from './scenarios/validation.ts'
import { killAll, pinSelf } from './servers.ts'
import { rng } from './stats.ts'
import { renderTable } from './table.ts'

const SCENARIOS: Record<string, (ctx: Context) => Promise<void>> = {
  edge: edgeScenario,
  cache: cacheScenario,
  validation: validationScenario,
  client: clientScenario,
  size: sizeScenario,
  scale: scaleScenario,
  soak: soakScenario,
  runtimes: runtimesScenario,
  coldstart: coldStartScenario,
  metrics: metricsScenario,
  pages: pagesScenario,
  fleet: fleetScenario,
}

// pnpm passes the `--` of `pnpm bench -- --quick` through; it separates nothing here.
const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    rounds: { type: 'string' },
    warmup: { type: 'string' },
    duration: { type: 'string' },
    'rate-duration': { type: 'string' },
    soak: { type: 'string' },
    'soak-warmup': { type: 'string' },
    scale: { type: 'string' },
    lookups: { type: 'string' },
    'bench-time': { type: 'string' },
    seed: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
})

if (values.help) {
  console.log(`pnpm bench [-- --quick] [--only ${Object.keys(SCENARIOS).join(',')}] [--rounds N] [--warmup S]
  [--duration S] [--rate-duration S] [--soak S] [--soak-warmup S] [--scale 1000,100000,1000000] [--lookups N] [--bench-time MS] [--seed N]
See packages/bench/README.md.`)
  process.exit(0)
}

const quick = values.quick ?? false
const num = (value: string | undefined, fallback: number) => {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n <= 0) {
    console.error(`Expected a positive number, got ${JSON.stringify(value)}`)
    process.exit(2)
  }
  return n
}
const only = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(SCENARIOS)
const unknown = only.filter((name) => !SCENARIOS[name])
if (unknown.length) {
  console.error(`Unknown scenario ${unknown.join(', ')}; choose from ${Object.keys(SCENARIOS).join(', ')}`)
  process.exit(2)
}
const opts: Options = {
  quick,
  only,
  rounds: Math.max(quick ? 3 : 5, num(values.rounds, quick ? 3 : 5)),
  warmup: num(values.warmup, quick ? 1 : 3),
  duration: num(values.duration, quick ? 1 : 4),
  rateDuration: num(values['rate-duration'], quick ? 1 : 3),
  soak: num(values.soak, quick ? 8 : 60),
  soakWarmup: num(values['soak-warmup'], quick ? 2 : 30),
  scale: values.scale
    ? values.scale.split(',').map((s) => num(s, 1000))
    : quick
      ? [1000, 20_000]
      : [1000, 100_000, 1_000_000],
  lookups: num(values.lookups, quick ? 300 : 2000),
  benchTime: num(values['bench-time'], quick ? 300 : 1000),
  seed: num(values.seed, Date.now() % 1_000_000),
}

const ctx: Context = {
  opts,
  pin: pinSelf(),
  random: rng(opts.seed),
  rows: [],
  results: {},
  notes: [],
  log: (line) => console.error(line),
}

for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    killAll()
    process.exit(130)
  })
process.on('exit', killAll)

const started = Date.now()
const failures: string[] = []
for (const name of only) {
  const t0 = Date.now()
  ctx.log(`▶ ${name}`)
  try {
    await (SCENARIOS[name] as (ctx: Context) => Promise<void>)(ctx)
  } catch (error) {
    failures.push(name)
    ctx.notes.push(`${name}: FAILED — ${(error as Error).message.split('\n')[0]}`)
    ctx.log((error as Error).stack ?? String(error))
  }
  killAll()
  ctx.log(`  ${name} took ${((Date.now() - t0) / 1000).toFixed(0)} s`)
}

const machine = {
  date: new Date().toISOString(),
  nproc: cpus().length,
  cpu: cpus()[0]?.model ?? 'unknown',
  node: process.version,
  pinning: ctx.pin.note,
}
const table = renderTable(ctx.rows)
const notes = ctx.notes.map((n) => `- ${n}`).join('\n')
console.log(
  `\n## pnpm bench${quick ? ' --quick' : ''} — ${machine.date.slice(0, 10)}, ${machine.nproc} × ${machine.cpu}, Node ${machine.node}, ${machine.pinning}, ${opts.rounds} rounds, seed ${opts.seed}\n\n${table}\n${notes ? `\n${notes}\n` : ''}\nTotal ${((Date.now() - started) / 1000).toFixed(0)} s.`,
)
mkdirSync(OUT_DIR, { recursive: true })
writeFileSync(
  resolve(OUT_DIR, 'results.json'),
  `${JSON.stringify({ machine, options: opts, rows: ctx.rows, notes: ctx.notes, results: ctx.results }, null, 2)}\n`,
)
console.log(`Figures written to .bench/results.json`)
process.exit(failures.length ? 1 : 0)
