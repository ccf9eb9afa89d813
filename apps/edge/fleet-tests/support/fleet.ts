// A fleet of edge instances for the tests: `node dist/node.js` (and `bun dist/bun.js`) on free
// ports of 127.0.0.1, each with its metrics listener, in process groups of their own; a lookup
// helper that names the client through X-Forwarded-For (the instances trust one proxy hop).
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { LOOKUP_PATH } from '@joinlink/test-kit/contract'
import { cleanEnv, type Spawned, spawnGroup, waitForReadyLine } from '@joinlink/test-kit/process'

export const EDGE_DIR = fileURLToPath(new URL('../..', import.meta.url))
const BUN = fileURLToPath(new URL('../../node_modules/.bin/bun', import.meta.url))

/** Builds dist/node.js and dist/bun.js; throws with esbuild's output when it fails. */
export function buildFleet(): void {
  try {
    execFileSync(process.execPath, ['scripts/build.ts', 'node', 'bun'], {
      cwd: EDGE_DIR,
      stdio: 'pipe',
      timeout: 120_000,
    })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(`scripts/build.ts node bun failed:\n${stdout ?? ''}${stderr ?? ''}`)
  }
}

/** One running instance. */
export interface Instance extends Spawned {
  name: string
  url: string
  metricsUrl: string
  /** Everything it printed, both streams. */
  output(): string
}

const METRICS_LINE = /Joinlink metrics on (http:\/\/\S+)/

/** Starts one instance of `runtime` with `env` and waits for its ready line. */
export async function startInstance(
  runtime: 'node' | 'bun',
  name: string,
  env: Record<string, string>,
): Promise<Instance> {
  const [file, args] = runtime === 'node' ? [process.execPath, ['dist/node.js']] : [BUN, ['dist/bun.js']]
  const proc = spawnGroup(file, args, {
    cwd: EDGE_DIR,
    env: cleanEnv({ HOST: '127.0.0.1', PORT: '0', JOINLINK_METRICS_PORT: '0', DO_NOT_TRACK: '1', ...env }),
  })
  const url = await waitForReadyLine(proc, name, 20_000)
  const metricsUrl = METRICS_LINE.exec(proc.stdout())?.[1]
  if (!metricsUrl) {
    await proc.stop()
    throw new Error(`${name} printed no metrics line:\n${proc.stdout()}`)
  }
  return Object.assign(proc, { name, url, metricsUrl, output: () => proc.stdout() + proc.stderr() })
}

/** One answer, read whole. */
export interface Answer {
  status: number
  retryAfter: string | null
  cache: string | null
  body: string
}

/** POSTs a lookup of `link` to `instance` as client `client` (the address X-Forwarded-For names). */
export async function lookup(instance: Instance, link: string, client: string): Promise<Answer> {
  const res = await fetch(instance.url + LOOKUP_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': client },
    body: JSON.stringify({ attendeeJoinUrl: link }),
    signal: AbortSignal.timeout(15_000),
  })
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    cache: res.headers.get('x-joinlink-cache'),
    body: await res.text(),
  }
}

/** The value of one sample of `instance`'s /metrics (0 when absent), e.g. `joinlink_redis_up`. */
export async function sample(
  instance: Instance,
  name: string,
  labels: Record<string, string> = {},
): Promise<number> {
  const text = await (await fetch(instance.metricsUrl, { signal: AbortSignal.timeout(5000) })).text()
  const want = Object.entries(labels).map(([k, v]) => `${k}="${v}"`)
  let total = 0
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue
    if (want.every((pair) => line.includes(pair))) total += Number(line.slice(line.lastIndexOf(' ') + 1))
  }
  return total
}

/** Runs `tasks` with at most `concurrency` at once, in order of start; resolves to their results in order. */
export async function pool<T>(
  count: number,
  concurrency: number,
  task: (i: number) => Promise<T>,
): Promise<T[]> {
  const results: T[] = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const i = next++
      results[i] = await task(i)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return results
}

/** Polls `check` every 100 ms until it holds or `ms` pass; resolves to whether it held. */
export async function eventually(check: () => Promise<boolean> | boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (await check()) return true
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  return check()
}
