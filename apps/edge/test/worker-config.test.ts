// wrangler.jsonc as deployed: the Rate Limiting binding agrees with the limit the app states.
import { describe, expect, it } from 'vitest'
import { readWranglerConfig } from './support/wrangler-config.ts'

describe('wrangler.jsonc', () => {
  it("binds LIMITER with the period of the spec's message (60 s) and the limit JOINLINK_RATE_LIMIT states", () => {
    const config = readWranglerConfig()
    const limiter = config.ratelimits?.find((r) => r.name === 'LIMITER')
    expect(limiter, 'a ratelimits entry named LIMITER').toBeDefined()
    expect(limiter?.simple.period).toBe(60)
    expect(String(limiter?.simple.limit)).toBe(config.vars?.JOINLINK_RATE_LIMIT)
  })
})
