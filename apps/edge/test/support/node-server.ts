// Builds the Node bundle and runs `node dist/node.js` as a child process on a free port, with a
// clean environment: only the variables a test passes reach the server.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { cleanEnv, type Exit, type Spawned, spawnGroup, waitForReadyLine } from '@joinlink/test-kit/process'
import { inject } from 'vitest'

export const EDGE_DIR = fileURLToPath(new URL('../..', import.meta.url))

/**
 * Runs scripts/build.ts (esbuild) with this Node, unless this run's global setup already built
 * dist/ (test/support/build.ts); throws with its output when it fails.
 */
export function buildEdge(): void {
  if (inject('edgeBuilt')) return
  try {
    execFileSync(process.execPath, ['scripts/build.ts'], { cwd: EDGE_DIR, stdio: 'pipe', timeout: 120_000 })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(`scripts/build.ts failed:\n${stdout ?? ''}${stderr ?? ''}`)
  }
}

export type { Exit } from '@joinlink/test-kit/process'

/** How to spawn it besides the environment. */
export interface SpawnOptions {
  /** A file-descriptor limit (soft and hard) set with the shell's `ulimit -n` before Node starts. */
  nofile?: number
}

/** `node dist/node.js` with `env` on 127.0.0.1 (PORT=0 unless given), in a process group of its own. */
export function spawnNode(env: Record<string, string>, options: SpawnOptions = {}): Spawned {
  // `exec` makes Node the process the group's leader was, so stopping the group stops it.
  const [file, args] =
    options.nofile === undefined
      ? [process.execPath, ['dist/node.js']]
      : ['/bin/sh', ['-c', `ulimit -n ${options.nofile} && exec "$0" dist/node.js`, process.execPath]]
  return spawnGroup(file, args, { cwd: EDGE_DIR, env: cleanEnv({ HOST: '127.0.0.1', PORT: '0', ...env }) })
}

export interface NodeServer extends Spawned {
  url: string
}

/** Starts the server and waits for its ready line; fails with its output if it exits or stays silent. */
export async function startNodeServer(
  env: Record<string, string>,
  timeoutMs = 20_000,
  options: SpawnOptions = {},
): Promise<NodeServer> {
  const proc = spawnNode(env, options)
  const url = await waitForReadyLine(proc, 'node dist/node.js', timeoutMs)
  return Object.assign(proc, { url })
}

/** Runs the server with `env` and expects it to stop by itself (bad configuration); bounded. */
export async function runUntilExit(
  env: Record<string, string>,
  timeoutMs = 15_000,
): Promise<Exit & { stdout: string; stderr: string }> {
  const proc = spawnNode(env)
  const timer = setTimeout(() => void proc.stop(0), timeoutMs)
  const exit = await proc.exited
  clearTimeout(timer)
  return { ...exit, stdout: proc.stdout(), stderr: proc.stderr() }
}
