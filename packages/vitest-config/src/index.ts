// The part of every package's vitest config that keeps a passing run quiet and the temp directory
// clean: `defineProject(withSharedConfig({ ... }))`.
import { fileURLToPath } from 'node:url'
import type { UserWorkspaceConfig } from 'vitest/config'

const file = (name: string) => fileURLToPath(new URL(name, import.meta.url))

/** The setup file that fails a test on output it did not ask for (see quiet.ts). */
export const QUIET_SETUP = file('./quiet.ts')
/** The global setup that gives the run a temp directory of its own and checks it is left empty. */
export const TEMP_DIR_SETUP = file('./temp-dir.ts')

type Project = UserWorkspaceConfig

/**
 * `project` with the shared setup files added. Isolation is stated (one fresh worker per file unless
 * the project says otherwise), which is also what keeps vitest's isolation hint out of the summary.
 */
export function withSharedConfig(project: Project): Project {
  const test = project.test ?? {}
  const list = (value: string | string[] | undefined) => (value === undefined ? [] : [value].flat())
  return {
    ...project,
    test: {
      isolate: true,
      ...test,
      setupFiles: [QUIET_SETUP, ...list(test.setupFiles)],
      globalSetup: [TEMP_DIR_SETUP, ...list(test.globalSetup)],
    },
  }
}
