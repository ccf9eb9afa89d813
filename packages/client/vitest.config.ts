import { withSharedConfig } from '@joinlink/vitest-config'
import { defineProject } from 'vitest/config'

export default defineProject(
  withSharedConfig({
    test: {
      include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
      // The CLI tests start Node processes: a few seconds each on a busy 2-core machine.
      testTimeout: 30_000,
      // Builds and packs the four published packages once, for the consumer and package tests; and
      // builds the edge's Node bundle once, for the files that start it (edge, consumer).
      globalSetup: ['./test/packed.ts', './test/edge-build.global.ts'],
    },
  }),
)
