import { QUIET_SETUP, TEMP_DIR_SETUP } from '@joinlink/vitest-config'
import { defineConfig } from 'vitest/config'

/**
 * The files that must have the machine to themselves: they measure memory or event-loop time, fill
 * the file-descriptor table, drive Chromium, or rebuild dist/ through turbo (`pnpm start`). They run
 * one at a time, after all the others.
 */
const ALONE = [
  'test/node-abuse.test.ts',
  'test/node-hardening.test.ts',
  'test/upstream-memory.test.ts',
  'src/sources/upstream-memory.test.ts',
  'test/docs.test.ts',
  'test/start.test.ts',
]

const shared = {
  isolate: true,
  testTimeout: 30_000,
  hookTimeout: 60_000,
  setupFiles: [QUIET_SETUP],
}

export default defineConfig({
  test: {
    // Once per run, before either project: a temp directory of the run's own, and Node, Bun, Deno
    // and the Worker's assets built (the files that start a runtime then skip their own build).
    globalSetup: [TEMP_DIR_SETUP, './test/support/build.ts'],
    projects: [
      {
        test: {
          ...shared,
          name: 'edge',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'runtime-tests/**/*.test.ts'],
          exclude: ALONE,
          // Most files wait on sockets and child processes, not the CPU: three at a time on 2 cores.
          maxWorkers: 3,
        },
      },
      {
        test: {
          ...shared,
          name: 'edge (alone)',
          include: ALONE,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
})
