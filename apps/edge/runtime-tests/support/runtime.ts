// Starts one runtime for real on 127.0.0.1 (its own process group), waits for /healthz, runs the
// shared HTTP contract suite against it, and kills the group it started. Every wait is bounded and
// every failure names the runtime.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { httpContractSuite, SUITE_ENV } from '@joinlink/test-kit/contract'
import { cleanEnv, freePort, spawnGroup, waitForHealth } from '@joinlink/test-kit/process'
import { afterAll, beforeAll, inject } from 'vitest'

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

/** The parent's environment minus anything that would configure the server behind the suite's back. */
function runtimeEnv(port: number): Record<string, string> {
  return cleanEnv({
    // Offline: no update checks, no telemetry, no Cloudflare metadata fetch.
    DENO_NO_UPDATE_CHECK: '1',
    DO_NOT_TRACK: '1',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    WRANGLER_SEND_METRICS: 'false',
    // No banner, so no update check (which caches npm's answer in the temp directory).
    WRANGLER_HIDE_BANNER: 'true',
    ...SUITE_ENV,
    HOST: '127.0.0.1',
    PORT: String(port),
  })
}

/** Builds what `runtime` needs, unless this run's global setup built everything (test/support/build.ts). */
function build(runtime: Runtime): void {
  if (inject('edgeBuilt')) return
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
  const proc = spawnGroup(file, args, { cwd: EDGE_DIR, env: { ...runtimeEnv(port), ...env } })
  const watchdog = setTimeout(() => void proc.stop(), FILE_BUDGET_MS)
  watchdog.unref()
  const stop = async () => {
    clearTimeout(watchdog)
    await proc.stop()
  }
  try {
    await waitForHealth(url, proc, runtime.name, runtime.startupMs)
  } catch (error) {
    clearTimeout(watchdog)
    throw error
  }
  return { url, stdout: proc.stdout, stderr: proc.stderr, stop }
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
