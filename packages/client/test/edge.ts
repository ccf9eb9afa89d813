// The edge's Node build (made once by test/edge-build.global.ts) as a child process on a free port.
import { fileURLToPath } from 'node:url'
import { cleanEnv, type Spawned, spawnGroup, waitForReadyLine } from '@joinlink/test-kit/process'

const entry = fileURLToPath(new URL('../../../apps/edge/dist/node.js', import.meta.url))

/** Starts the built edge with `env` on 127.0.0.1 and a free port; resolves to it and its origin. */
export async function startEdge(
  env: Record<string, string> = {},
): Promise<{ edge: Spawned; origin: string }> {
  const edge = spawnGroup(process.execPath, [entry], {
    env: cleanEnv({ PORT: '0', HOST: '127.0.0.1', JOINLINK_LOG: 'false', ...env }),
  })
  return { edge, origin: await waitForReadyLine(edge, 'the edge', 15_000) }
}
