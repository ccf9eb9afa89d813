// Starts servers pinned to the server core, waits for their ready line, and kills them by PID.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { availableParallelism } from 'node:os'

/** Which core the server runs on and which the load generator uses; undefined when not pinned. */
export interface Pinning {
  server: number | undefined
  load: number | undefined
  note: string
}

/** With ≥ 2 cores and `taskset` present: server on cpu 1, this process (the load) on cpu 0. */
export function pinSelf(): Pinning {
  if (availableParallelism() < 2) return { server: undefined, load: undefined, note: 'not pinned: 1 core' }
  try {
    execFileSync('taskset', ['-a', '-pc', '0', String(process.pid)], { stdio: 'ignore' })
    return { server: 1, load: 0, note: 'server on cpu 1, load generator on cpu 0 (taskset)' }
  } catch {
    return { server: undefined, load: undefined, note: 'not pinned: taskset failed' }
  }
}

export interface Server {
  name: string
  pid: number
  port: number
  url: string
  /** What it printed (the first 100,000 characters of stdout, then of stderr), for errors and its log. */
  output: () => string
  stop: () => Promise<void>
}

const READY = /ready on http:\/\/127\.0\.0\.1:(\d+)/
const live = new Set<ChildProcess>()

/** Kills every server still running (SIGKILL by PID); for exit and failure paths. */
export function killAll(): void {
  for (const child of live)
    if (child.pid && child.exitCode === null && child.signalCode === null) killGroup(child.pid, 'SIGKILL')
  live.clear()
}

/**
 * Spawns `node <args>` (or `options.command <args>`) on the server core with `env` (PORT=0,
 * HOST=127.0.0.1 added), and resolves
 * once it prints `ready on http://127.0.0.1:<port>`; rejects with its output when it exits first
 * or `timeoutMs` passes.
 */
export function startServer(
  name: string,
  args: readonly string[],
  options: {
    env?: Record<string, string>
    cpu: number | undefined
    timeoutMs?: number
    cwd?: string
    command?: string
  },
): Promise<Server> {
  const binary = options.command ?? process.execPath
  const command = options.cpu === undefined ? binary : 'taskset'
  const argv = options.cpu === undefined ? [...args] : ['-c', String(options.cpu), binary, ...args]
  // Its own process group, so stopping it also stops what it started (wrangler → workerd).
  const child = spawn(command, argv, {
    detached: true,
    cwd: options.cwd,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  live.add(child)
  let output = ''
  // stderr apart: a chatty log on stdout must not push a probe's answer (soak) out of the cap.
  let errors = ''
  const timeoutMs = options.timeoutMs ?? 30_000
  return new Promise<Server>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer)
      if (child.exitCode === null && child.signalCode === null && child.pid) killGroup(child.pid, 'SIGKILL')
      live.delete(child)
      reject(new Error(`${name}: ${why}\n${`${output}${errors}`.slice(-2000)}`))
    }
    const timer = setTimeout(() => fail(`no ready line within ${timeoutMs} ms`), timeoutMs)
    let ready = false
    // Keeps reading after the ready line (a chatty server never blocks on a full pipe), and keeps
    // the first 100,000 characters for `output()`.
    const onData = (chunk: Buffer) => {
      if (output.length < 100_000) output += chunk.toString()
      const match = ready ? null : READY.exec(output)
      if (!match || !child.pid) return
      ready = true
      clearTimeout(timer)
      const port = Number(match[1])
      const pid = child.pid
      resolve({
        name,
        pid,
        port,
        url: `http://127.0.0.1:${port}`,
        output: () => output + errors,
        stop: () => stopChild(child),
      })
    }
    child.stdout?.on('data', onData)
    child.stderr?.on('data', (chunk: Buffer) => {
      if (errors.length < 100_000) errors += chunk.toString()
    })
    child.on('exit', (code, signal) => fail(`exited (${signal ?? code}) before it was ready`))
    child.on('error', (error) => fail(error.message))
  })
}

function stopChild(child: ChildProcess): Promise<void> {
  live.delete(child)
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return Promise.resolve()
  return new Promise((resolve) => {
    const pid = child.pid as number
    const hard = setTimeout(() => killGroup(pid, 'SIGKILL'), 3000)
    child.once('exit', () => {
      clearTimeout(hard)
      // Whatever it started and left behind goes with it.
      killGroup(pid, 'SIGKILL')
      resolve()
    })
    killGroup(pid, 'SIGTERM')
  })
}

/** Signals the process group a server leads (it was spawned detached); gone already is fine. */
function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}
