import { expect, it } from 'vitest'
import { BUDGET_BYTES, CEILING_BYTES, gzippedSizes, STRICT_BUDGET_BYTES } from './client.ts'

// One measurement for the test and `pnpm bench`: a consumer's app bundled by esbuild, everything in.
// The budgets are not met yet (see README): the test holds each size to its ceiling, so it cannot
// grow, and `pnpm bench` reports it against the budget.
const sizes = gzippedSizes()

it(`a consumer app's up-front chunks (client, join-link parser, openapi-fetch, all of it) stay at most ${CEILING_BYTES.entry} bytes min+gzip`, async () => {
  const { entry } = await sizes
  expect(entry, `up front, min+gzip (budget ${BUDGET_BYTES})`).toBeLessThanOrEqual(CEILING_BYTES.entry)
})

it(`the strict-validation chunk, loaded on demand, stays at most ${CEILING_BYTES.strict} bytes min+gzip`, async () => {
  const { lazy } = await sizes
  expect(lazy).toBeGreaterThan(0)
  expect(lazy, `strict chunk, min+gzip (budget ${STRICT_BUDGET_BYTES})`).toBeLessThanOrEqual(
    CEILING_BYTES.strict,
  )
})
