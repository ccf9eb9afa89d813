// Global setup: scripts/build.ts (Node, Bun, Deno and the Worker's assets) once per run; the files
// that start a built runtime then skip their own build (see buildEdge and runtime-tests/support).
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { TestProject } from 'vitest/node'

declare module 'vitest' {
  export interface ProvidedContext {
    /** dist/ was built by this run's global setup. */
    edgeBuilt: boolean
  }
}

const EDGE_DIR = fileURLToPath(new URL('../..', import.meta.url))

export async function setup(project: TestProject): Promise<void> {
  try {
    await promisify(execFile)(process.execPath, ['scripts/build.ts'], { cwd: EDGE_DIR, timeout: 120_000 })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string }
    throw new Error(`scripts/build.ts failed:\n${stdout ?? ''}${stderr ?? ''}`)
  }
  project.provide('edgeBuilt', true)
}
