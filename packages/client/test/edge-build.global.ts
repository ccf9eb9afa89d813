// Vitest globalSetup: builds the edge's Node bundle (apps/edge/dist/node.js, esbuild, about a
// second) once before any test file runs, so the files that start the edge never rebuild it
// under one another.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const edgeDir = fileURLToPath(new URL('../../../apps/edge/', import.meta.url))

export function setup(): void {
  try {
    execFileSync(process.execPath, ['scripts/build.ts', 'node'], {
      cwd: edgeDir,
      stdio: 'pipe',
      timeout: 120_000,
    })
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer }
    throw new Error(
      `building the edge (apps/edge: scripts/build.ts node) failed:\n${stdout ?? ''}${stderr ?? ''}`,
    )
  }
}
