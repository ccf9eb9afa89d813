// A real redis-server (Debian's package: it must be on PATH) on a free port of 127.0.0.1, with no
// persistence, started in a process group of its own and stopped by its PID; restartable on the
// same port, for the outage tests.
import { execFileSync } from 'node:child_process'
import { connect } from 'node:net'
import { freePort, type Spawned, spawnGroup } from './process.ts'

/** A redis-server this test started. */
export interface RedisServer {
  port: number
  url: string
  /** SIGKILL: the store vanishes mid-load, as a crash would. */
  kill(): Promise<void>
  /** Starts it again on the same port (empty: nothing was persisted). */
  restart(): Promise<void>
  stop(): Promise<void>
}

/** Fails with what to do when redis-server is not installed. */
export function redisServerPath(): string {
  try {
    return execFileSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' }).trim()
  } catch {
    throw new Error(
      'redis-server is not on PATH: pnpm test:fleet needs it (Debian: apt-get install -y redis-server; Valkey works too)',
    )
  }
}

/** Resolves once the port answers PING with PONG, or fails after `ms`. */
async function waitForPong(port: number, proc: Spawned, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (!proc.alive())
      throw new Error(`redis-server exited before it answered:\n${proc.stdout()}${proc.stderr()}`)
    const pong = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port }, () => socket.write('PING\r\n'))
      socket.setTimeout(500, () => {
        socket.destroy()
        resolve(false)
      })
      socket.on('data', (data) => {
        socket.destroy()
        // With a password, the refusal (-NOAUTH) also says it is up.
        resolve(/^(\+PONG|-NOAUTH)/.test(data.toString()))
      })
      socket.on('error', () => resolve(false))
    })
    if (pong) return
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
  await proc.stop()
  throw new Error(`redis-server did not answer PING within ${ms} ms:\n${proc.stdout()}`)
}

/** Starts redis-server on a free port of 127.0.0.1 (requiring `password` when given) and waits until it answers. */
export async function startRedis(password?: string): Promise<RedisServer> {
  const file = redisServerPath()
  const port = await freePort()
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']
  if (password) args.push('--requirepass', password)
  let proc = spawnGroup(file, args)
  await waitForPong(port, proc)
  return {
    port,
    url: password
      ? `redis://:${encodeURIComponent(password)}@127.0.0.1:${port}`
      : `redis://127.0.0.1:${port}`,
    async kill() {
      if (proc.child.pid !== undefined && proc.alive()) process.kill(-proc.child.pid, 'SIGKILL')
      await proc.exited
    },
    async restart() {
      await proc.stop(0)
      proc = spawnGroup(file, args)
      await waitForPong(port, proc)
    },
    stop: () => proc.stop().then(() => undefined),
  }
}
