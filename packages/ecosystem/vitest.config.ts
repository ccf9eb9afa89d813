import { withSharedConfig } from '@joinlink/vitest-config'
import { defineProject } from 'vitest/config'

export default defineProject(
  withSharedConfig({
    test: {
      include: ['src/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      // Each file builds and starts the edge and runs heavy CLIs: one file at a time on 2 cores.
      fileParallelism: false,
    },
  }),
)
