// pnpm test:fleet: the fleet suite, which needs redis-server on PATH (not part of pnpm test).
import { withSharedConfig } from '@joinlink/vitest-config'
import { defineProject } from 'vitest/config'

export default defineProject(
  withSharedConfig({
    test: {
      include: ['fleet-tests/**/*.test.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      fileParallelism: false,
    },
  }),
)
