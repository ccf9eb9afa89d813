// Scenario 8: the same app on Node, Bun, Deno and workerd (wrangler dev), side by side, each
// against the same floor on Node (src/baselines/lookup.ts). Informative: requests/s only, since
// wrangler dev runs workerd behind a proxy of its own, so one PID's CPU is not the Worker's.
import { execFileSync } from 'node:child_process'
import { resolve } from 'node:path'
import { compareServers, get, type ServerSpec } from '../compare.ts'
import { type Context, EDGE_DIR } from '../context.ts'
import { CLOSED_LOOP_GENERATOR } from '../load.ts'
import { fmtRatio, fmtSpread } from '../table.ts'
import { EDGE_ENV, FLOOR } from './edge.ts'

const bin = (name: string) => resolve(EDGE_DIR, 'node_modules/.bin', name)

/** Each runtime started the way `pnpm start:<runtime>` starts it (after scripts/build.ts). */
export const RUNTIME_SPECS: ServerSpec[] = [
  { name: 'node', args: [resolve(EDGE_DIR, 'dist/node.js')], env: EDGE_ENV, cwd: EDGE_DIR },
  { name: 'bun', command: bin('bun'), args: ['dist/bun.js'], env: EDGE_ENV, cwd: EDGE_DIR },
  {
    name: 'deno',
    command: bin('deno'),
    args: ['run', '--unstable-no-legacy-abort', '--allow-net', '--allow-env', '--allow-read', 'dist/deno.js'],
    env: { ...EDGE_ENV, DENO_NO_UPDATE_CHECK: '1' },
    cwd: EDGE_DIR,
  },
  {
    name: 'workerd',
    args: ['scripts/start-workers.ts'],
    // Without the rate limit: on workerd it is wrangler.jsonc's LIMITER binding (120 a minute, the
    // production setting), which no bench setting raises; the other runtimes count in memory.
    env: {
      ...EDGE_ENV,
      JOINLINK_RATE_LIMIT: '0',
      CLOUDFLARE_CF_FETCH_ENABLED: 'false',
      WRANGLER_SEND_METRICS: 'false',
    },
    cwd: EDGE_DIR,
    timeoutMs: 90_000,
  },
]

/** Why a runtime far below Node is, for the sentence the issue asks for. */
const WHY: Record<string, string> = {
  workerd:
    'wrangler dev puts a Node proxy (its dev server) in front of workerd, so every request crosses two processes and two HTTP hops on the one server core; deployed Workers have no such proxy.',
  deno: 'Deno serves through its own HTTP stack and runs the npm build of Hono in Node-compatibility mode; its per-request cost here is dominated by the Request/Response objects of that path.',
  bun: 'Bun runs the web-standard entry (Bun.serve); a large gap would point at its compatibility layer for node:fs in the log writer.',
}

export async function runtimesScenario(ctx: Context): Promise<void> {
  execFileSync(process.execPath, ['scripts/build.ts', 'bun', 'deno', 'worker-assets'], {
    cwd: EDGE_DIR,
    stdio: 'ignore',
  })
  const c = await compareServers(ctx, 'runtimes', [...RUNTIME_SPECS, FLOOR], 'floor', { cpu: false })
  const s = '8 runtimes'
  const node = get(c.rps, 'node').median
  for (const spec of [...RUNTIME_SPECS, FLOOR]) {
    const rps = get(c.rps, spec.name)
    ctx.rows.push({
      scenario: s,
      figure: `${spec.name === 'floor' ? 'floor (node:http, Node)' : `edge on ${spec.name}`}: req/s (32 conns, ${CLOSED_LOOP_GENERATOR})`,
      value: fmtSpread(rps, ''),
      ratio: spec.name === 'floor' ? 'baseline' : fmtRatio(get(c.rpsRatio, spec.name)),
      target: '',
      verdict:
        spec.name === 'floor' || spec.name === 'node' ? '' : `${(rps.median / node).toFixed(2)}× of Node`,
    })
    if (spec.name !== 'floor' && rps.median < 0.5 * node)
      ctx.notes.push(
        `runtimes: ${spec.name} is below 0.5× of Node: ${WHY[spec.name] ?? 'no reason recorded.'}`,
      )
  }
  if (c.errors) ctx.notes.push(`runtimes: ${c.errors} errors or non-2xx answers during the rounds.`)
  ctx.results.runtimes = c
}
