// Scenario 6: 10³, 10⁵ and 10⁶ generated conferences, each imported once into the on-disk index
// (`pnpm data import`) and served from it (JOINLINK_DATA=<index>).
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort } from '@joinlink/test-kit/process'
import { LOOKUP_PATH } from '../compare.ts'
import { type Context, EDGE_DIR } from '../context.ts'
import { generatedConference, writeDataset } from '../generate.ts'
import { sequentialLatency, waitFor200 } from '../load.ts'
import { rssBytes } from '../proc.ts'
import { type Server, startServer } from '../servers.ts'
import { median, screeningNote, screenRounds, shuffle, summarize } from '../stats.ts'
import { fmt, fmtRatio, fmtSpread, verdict } from '../table.ts'
import { EDGE_ENV } from './edge.ts'

interface Loaded {
  n: number
  server: Server
  startupMs: number
  rss: number
  bytes: number
  importMs: number
  indexBytes: number
  bodies: string[]
}

/** `pnpm data import <file> --out <index>`, on the server core; resolves to its wall time in ms. */
function importIndex(file: string, out: string, cpu: number | undefined): Promise<number> {
  const script = resolve(EDGE_DIR, 'scripts/data.ts')
  const args = [process.execPath, script, 'import', file, '--out', out]
  const [command, ...argv] = cpu === undefined ? args : ['taskset', '-c', String(cpu), ...args]
  const t0 = performance.now()
  return new Promise((done, fail) =>
    execFile(command as string, argv, { timeout: 600_000 }, (error, stdout, stderr) =>
      error
        ? fail(new Error(`pnpm data import failed: ${stderr || stdout || error.message}`))
        : done(performance.now() - t0),
    ),
  )
}

export async function scaleScenario(ctx: Context): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'joinlink-bench-'))
  const loaded: Loaded[] = []
  const failed: number[] = []
  const s = '6 scale'
  try {
    for (const n of [...ctx.opts.scale].sort((a, b) => a - b)) {
      const file = join(dir, `conferences-${n}.ndjson`)
      const index = join(dir, `conferences-${n}.sqlite`)
      const bytes = await writeDataset(n, file)
      try {
        const importMs = await importIndex(file, index, ctx.pin.server)
        rmSync(file, { force: true })
        const indexBytes = statSync(index).size
        const port = await freePort()
        const t0 = performance.now()
        const server = await startServer(`edge-${n}`, [resolve(EDGE_DIR, 'dist/node.js')], {
          cpu: ctx.pin.server,
          cwd: EDGE_DIR,
          env: { ...EDGE_ENV, PORT: String(port), JOINLINK_DATA: index },
          timeoutMs: 240_000,
        })
        await waitFor200(`${server.url}/healthz`, 10_000)
        const startupMs = performance.now() - t0
        await new Promise((r) => setTimeout(r, 500))
        const rss = rssBytes(server.pid)
        // Each conference is on its template's host: look it up by its own link (host and code).
        const bodies = Array.from({ length: 256 }, () =>
          JSON.stringify({
            attendeeJoinUrl: generatedConference(Math.floor(ctx.random() * n)).attendeeJoinUrl,
          }),
        )
        loaded.push({ n, server, startupMs, rss, bytes, importMs, indexBytes, bodies })
        ctx.log(
          `  scale ${n}: ${(bytes / 1e6).toFixed(1)} MB NDJSON imported in ${(importMs / 1000).toFixed(1)} s (index ${(indexBytes / 1e6).toFixed(1)} MB), started in ${startupMs.toFixed(0)} ms, RSS ${(rss / 2 ** 20).toFixed(0)} MiB`,
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
      const big = l.n >= 1_000_000
      ctx.rows.push(
        {
          scenario: s,
          figure: `${fmt(l.n)} conferences: pnpm data import (once)`,
          value: `${fmt(l.importMs / 1000, 1)} s`,
          ratio: `index ${fmt(l.indexBytes / l.n)} B/record`,
          target: '',
          verdict: '',
        },
        {
          scenario: s,
          figure: `${fmt(l.n)} conferences: start-up to /healthz`,
          value: `${fmt(l.startupMs)} ms`,
          ratio: l === base ? 'baseline' : `${fmt(l.startupMs / base.startupMs, 1)}×`,
          target: big ? '≤ 5 s' : '',
          verdict: big ? verdict(l.startupMs / 1000, '<=', 5) : '',
        },
        {
          scenario: s,
          figure: `${fmt(l.n)} conferences: RSS after start-up`,
          value: `${fmt(l.rss / 2 ** 20)} MiB`,
          ratio: l === base ? 'baseline' : `${fmt(l.rss / base.rss, 2)}×`,
          target: big ? '≤ 400 MB' : '',
          verdict: big ? verdict(l.rss / 1e6, '<=', 400) : '',
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
      results[l.n] = {
        startupMs: l.startupMs,
        importMs: l.importMs,
        indexBytes: l.indexBytes,
        rss: l.rss,
        bytes: l.bytes,
        perRecord,
        latency,
        ratio,
      }
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
