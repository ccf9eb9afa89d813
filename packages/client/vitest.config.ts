import { defineProject } from 'vitest/config'

export default defineProject({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // The edge's Node bundle, for the files that start it (test/edge.test.ts, test/consumer.test.ts).
    globalSetup: ['test/edge-build.global.ts'],
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
  },
})
