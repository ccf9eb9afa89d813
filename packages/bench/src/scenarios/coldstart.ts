// Scenario 9: cold start. The Node entry's time from spawn to its first lookup answer, beside a bare
// node:http server's; and the Worker's script start-up as workerd profiles it
// (`wrangler check startup`), beside a one-line Worker's.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { freePort, spawnGroup } from '@joinlink/test-kit/process'
import { LOOKUP_PATH } from '../compare.ts'
import { type Context, EDGE_DIR, SEED_BODY } from '../context.ts'
import { post } from '../load.ts'
import { shuffle, summarize } from '../stats.ts'
import { fmtRatio, fmtSpread } from '../table.ts'
import { EDGE_ENV } from './edge.ts'

/** The smallest Node server that answers: Node's own start-up, the baseline. */
const HELLO_NODE = `require('node:http').createServer((q, s) => { q.resume(); q.on('end', () => s.end('{}')) }).listen(+process.env.PORT, '127.0.0.1')`

/** Spawns a server on `port` and POSTs the seed lookup every 2 ms until it answers 200; ms from spawn. */
async function timeToFirstAnswer(args: string[], port: number, cpu: number | undefined): Promise<number> {
  const command = cpu === undefined ? process.execPath : 'taskset'
  const argv = cpu === undefined ? args : ['-c', String(cpu), process.execPath, ...args]
  const t0 = performance.now()
  // A process group of its own (test-kit), stopped as a whole whatever happens.
  const proc = spawnGroup(command, argv, {
    cwd: EDGE_DIR,
    env: { ...process.env, ...EDGE_ENV, PORT: String(port), HOST: '127.0.0.1' } as Record<string, string>,
  })
  try {
    const deadline = t0 + 30_000
    while (performance.now() < deadline) {
      const status = await post(undefined, `http://127.0.0.1:${port}${LOOKUP_PATH}`, SEED_BODY).catch(() => 0)
      if (status === 200) return performance.now() - t0
      if (!proc.alive()) throw new Error(`exited with ${proc.child.exitCode} before answering`)
      await new Promise((r) => setTimeout(r, 2))
    }
    throw new Error('no answer within 30 s')
  } finally {
    await proc.stop(0)
  }
}

/** `wrangler check startup` for the wrangler config in `cwd`: the start-up profile's active CPU ms. */
function workerStartupMs(cwd: string, config?: string): Promise<number> {
  const out = join(mkdtempSync(join(tmpdir(), 'joinlink-startup-')), 'startup.cpuprofile')
  const wrangler = resolve(EDGE_DIR, 'node_modules/wrangler/bin/wrangler.js')
  const args = [wrangler, 'check', 'startup', '--outfile', out, ...(config ? ['--config', config] : [])]
  return new Promise((done, fail) =>
    execFile(
      process.execPath,
      args,
      {
        cwd,
        timeout: 120_000,
        env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
      },
      (error, stdout, stderr) => {
        try {
          if (error) throw new Error(`wrangler check startup failed: ${stderr || stdout || error.message}`)
          const profile = JSON.parse(readFileSync(out, 'utf8')) as {
            nodes: { id: number; callFrame: { functionName: string } }[]
            samples: number[]
            timeDeltas: number[]
          }
          const idle = new Set(
            profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id),
          )
          let activeUs = 0
          profile.samples.forEach((id, i) => {
            if (!idle.has(id)) activeUs += profile.timeDeltas[i] ?? 0
          })
          done(activeUs / 1000)
        } catch (failure) {
          fail(failure)
        } finally {
          rmSync(resolve(out, '..'), { recursive: true, force: true })
        }
      },
    ),
  )
}

export async function coldStartScenario(ctx: Context): Promise<void> {
  const s = '9 cold start'
  const helloDir = mkdtempSync(join(tmpdir(), 'joinlink-hello-worker-'))
  writeFileSync(join(helloDir, 'index.js'), 'export default { fetch: () => new Response("{}") }\n')
  writeFileSync(
    join(helloDir, 'wrangler.jsonc'),
    JSON.stringify({ name: 'hello', main: 'index.js', compatibility_date: '2026-11-01' }),
  )
  const node: Record<string, number[]> = { edge: [], hello: [] }
  const worker: Record<string, number[]> = { edge: [], hello: [] }
  // Each wrangler check takes ~10 s: three rounds keep the full run under its 15 minutes.
  const rounds = ctx.opts.quick ? 2 : Math.min(3, ctx.opts.rounds)
  try {
    for (let i = 0; i < rounds; i++) {
      for (const name of shuffle(['edge', 'hello'], ctx.random)) {
        const port = await freePort()
        const args = name === 'edge' ? [resolve(EDGE_DIR, 'dist/node.js')] : ['-e', HELLO_NODE]
        node[name]?.push(await timeToFirstAnswer(args, port, ctx.pin.server))
      }
      for (const name of shuffle(['edge', 'hello'], ctx.random))
        worker[name]?.push(await (name === 'edge' ? workerStartupMs(EDGE_DIR) : workerStartupMs(helloDir)))
      ctx.log(
        `  cold start round ${i + 1}: node ${node.edge?.at(-1)?.toFixed(0)} ms (hello ${node.hello?.at(-1)?.toFixed(0)}), worker script ${worker.edge?.at(-1)?.toFixed(1)} ms (hello ${worker.hello?.at(-1)?.toFixed(1)})`,
      )
    }
  } finally {
    rmSync(helloDir, { recursive: true, force: true })
  }
  const ratio = (m: Record<string, number[]>) =>
    summarize((m.edge ?? []).map((v, i) => v / ((m.hello ?? [])[i] ?? Number.NaN)))
  const row = (figure: string, values: number[], r: string, digits = 0) => ({
    scenario: s,
    figure,
    value: fmtSpread(summarize(values), ' ms', digits),
    ratio: r,
    target: '',
    verdict: '',
  })
  ctx.rows.push(
    row('bare node:http server: spawn to first answer', node.hello ?? [], 'baseline'),
    row('edge on Node (dist/node.js): spawn to first lookup answer', node.edge ?? [], fmtRatio(ratio(node))),
    row('one-line Worker: script start-up CPU (wrangler check startup)', worker.hello ?? [], 'baseline', 1),
    row(
      'edge Worker: script start-up CPU (wrangler check startup)',
      worker.edge ?? [],
      fmtRatio(ratio(worker)),
      1,
    ),
  )
  ctx.results.coldStart = { node, worker }
}
