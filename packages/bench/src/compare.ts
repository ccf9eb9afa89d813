// Runs servers side by side: warm-up, then shuffled rounds, the outlier rule, ratios to a baseline.
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import type { Context } from './context.ts'
import { SEED_BODY } from './context.ts'
import { closedLoop, cpuPerRequest, type Target } from './load.ts'
import { cpuSeconds } from './proc.ts'
import { type Server, startServer } from './servers.ts'
import { type Summary, screeningNote, screenRounds, shuffle, summarize } from './stats.ts'

export interface ServerSpec {
  name: string
  args: string[]
  env?: Record<string, string>
  cwd?: string
  /** The binary to run `args` with; default this Node. */
  command?: string
  /** How long it may take to print its ready line; default 30 s. */
  timeoutMs?: number
}

export interface Measure {
  rps: number
  cpuUs: number
  errors: number
  loadCpu: number
  /** The server's CPU seconds per second during the closed loop (1.0 = its whole core). */
  serverCpu: number
}

export type Round = Record<string, Measure>

export interface Comparison {
  rounds: Round[]
  kept: Round[]
  discarded: number[]
  rate: number
  rps: Record<string, Summary>
  cpuUs: Record<string, Summary>
  /** Ratio to the baseline, per round, of req/s and CPU per request. */
  rpsRatio: Record<string, Summary>
  cpuRatio: Record<string, Summary>
  errors: number
  maxLoadCpu: number
  /** Per server, the lowest `serverCpu` of any kept round: near 1.0 means the server was the bottleneck. */
  minServerCpu: Record<string, number>
}

export { LOOKUP_PATH }

/** Starts every spec, measures them round by round, stops them all whatever happens. */
export async function compareServers(
  ctx: Context,
  label: string,
  specs: ServerSpec[],
  baseline: string,
  options: { cpu: boolean; body?: string },
): Promise<Comparison> {
  const servers: Server[] = []
  try {
    for (const spec of specs) {
      servers.push(
        await startServer(spec.name, spec.args, {
          cpu: ctx.pin.server,
          ...(spec.env ? { env: spec.env } : {}),
          ...(spec.cwd ? { cwd: spec.cwd } : {}),
          ...(spec.command ? { command: spec.command } : {}),
          ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}),
        }),
      )
    }
    const target = (s: Server): Target => ({ url: s.url, path: LOOKUP_PATH, body: options.body ?? SEED_BODY })
    const warm: Record<string, number> = {}
    // Two warm-up passes: the first gets the JIT going, the second sizes the fixed rate.
    for (const s of servers) await closedLoop(target(s), ctx.opts.warmup)
    for (const s of servers) {
      const r = await closedLoop(target(s), ctx.opts.warmup)
      if (r.non2xx || r.errors)
        throw new Error(`${label}: ${s.name} answered ${r.non2xx} non-2xx, ${r.errors} errors in warm-up`)
      warm[s.name] = r.rps
      ctx.log(`  ${label} warm-up ${s.name}: ${Math.round(r.rps)} req/s`)
    }
    // CPU per request is read at a rate every server sustains: half of the slowest's warm-up.
    const rate = Math.max(100, Math.round((0.5 * Math.min(...Object.values(warm))) / 100) * 100)
    const rounds: Round[] = []
    for (let i = 0; i < ctx.opts.rounds; i++) {
      const round: Round = {}
      for (const s of shuffle(servers, ctx.random)) {
        const cpuBefore = cpuSeconds(s.pid)
        const closed = await closedLoop(target(s), ctx.opts.duration)
        const serverCpu = (cpuSeconds(s.pid) - cpuBefore) / ctx.opts.duration
        const fixed = options.cpu
          ? await cpuPerRequest(target(s), s.pid, rate, ctx.opts.rateDuration)
          : { cpuPerRequestUs: Number.NaN, errors: 0, non2xx: 0 }
        round[s.name] = {
          rps: closed.rps,
          cpuUs: fixed.cpuPerRequestUs,
          errors: closed.errors + closed.non2xx + fixed.errors + fixed.non2xx,
          loadCpu: closed.loadCpu,
          serverCpu,
        }
      }
      ctx.log(
        `  ${label} round ${i + 1}: ${Object.entries(round)
          .map(([n, m]) => `${n} ${Math.round(m.rps)} req/s${options.cpu ? ` ${m.cpuUs.toFixed(1)} µs` : ''}`)
          .join(', ')}`,
      )
      rounds.push(round)
    }
    return summarise(ctx, label, rounds, baseline, rate, options.cpu)
  } finally {
    await Promise.all(servers.map((s) => s.stop()))
  }
}

function summarise(
  ctx: Context,
  label: string,
  rounds: Round[],
  baseline: string,
  rate: number,
  cpu: boolean,
) {
  const base = (r: Round) => r[baseline] as Measure
  const screening = screenRounds(
    rounds,
    cpu ? [(r) => base(r).rps, (r) => base(r).cpuUs] : [(r) => base(r).rps],
  )
  const note = screeningNote(label, baseline, screening, rounds.length)
  if (note) ctx.notes.push(note)
  const kept = screening.kept
  const names = Object.keys(rounds[0] ?? {})
  const per = (f: (m: Measure) => number) =>
    Object.fromEntries(names.map((n) => [n, summarize(kept.map((r) => f(r[n] as Measure)))]))
  const ratio = (f: (m: Measure) => number) =>
    Object.fromEntries(names.map((n) => [n, summarize(kept.map((r) => f(r[n] as Measure) / f(base(r))))]))
  return {
    rounds,
    kept,
    discarded: screening.discarded,
    rate,
    rps: per((m) => m.rps),
    cpuUs: per((m) => m.cpuUs),
    rpsRatio: ratio((m) => m.rps),
    cpuRatio: ratio((m) => m.cpuUs),
    errors: rounds.reduce((sum, r) => sum + Object.values(r).reduce((s, m) => s + m.errors, 0), 0),
    maxLoadCpu: Math.max(...rounds.flatMap((r) => Object.values(r).map((m) => m.loadCpu))),
    minServerCpu: Object.fromEntries(
      names.map((n) => [n, Math.min(...kept.map((r) => (r[n] as Measure).serverCpu))]),
    ),
  }
}

/** A ratio of two per-round figures that are not the baseline's. */
export function crossRatio(c: Comparison, a: string, b: string, f: (m: Measure) => number): Summary {
  return summarize(c.kept.map((r) => f(r[a] as Measure) / f(r[b] as Measure)))
}

/** `record[key]`, or a thrown error naming the missing key. */
export function get<T>(record: Record<string, T>, key: string): T {
  const value = record[key]
  if (value === undefined) throw new Error(`no figure for ${key}`)
  return value
}
