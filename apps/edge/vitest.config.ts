import { withSharedConfig } from '@joinlink/vitest-config'
import { defineProject } from 'vitest/config'

export default defineProject(
  withSharedConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'runtime-tests/**/*.test.ts'],
      testTimeout: 30_000,
      hookTimeout: 60_000,
      // Node, Bun, Deno and the Worker's assets are built once per run, not once per file.
      globalSetup: ['./test/support/build.ts'],
      // The socket and browser tests start servers and Chromium: one file at a time on 2 cores.
      fileParallelism: false,
    },
  }),
)
