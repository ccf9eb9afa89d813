// Starts the real edge app on a free port, waits for /healthz, and stops its whole process group.
import { freePort, spawnGroup, waitForHealth } from '@joinlink/test-kit/process'

/** A running edge app. */
export interface EdgeProcess {
  baseUrl: string
  /** Whether the process is still running. */
  alive(): boolean
  /** The last lines it printed. */
  output(): string
  stop(): Promise<void>
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
  const proc = spawnGroup('pnpm', ['--filter', '@joinlink/edge', 'start'], {
    cwd: root,
    env: {
      ...(env as Record<string, string>),
      PORT: String(port),
      HOST: '127.0.0.1',
      JOINLINK_RATE_LIMIT: '0',
    },
  })
  await waitForHealth(baseUrl, proc, 'the edge app', readyTimeoutMs)
  return {
    baseUrl,
    alive: proc.alive,
    output: () => `${proc.stdout()}${proc.stderr()}`.split('\n').slice(-200).join('\n').trim(),
    stop: async () => {
      await proc.stop()
    },
  }
}
