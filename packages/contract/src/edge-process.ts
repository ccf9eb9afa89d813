// Starts the real edge app on a free port, waits for /healthz, and stops its whole process group.
import { type ChildProcess, spawn } from 'node:child_process'
import { createServer } from 'node:net'

/** A running edge app. */
export interface EdgeProcess {
  baseUrl: string
  /** Whether the process is still running. */
  alive(): boolean
  /** The last lines it printed. */
  output(): string
  stop(): Promise<void>
}

/** Asks the OS for a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve()
    const pid = child.pid
    const force = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {}
    }, 5_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    try {
      process.kill(-pid, 'SIGTERM')
    } catch {
      clearTimeout(force)
      resolve()
    }
  })
}

/**
 * Spawns `pnpm --filter @joinlink/edge start` detached (its own process group) with PORT, HOST and
 * `JOINLINK_RATE_LIMIT=0`, then polls `GET /healthz` until it answers 200 or `readyTimeoutMs` passes.
 */
export async function startEdge(
  root: string,
  env: NodeJS.ProcessEnv,
  readyTimeoutMs = 60_000,
): Promise<EdgeProcess> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const child = spawn('pnpm', ['--filter', '@joinlink/edge', 'start'], {
    cwd: root,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...env, PORT: String(port), HOST: '127.0.0.1', JOINLINK_RATE_LIMIT: '0' },
  })
  const lines: string[] = []
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n'))
    if (lines.length > 200) lines.splice(0, lines.length - 200)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  let spawnError: Error | undefined
  child.on('error', (e) => {
    spawnError = e
  })
  const edge: EdgeProcess = {
    baseUrl,
    alive: () => child.exitCode === null && child.signalCode === null && spawnError === undefined,
    output: () => lines.join('\n').trim(),
    stop: () => stopGroup(child),
  }
  const deadline = Date.now() + readyTimeoutMs
  while (Date.now() < deadline) {
    if (!edge.alive()) {
      throw new Error(
        `the edge app exited before it was ready (${spawnError?.message ?? `exit ${child.exitCode ?? child.signalCode}`})`,
      )
    }
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) })
      await res.arrayBuffer()
      if (res.status === 200) return edge
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  await edge.stop()
  throw new Error(`GET ${baseUrl}/healthz did not answer 200 within ${readyTimeoutMs / 1000} s`)
}
