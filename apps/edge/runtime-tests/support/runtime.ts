// Starts one runtime for real on 127.0.0.1 (its own process group), waits for /healthz, runs the
// shared HTTP contract suite against it, and kills the group it started. Every wait is bounded and
// every failure names the runtime.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll } from 'vitest'
import { httpContractSuite, SUITE_ENV } from '../../test/contract/suite.ts'

export const EDGE_DIR = fileURLToPath(new URL('../..', import.meta.url))
const bin = (name: string) => fileURLToPath(new URL(`../../node_modules/.bin/${name}`, import.meta.url))

/** How to start one runtime; `command` gets the port it must listen on. */
export interface Runtime {
  /** Names the runtime in test titles and failures, e.g. "workerd (wrangler dev)". */
  name: string
  /** Targets of scripts/build.ts this runtime needs first. */
  build: readonly string[]
  command: (port: number, extra: readonly string[]) => { file: string; args: string[] }
  /** How long start-up may take before the file fails. */
  startupMs: number
  /** `json` where the runtime lets the entry shape a refusal of ambiguous framing (see the suite). */
  ambiguousFraming: 'json' | 'json-or-bare-400'
}

const node = process.execPath
/**
 * The runtimes besides Node, started the way `pnpm start:<runtime>` starts them. Node runs the same
 * suite in test/node-server.test.ts, which also reads its log.
 */
export const RUNTIMES = {
  workerd: {
    name: 'workerd (wrangler dev)',
    build: ['worker-assets'],
    command: (_port, extra) => ({ file: node, args: ['scripts/start-workers.ts', ...extra] }),
    startupMs: 60_000,
    // wrangler dev's local proxy reads the chunked framing, so the app answers.
    ambiguousFraming: 'json',
  },
  bun: {
    name: 'bun (dist/bun.js)',
    build: ['bun'],
    command: () => ({ file: bin('bun'), args: ['dist/bun.js'] }),
    startupMs: 20_000,
    // Bun's parser refuses it with a bare 400 before the app runs.
    ambiguousFraming: 'json-or-bare-400',
  },
  deno: {
    name: 'deno (dist/deno.js)',
    build: ['deno'],
    command: () => ({
      file: bin('deno'),
      args: [
        'run',
        '--unstable-no-legacy-abort',
        '--allow-net',
        '--allow-env',
        '--allow-read',
        'dist/deno.js',
      ],
    }),
    startupMs: 30_000,
    // Deno's parser refuses it with a bare 400 before the app runs.
    ambiguousFraming: 'json-or-bare-400',
  },
} as const satisfies Record<string, Runtime>

/** Past this, the file's runtime is killed so a hang fails the run instead of stalling it. */
const FILE_BUDGET_MS = 4 * 60_000

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/** The parent's environment minus anything that would configure the server behind the suite's back. */
function runtimeEnv(port: number): Record<string, string> {
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(JOINLINK_|PORT$|HOST$|NODE_OPTIONS$)/.test(name)) continue
    env[name] = value
  }
  return {
    ...env,
    // Offline: no update checks, no telemetry, no Cloudflare metadata fetch.
    DENO_NO_UPDATE_CHECK: '1',
    DO_NOT_TRACK: '1',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_SEND_METRICS: 'false',
    ...SUITE_ENV,
    HOST: '127.0.0.1',
    PORT: String(port),
  }
}

function build(runtime: Runtime): void {
  try {
    execFileSync(node, ['scripts/build.ts', ...runtime.build], {
      cwd: EDGE_DIR,
      stdio: 'pipe',
      timeout: 120_000,
    })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(
      `${runtime.name}: scripts/build.ts ${runtime.build.join(' ')} failed:\n${stdout}${stderr}`,
    )
  }
}

const tail = (text: string) => text.slice(-2000).trim() || '(no output)'

/** Polls /healthz until it answers 200, the process exits, or `ms` pass. */
async function waitForHealth(url: string, child: ChildProcess, ms: number): Promise<string | undefined> {
  const deadline = Date.now() + ms
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      return `exited (${child.exitCode ?? child.signalCode}) before /healthz answered`
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })
      if (res.ok) return undefined
      last = `HTTP ${res.status}`
    } catch (error) {
      last = String((error as Error).cause ?? error)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  return `did not answer /healthz within ${ms / 1000} s (${last})`
}

/** Kills the whole group the runtime started (wrangler → workerd), SIGTERM then SIGKILL. */
async function killGroup(child: ChildProcess): Promise<void> {
  const pid = child.pid
  if (pid === undefined) return
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      process.kill(-pid, signal)
    } catch {
      // The group is already gone.
    }
  }
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve))
    signalGroup('SIGTERM')
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))])
  }
  signalGroup('SIGKILL')
}

/** A runtime started by {@link startRuntime}. */
export interface Started {
  url: string
  stdout: () => string
  stderr: () => string
  /** Kills the process group; safe to call twice. */
  stop: () => Promise<void>
}

/**
 * Builds and starts `runtime` on a free port of 127.0.0.1 with `SUITE_ENV` and `env`, and waits
 * for /healthz; fails naming the runtime, with its output, when it does not come up.
 */
export async function startRuntime(
  runtime: Runtime,
  env: Record<string, string> = {},
  extraArgs: readonly string[] = [],
): Promise<Started> {
  build(runtime)
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const { file, args } = runtime.command(port, extraArgs)
  const child = spawn(file, args, {
    cwd: EDGE_DIR,
    env: { ...runtimeEnv(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk
  })
  const watchdog = setTimeout(() => void killGroup(child), FILE_BUDGET_MS)
  watchdog.unref()
  const stop = async () => {
    clearTimeout(watchdog)
    await killGroup(child)
  }
  const problem = await waitForHealth(url, child, runtime.startupMs)
  if (problem) {
    await stop()
    throw new Error(`${runtime.name} ${problem}:\n${tail(stderr)}\n${tail(stdout)}`)
  }
  return { url, stdout: () => stdout, stderr: () => stderr, stop }
}

/** The `beforeAll` timeout for {@link startRuntime}: the build, then the start-up bound. */
export const startTimeout = (runtime: Runtime) => runtime.startupMs + 130_000

/** Registers the hooks that start `runtime`, and the contract suite against it. */
export function runtimeContract(runtime: Runtime): void {
  let started: Started | undefined
  beforeAll(async () => {
    started = await startRuntime(runtime)
  }, startTimeout(runtime))
  afterAll(() => started?.stop(), 15_000)
  httpContractSuite({
    name: runtime.name,
    baseUrl: () => started?.url ?? 'http://127.0.0.1:9',
    logs: () => started?.stdout() ?? '',
    ambiguousFraming: runtime.ambiguousFraming,
  })
}
