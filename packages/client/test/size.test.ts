import { expect, it } from 'vitest'
import { BUDGET_BYTES, gzippedSizes, STRICT_BUDGET_BYTES } from '../scripts/size.ts'

// One measurement for the test and `pnpm bench`: a consumer's app bundled by esbuild, everything in.
const sizes = gzippedSizes()

it(`a consumer app's up-front chunks (client, join-link parser, openapi-fetch, all of it) are at most ${BUDGET_BYTES} bytes min+gzip`, async () => {
  const { entry } = await sizes
  console.log(`size: consumer app entry = ${entry} bytes min+gzip (budget ${BUDGET_BYTES})`)
  expect(entry).toBeLessThanOrEqual(BUDGET_BYTES)
})

it(`the strict-validation chunk, loaded on demand, is at most ${STRICT_BUDGET_BYTES} bytes min+gzip`, async () => {
  const { lazy } = await sizes
  console.log(`size: strict-validation chunk = ${lazy} bytes min+gzip (budget ${STRICT_BUDGET_BYTES})`)
  expect(lazy).toBeGreaterThan(0)
  expect(lazy).toBeLessThanOrEqual(STRICT_BUDGET_BYTES)
})
