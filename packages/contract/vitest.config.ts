import { withSharedConfig } from '@joinlink/vitest-config'
import { defineProject } from 'vitest/config'

export default defineProject(
  withSharedConfig({
    test: {
      include: ['src/**/*.test.ts'],
      testTimeout: 15_000,
    },
  }),
)
