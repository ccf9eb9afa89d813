import { expect, it } from 'vitest'
import { BUDGET_BYTES, gzippedSizes, STRICT_BUDGET_BYTES, STRICT_CEILING_BYTES } from './client.ts'

// One measurement for the test and `pnpm bench`: a consumer's app bundled by esbuild, everything in.
// The up-front chunks meet their budget; the strict chunk does not yet (see README), so the test
// holds it to a ceiling it cannot grow past, and `pnpm bench` reports it against its budget.
const sizes = gzippedSizes()

it(`a consumer app's up-front chunks (client, join-link parser, error codes, all of it) stay within the ${BUDGET_BYTES}-byte budget, min+gzip`, async () => {
  const { entry } = await sizes
  expect(entry).toBeGreaterThan(1000) // the client is in it: an empty bundle would pass the budget
  expect(entry, 'up front, min+gzip').toBeLessThanOrEqual(BUDGET_BYTES)
})

it(`the strict-validation chunk, loaded on demand, stays at most ${STRICT_CEILING_BYTES} bytes min+gzip`, async () => {
  const { lazy } = await sizes
  expect(lazy).toBeGreaterThan(0)
  expect(lazy, `strict chunk, min+gzip (budget ${STRICT_BUDGET_BYTES})`).toBeLessThanOrEqual(
    STRICT_CEILING_BYTES,
  )
})
