// Builds the Node bundle and runs `node dist/node.js` as a child process on a free port, with a
// clean environment: only the variables a test passes reach the server.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const EDGE_DIR = fileURLToPath(new URL('../..', import.meta.url))
const READY = /Joinlink ready on (http:\/\/\S+?) /

/** Runs scripts/build.ts (esbuild) with this Node; throws with its output when it fails. */
export function buildEdge(): void {
  try {
    execFileSync(process.execPath, ['scripts/build.ts'], { cwd: EDGE_DIR, stdio: 'pipe', timeout: 120_000 })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(`scripts/build.ts failed:\n${stdout ?? ''}${stderr ?? ''}`)
  }
}

/** The parent's environment minus anything that would configure the server behind the test's back. */
function cleanEnv(env: Record<string, string>): Record<string, string> {
  const base: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(JOINLINK_|PORT$|HOST$|NODE_OPTIONS$)/.test(name)) continue
    base[name] = value
  }
  return { ...base, HOST: '127.0.0.1', PORT: '0', ...env }
}

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

export interface NodeProcess {
  child: ChildProcess
  stdout: () => string
  stderr: () => string
  exited: Promise<Exit>
}

/** How to spawn it besides the environment. */
export interface SpawnOptions {
  /** A file-descriptor limit (soft and hard) set with the shell's `ulimit -n` before Node starts. */
  nofile?: number
}

/** Spawns `node dist/node.js` with `env` (PORT=0 unless given). */
export function spawnNode(env: Record<string, string>, options: SpawnOptions = {}): NodeProcess {
  const [file, args] =
    options.nofile === undefined
      ? [process.execPath, ['dist/node.js']]
      : ['/bin/sh', ['-c', `ulimit -n ${options.nofile} && exec "$0" dist/node.js`, process.execPath]]
  const child = spawn(file, args, {
    cwd: EDGE_DIR,
    env: cleanEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk
  })
  const exited = new Promise<Exit>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  )
  return { child, stdout: () => out, stderr: () => err, exited }
}

export interface NodeServer extends NodeProcess {
  url: string
  /** SIGTERM, then SIGKILL if it has not exited within 5 s. Safe to call twice. */
  stop: () => Promise<Exit>
}

/** Starts the server and waits for its ready line; fails with its output if it exits or stays silent. */
export async function startNodeServer(
  env: Record<string, string>,
  timeoutMs = 20_000,
  options: SpawnOptions = {},
): Promise<NodeServer> {
  const proc = spawnNode(env, options)
  const stop = async () => {
    if (proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGTERM')
      const timer = setTimeout(() => proc.child.kill('SIGKILL'), 5000)
      const exit = await proc.exited
      clearTimeout(timer)
      return exit
    }
    return proc.exited
  }
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`no ready line within ${timeoutMs} ms`)), timeoutMs)
    const check = () => {
      const match = READY.exec(proc.stdout())
      if (match) finish(undefined, match[1])
    }
    let settled = false
    const finish = (error?: Error, found?: string) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      proc.child.stdout?.off('data', check)
      if (found) return resolve(found)
      void stop()
      reject(new Error(`${error?.message}\nstdout: ${proc.stdout()}\nstderr: ${proc.stderr()}`))
    }
    proc.child.stdout?.on('data', check)
    proc.exited.then((exit) =>
      finish(new Error(`node dist/node.js exited before ready (${exit.code ?? exit.signal})`)),
    )
    check()
  })
  return { ...proc, url, stop }
}

/** Runs the server with `env` and expects it to stop by itself (bad configuration); bounded. */
export async function runUntilExit(
  env: Record<string, string>,
  timeoutMs = 15_000,
): Promise<Exit & { stdout: string; stderr: string }> {
  const proc = spawnNode(env)
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), timeoutMs)
  const exit = await proc.exited
  clearTimeout(timer)
  return { ...exit, stdout: proc.stdout(), stderr: proc.stderr() }
}
