import { expect, it } from 'vitest'
import { BUDGET_BYTES, gzippedSizes, WITH_PARSER_BUDGET_BYTES } from '../scripts/size.ts'

it(`the client with openapi-fetch, without @joinlink/validation, is at most ${BUDGET_BYTES} bytes min+gzip`, async () => {
  const { entry, lazy } = await gzippedSizes('@joinlink/validation', '@joinlink/validation/join-url')
  console.log(
    `size: client + openapi-fetch = ${entry} bytes min+gzip (budget ${BUDGET_BYTES}); strict-mode glue chunk ${lazy} bytes, loaded on demand`,
  )
  expect(entry).toBeLessThanOrEqual(BUDGET_BYTES)
  // The lazy chunk is only the glue to @joinlink/validation's schemas, not client code moved out of sight.
  expect(lazy).toBeLessThan(256)
})

it(`with the join-link parser bundled too it is at most ${WITH_PARSER_BUDGET_BYTES} bytes min+gzip`, async () => {
  const { entry } = await gzippedSizes('@joinlink/validation')
  console.log(
    `size: client + openapi-fetch + normalizeJoinUrl = ${entry} bytes min+gzip (budget ${WITH_PARSER_BUDGET_BYTES})`,
  )
  expect(entry).toBeLessThanOrEqual(WITH_PARSER_BUDGET_BYTES)
})
