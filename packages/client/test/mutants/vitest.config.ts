import { defineConfig } from 'vitest/config'

// Only for test/core-mutants.test.ts, which runs the contract suite under each core mutation.
export default defineConfig({
  test: { include: ['test/mutants/*.mutant.ts'], root: new URL('../..', import.meta.url).pathname },
})
