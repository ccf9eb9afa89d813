// Child processes for tests and the bench: a free port, a process group started and stopped as a
// whole, and bounded waits for a ready line or /healthz. Every wait ends by itself.
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

/** Asks the OS for a free TCP port on 127.0.0.1 (free now; bind it soon). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number }
      probe.close(() => resolve(port))
    })
  })
}

/**
 * The parent's environment minus anything that would configure a Joinlink server behind a test's
 * back (`JOINLINK_*`, `PORT`, `HOST`, `NODE_OPTIONS`), then `env` on top.
 */
export function cleanEnv(env: Readonly<Record<string, string>> = {}): Record<string, string> {
  const base: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined || /^(JOINLINK_|PORT$|HOST$|NODE_OPTIONS$)/.test(name)) continue
    base[name] = value
  }
  return { ...base, ...env }
}

/** How a process ended. */
export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

/** A process started in a group of its own by {@link spawnGroup}. */
export interface Spawned {
  child: ChildProcess
  /** Everything it has printed so far. */
  stdout(): string
  stderr(): string
  alive(): boolean
  /**
   * Settles once the process has exited and what it printed has been read (its pipes closed), or
   * 1 s after the exit when something it started still holds them: `stdout()` and `stderr()` are
   * then complete. ('exit' alone can come before the last bytes are read from the pipes.)
   */
  exited: Promise<Exit>
  /** SIGTERM to the whole group, SIGKILL after `graceMs` (5 s); safe to call twice. */
  stop(graceMs?: number): Promise<Exit>
}

/**
 * Spawns `file args` detached, in a process group of its own, so {@link Spawned.stop} reaches
 * whatever it starts in turn (wrangler → workerd, pnpm → node) and nothing else.
 */
export function spawnGroup(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Spawned {
  const child = spawn(file, args, {
    cwd: options.cwd,
    env: options.env ?? cleanEnv(),
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let out = ''
  let err = ''
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk
  })
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk
  })
  const exited = new Promise<Exit>((resolve) => {
    child.once('exit', (code, signal) => {
      const settle = () => resolve({ code, signal })
      child.once('close', settle)
      setTimeout(settle, 1000).unref()
    })
    child.once('error', () => resolve({ code: -1, signal: null }))
  })
  const alive = () => child.exitCode === null && child.signalCode === null && child.pid !== undefined
  const signalGroup = (signal: NodeJS.Signals) => {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, signal)
    } catch {
      // The group is already gone.
    }
  }
  const stop = async (graceMs = 5000) => {
    if (alive()) {
      signalGroup('SIGTERM')
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs)
      await exited
      clearTimeout(timer)
    }
    // Children of the group that outlived its leader.
    signalGroup('SIGKILL')
    return exited
  }
  return { child, stdout: () => out, stderr: () => err, alive, exited, stop }
}

const tail = (text: string) => text.slice(-2000).trim() || '(no output)'

/** Why a process did not come up, with the end of what it printed. */
function notReady(name: string, problem: string, proc: Spawned): Error {
  return new Error(`${name} ${problem}:\n${tail(proc.stderr())}\n${tail(proc.stdout())}`)
}

/** The one line every Joinlink runtime prints when it listens; group 1 is its origin. */
export const READY_LINE = /Joinlink ready on (http:\/\/\S+?) /

/**
 * Waits until `proc` prints its ready line and resolves to the origin it names; stops the group
 * and fails with its output when it exits first or stays silent for `ms`.
 */
export async function waitForReadyLine(proc: Spawned, name: string, ms = 20_000): Promise<string> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    const match = READY_LINE.exec(proc.stdout())
    if (match?.[1]) return match[1]
    if (!proc.alive())
      throw notReady(
        name,
        `exited (${proc.child.exitCode ?? proc.child.signalCode}) before it was ready`,
        proc,
      )
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await proc.stop()
  throw notReady(name, `printed no ready line within ${ms / 1000} s`, proc)
}

/**
 * Polls `GET <url>/healthz` until it answers 200; stops the group and fails with its output when
 * the process exits first or `ms` pass.
 */
export async function waitForHealth(url: string, proc: Spawned, name: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms
  let last = 'no answer'
  while (Date.now() < deadline) {
    if (!proc.alive())
      throw notReady(
        name,
        `exited (${proc.child.exitCode ?? proc.child.signalCode}) before /healthz answered`,
        proc,
      )
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) })
      await res.arrayBuffer()
      if (res.ok) return
      last = `HTTP ${res.status}`
    } catch (error) {
      last = String((error as Error).cause ?? error)
    }
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
  await proc.stop()
  throw notReady(name, `did not answer /healthz within ${ms / 1000} s (${last})`, proc)
}
