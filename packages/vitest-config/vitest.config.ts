import { defineProject } from 'vitest/config'
import { withSharedConfig } from './src/index.ts'

export default defineProject(
  withSharedConfig({
    test: {
      include: ['src/**/*.test.ts'],
    },
  }),
)
