// Scenario "pages": a download loop from one address must not starve another address's lookups.
// 16 clients on 127.0.0.1 fetch Scalar's 4.6 MiB script (uncompressed, the costliest form) in a
// loop while one client on 127.0.0.2 looks up the seed link one request after another; its p50
// and p99 are compared with the same edge idle. Two edges: the defaults (the page limit, 60 GETs a
// minute per address, refuses most downloads with 429) and the page limit off (every download
// served, from bytes prepared once).
import http from 'node:http'
import { resolve } from 'node:path'
import { Worker } from 'node:worker_threads'
import { LOOKUP_PATH } from '../compare.ts'
import { type Context, EDGE_DIR, SEED_BODY } from '../context.ts'
import { type Server, startServer } from '../servers.ts'
import { median, percentile } from '../stats.ts'
import { fmt } from '../table.ts'

/** The edge's defaults, but lookups unlimited for the measuring client (the limit is not the subject). */
const PAGES_ENV = { JOINLINK_RATE_LIMIT: '1000000', JOINLINK_LOG: 'true' }
const SCRIPT_PATH = '/docs/scalar-1.76.0.js'
const DOWNLOADERS = 16

/** Sequential lookups from 127.0.0.2 on one keep-alive connection for `ms`; latencies in ms. */
async function lookups(server: Server, ms: number): Promise<{ latencies: number[]; errors: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1, localAddress: '127.0.0.2' })
  const latencies: number[] = []
  let errors = 0
  const deadline = performance.now() + ms
  try {
    while (performance.now() < deadline) {
      const started = performance.now()
      const status = await new Promise<number>((done) => {
        const request = http.request(
          `${server.url}${LOOKUP_PATH}`,
          {
            method: 'POST',
            agent,
            headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(SEED_BODY) },
            timeout: 30_000,
          },
          (response) => {
            response.resume()
            response.on('end', () => done(response.statusCode ?? 0))
            response.on('error', () => done(0))
          },
        )
        request.on('timeout', () => request.destroy(new Error('timeout')))
        request.on('error', () => done(0))
        request.end(SEED_BODY)
      })
      latencies.push(performance.now() - started)
      if (status !== 200) errors++
    }
  } finally {
    agent.destroy()
  }
  return { latencies, errors }
}

/**
 * The download loops, in a worker thread of their own: on the measuring client's event loop they
 * would delay its lookups themselves (reading ~70 MB/s), which is not what is measured.
 */
const DOWNLOADER = `
const http = require('node:http')
const { parentPort, workerData } = require('node:worker_threads')
const agent = new http.Agent({ keepAlive: true, maxSockets: workerData.loops, localAddress: '127.0.0.1' })
const statuses = {}
let running = true
const once = () => new Promise((done) => {
  const request = http.get(workerData.url, { agent, headers: { 'accept-encoding': 'identity' }, timeout: 60000 }, (response) => {
    const status = response.statusCode
    response.resume()
    response.on('end', () => { statuses[status] = (statuses[status] || 0) + 1; done() })
    response.on('error', () => done())
  })
  request.on('timeout', () => request.destroy(new Error('timeout')))
  request.on('error', () => done())
})
const loops = Array.from({ length: workerData.loops }, async () => { while (running) await once() })
parentPort.once('message', async () => {
  running = false
  await Promise.all(loops)
  agent.destroy()
  parentPort.postMessage(statuses)
})
`

/** 16 download loops from 127.0.0.1 until `stop` says so; counts answers by status. */
function downloadLoops(server: Server): { stop: () => Promise<Record<number, number>> } {
  const worker = new Worker(DOWNLOADER, {
    eval: true,
    workerData: { url: `${server.url}${SCRIPT_PATH}`, loops: DOWNLOADERS },
  })
  return {
    stop: async () => {
      const statuses = new Promise<Record<number, number>>((done) => worker.once('message', done))
      worker.postMessage('stop')
      const result = await statuses
      await worker.terminate()
      return result
    },
  }
}

export async function pagesScenario(ctx: Context): Promise<void> {
  const phaseMs = ctx.opts.quick ? 3000 : 8000
  const rounds = ctx.opts.quick ? 1 : 3
  const s = 'pages: 16 downloaders vs lookups'
  const variants = [
    { name: 'defaults (page limit 60/min)', env: PAGES_ENV },
    { name: 'page limit off', env: { ...PAGES_ENV, JOINLINK_PAGE_RATE_LIMIT: '0' } },
  ]
  const results: Record<string, unknown> = {}
  for (const variant of variants) {
    const server = await startServer(variant.name, [resolve(EDGE_DIR, 'dist/node.js')], {
      cpu: ctx.pin.server,
      env: variant.env,
      cwd: EDGE_DIR,
    })
    try {
      // Warm-up: both paths, so neither phase pays for a first run.
      await lookups(server, 1000)
      const warm = downloadLoops(server)
      await new Promise((r) => setTimeout(r, 500))
      await warm.stop()
      const idle: { p50: number; p99: number }[] = []
      const loaded: { p50: number; p99: number }[] = []
      const downloads: Record<number, number>[] = []
      let errors = 0
      for (let round = 0; round < rounds; round++) {
        const quiet = await lookups(server, phaseMs)
        idle.push({ p50: percentile(quiet.latencies, 50), p99: percentile(quiet.latencies, 99) })
        const loops = downloadLoops(server)
        const busy = await lookups(server, phaseMs)
        downloads.push(await loops.stop())
        loaded.push({ p50: percentile(busy.latencies, 50), p99: percentile(busy.latencies, 99) })
        errors += quiet.errors + busy.errors
      }
      const p50Idle = median(idle.map((r) => r.p50))
      const p99Idle = median(idle.map((r) => r.p99))
      const p50Loaded = median(loaded.map((r) => r.p50))
      const p99Loaded = median(loaded.map((r) => r.p99))
      const served = downloads.reduce((sum, d) => sum + (d[200] ?? 0), 0) / rounds
      const refused = downloads.reduce((sum, d) => sum + (d[429] ?? 0), 0) / rounds
      ctx.rows.push(
        {
          scenario: s,
          figure: `${variant.name}: other address's lookup p50, idle → loaded`,
          value: `${fmt(p50Idle, 2)} → ${fmt(p50Loaded, 2)} ms`,
          ratio: `${(p50Loaded / p50Idle).toFixed(2)}×`,
          target: '',
          verdict: '',
        },
        {
          scenario: s,
          figure: `${variant.name}: other address's lookup p99, idle → loaded`,
          value: `${fmt(p99Idle, 2)} → ${fmt(p99Loaded, 2)} ms`,
          ratio: `${(p99Loaded / p99Idle).toFixed(2)}×`,
          target: '',
          verdict: '',
        },
      )
      ctx.notes.push(
        `pages (${variant.name}): per ${phaseMs / 1000} s loaded phase, ${fmt(served)} downloads of the 4.6 MiB script served, ${fmt(refused)} refused 429; ${errors} lookup errors.`,
      )
      results[variant.name] = { idle, loaded, downloads }
    } finally {
      await server.stop()
    }
  }
  ctx.results.pages = results
}
