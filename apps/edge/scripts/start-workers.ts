// `pnpm start:workers`: runs the Worker in workerd with `wrangler dev --local` (no network), with
// the JOINLINK_* environment as its bindings, and prints the same ready line as the other runtimes
// once /healthz answers. Exits with wrangler's code; a start-up failure names the runtime.
// Usage: node scripts/start-workers.ts [wrangler dev options, e.g. --persist-to .wrangler/state]
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ConfigError, parseConfig } from '../src/config/config.ts'
import { readyLine } from '../src/entry/ready.ts'

const RUNTIME = 'workerd (wrangler dev)'
const STARTUP_TIMEOUT_MS = 60_000
const packageDir = fileURLToPath(new URL('..', import.meta.url))
const wranglerBin = fileURLToPath(new URL('../node_modules/wrangler/bin/wrangler.js', import.meta.url))

function fail(message: string): never {
  console.error(`${RUNTIME}: ${message}`)
  process.exit(1)
}

/** A free port when PORT=0, since wrangler must be told the one it listens on. */
function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** A dotenv line wrangler reads back verbatim: single quotes, and `$` escaped from dotenv-expand. */
function dotenvLine(name: string, value: string): string {
  if (/['\r\n]/.test(value)) fail(`${name} holds a quote or a line break, which cannot be passed to wrangler`)
  return `${name}='${value.replaceAll('$', '\\$')}'`
}

const config = await parseConfig(process.env).catch((error: unknown) => {
  if (error instanceof ConfigError) fail(error.message)
  throw error
})
if (config.dataFile) fail(`JOINLINK_DATA=${config.dataFile}: a Worker has no file system; unset it`)
if (config.upstream?.tokenFile !== undefined)
  fail(
    'JOINLINK_UPSTREAM_TOKEN_FILE: a Worker has no file system; set JOINLINK_UPSTREAM_TOKEN (wrangler secret put)',
  )
const port = config.port === 0 ? await freePort(config.host) : config.port
const origin = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`

// The bindings go through a private env file, so secrets stay out of argv and wrangler's table.
const dir = await mkdtemp(join(tmpdir(), 'joinlink-workers-'))
const envFile = join(dir, 'bindings.env')
const bindings = Object.entries(process.env).filter(([name, value]) => name.startsWith('JOINLINK_') && value)
await writeFile(
  envFile,
  `${bindings.map(([name, value]) => dotenvLine(name, value as string)).join('\n')}\n`,
  {
    mode: 0o600,
  },
)

// Extra arguments go to wrangler; local state (the Cache API) starts empty unless --persist-to says where.
const extra = process.argv.slice(2)
const state = extra.includes('--persist-to') ? [] : ['--persist-to', join(dir, 'state')]
const args = [
  'dev',
  '--local',
  '--ip',
  config.host,
  '--port',
  String(port),
  '--env-file',
  envFile,
  ...state,
  ...extra,
]
const child = spawn(process.execPath, [wranglerBin, ...args, '--show-interactive-dev-session=false'], {
  cwd: packageDir,
  env: { ...process.env, CLOUDFLARE_CF_FETCH_ENABLED: 'false', WRANGLER_SEND_METRICS: 'false' },
  stdio: ['ignore', 'pipe', 'pipe'],
})
let tail = ''
const keep = (chunk: Buffer) => {
  tail = (tail + chunk.toString()).slice(-4000)
}
child.stdout.on('data', (chunk: Buffer) => {
  keep(chunk)
  process.stdout.write(chunk)
})
child.stderr.on('data', (chunk: Buffer) => {
  keep(chunk)
  process.stderr.write(chunk)
})
let exited = false
child.once('exit', (code, signal) => {
  exited = true
  void rm(dir, { recursive: true, force: true }).finally(() => process.exit(code ?? (signal ? 1 : 0)))
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal))

const deadline = Date.now() + STARTUP_TIMEOUT_MS
let last = 'no answer'
let ready = false
while (!exited && Date.now() < deadline) {
  try {
    const res = await fetch(`${origin}/healthz`, { signal: AbortSignal.timeout(2000) })
    ready = res.ok
    if (ready) break
    last = `HTTP ${res.status}: ${(await res.text()).slice(0, 300)}`
    // 500 is the Worker's own start-up failure (bad bindings): waiting will not mend it.
    if (res.status === 500) break
  } catch (error) {
    last = String((error as Error).cause ?? error)
  }
  await new Promise((resolve) => setTimeout(resolve, 250))
}
if (ready) console.log(readyLine('workerd', origin, config))
else if (exited) fail(`wrangler exited before /healthz answered\n${tail}`)
else if (last.startsWith('HTTP 500')) stop(`the Worker failed to start (${last})\n${tail}`)
else stop(`did not answer ${origin}/healthz within ${STARTUP_TIMEOUT_MS / 1000} s (${last})\n${tail}`)

/** Fails after wrangler started: stop it first, so no workerd outlives this script. */
function stop(message: string): void {
  console.error(`${RUNTIME}: ${message}`)
  child.removeAllListeners('exit')
  child.once('exit', () => void rm(dir, { recursive: true, force: true }).finally(() => process.exit(1)))
  child.kill('SIGTERM')
  setTimeout(() => child.kill('SIGKILL'), 5000).unref()
}
