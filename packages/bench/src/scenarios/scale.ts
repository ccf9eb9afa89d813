// Scenario 6: the embedded default with 10³, 10⁵ and 10⁶ generated conferences.
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { LOOKUP_PATH } from '../compare.ts'
import { type Context, EDGE_DIR } from '../context.ts'
import { codeFor, writeDataset } from '../generate.ts'
import { sequentialLatency, waitFor200 } from '../load.ts'
import { rssBytes } from '../proc.ts'
import { type Server, startServer } from '../servers.ts'
import { median, screeningNote, screenRounds, shuffle, summarize } from '../stats.ts'
import { fmt, fmtRatio, fmtSpread, verdict } from '../table.ts'
import { EDGE_ENV } from './edge.ts'

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      )
    })
  })
}

interface Loaded {
  n: number
  server: Server
  startupMs: number
  rss: number
  bytes: number
  bodies: string[]
}

export async function scaleScenario(ctx: Context): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'joinlink-bench-'))
  const loaded: Loaded[] = []
  const failed: number[] = []
  const s = '6 scale'
  try {
    for (const n of [...ctx.opts.scale].sort((a, b) => a - b)) {
      const file = join(dir, `conferences-${n}.ndjson`)
      const bytes = await writeDataset(n, file)
      const port = await freePort()
      const t0 = performance.now()
      try {
        const server = await startServer(`edge-${n}`, [resolve(EDGE_DIR, 'dist/node.js')], {
          cpu: ctx.pin.server,
          cwd: EDGE_DIR,
          env: { ...EDGE_ENV, PORT: String(port), JOINLINK_DATA: file },
          timeoutMs: 240_000,
        })
        await waitFor200(`${server.url}/healthz`, 10_000)
        const startupMs = performance.now() - t0
        await new Promise((r) => setTimeout(r, 500))
        const rss = rssBytes(server.pid)
        const bodies = Array.from({ length: 256 }, () => {
          const code = codeFor(Math.floor(ctx.random() * n))
          return JSON.stringify({ attendeeJoinUrl: `https://mtest.qsh1.cn/k/${code}` })
        })
        loaded.push({ n, server, startupMs, rss, bytes, bodies })
        ctx.log(
          `  scale ${n}: ${(bytes / 1e6).toFixed(1)} MB file, started in ${startupMs.toFixed(0)} ms, RSS ${(rss / 2 ** 20).toFixed(0)} MiB`,
        )
      } catch (error) {
        const why = (error as Error).message.split('\n').filter(Boolean).slice(0, 2).join(' — ')
        ctx.notes.push(
          `scale: ${fmt(n)} conferences (${(bytes / 1e6).toFixed(0)} MB of NDJSON) did not start: ${why}`,
        )
        failed.push(n)
      }
      rmSync(file, { force: true })
    }
    if (!loaded.length) throw new Error('no dataset size started')
    // Template hosts differ; any allowed host finds the code, so one host serves every lookup.
    for (const l of loaded)
      await sequentialLatency(l.server.url, LOOKUP_PATH, l.bodies, Math.min(200, ctx.opts.lookups))
    const rounds: Record<number, number>[] = []
    const errors: Record<number, number> = {}
    for (let i = 0; i < ctx.opts.rounds; i++) {
      const round: Record<number, number> = {}
      for (const l of shuffle(loaded, ctx.random)) {
        const r = await sequentialLatency(l.server.url, LOOKUP_PATH, l.bodies, ctx.opts.lookups)
        round[l.n] = median(r.latenciesUs)
        errors[l.n] = (errors[l.n] ?? 0) + r.errors
      }
      ctx.log(
        `  scale round ${i + 1}: ${loaded.map((l) => `${l.n} → ${(round[l.n] ?? 0).toFixed(0)} µs`).join(', ')}`,
      )
      rounds.push(round)
    }
    const base = loaded[0] as Loaded
    const screening = screenRounds(rounds, [(r) => r[base.n] as number])
    const note = screeningNote('scale', `${fmt(base.n)}-conference`, screening, rounds.length)
    if (note) ctx.notes.push(note)
    const kept = screening.kept
    const results: Record<string, unknown> = {}
    for (const l of loaded) {
      const latency = summarize(kept.map((r) => r[l.n] as number))
      const ratio = summarize(kept.map((r) => (r[l.n] as number) / (r[base.n] as number)))
      const perRecord = l === base ? Number.NaN : (l.rss - base.rss) / (l.n - base.n)
      ctx.rows.push(
        {
          scenario: s,
          figure: `${fmt(l.n)} conferences: start-up to /healthz`,
          value: `${fmt(l.startupMs)} ms`,
          ratio: l === base ? 'baseline' : `${fmt(l.startupMs / base.startupMs, 1)}×`,
          target: '',
          verdict: '',
        },
        {
          scenario: s,
          figure: `${fmt(l.n)} conferences: RSS${l === base ? '' : ' per extra record'}`,
          value:
            l === base
              ? `${fmt(l.rss / 2 ** 20)} MiB`
              : `${fmt(perRecord)} B/record (RSS ${fmt(l.rss / 2 ** 20)} MiB)`,
          ratio: l === base ? 'baseline' : `file ${fmt(l.bytes / l.n)} B/record`,
          target: '',
          verdict: '',
        },
        {
          scenario: s,
          figure: `${fmt(l.n)} conferences: lookup latency (1 conn, median)`,
          value: fmtSpread(latency, ' µs'),
          ratio: l === base ? 'baseline' : fmtRatio(ratio),
          target: l === base ? '' : '≤ 1.2×',
          verdict: l === base ? '' : verdict(ratio.median, '<=', 1.2),
        },
      )
      if (errors[l.n])
        ctx.notes.push(`scale: ${errors[l.n]} lookups in the ${fmt(l.n)} dataset did not answer 200.`)
      results[l.n] = { startupMs: l.startupMs, rss: l.rss, bytes: l.bytes, perRecord, latency, ratio }
    }
    for (const n of failed)
      ctx.rows.push({
        scenario: s,
        figure: `${fmt(n)} conferences: start-up`,
        value: 'did not start (see notes)',
        ratio: '',
        target: '≤ 1.2× latency',
        verdict: 'FAILED',
      })
    ctx.results.scale = { sizes: results, failed, rounds, kept: kept.length }
  } finally {
    await Promise.all(loaded.map((l) => l.server.stop()))
    rmSync(dir, { recursive: true, force: true })
  }
}
