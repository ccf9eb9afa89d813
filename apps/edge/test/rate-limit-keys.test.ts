// The lookup route counts a client by the shared key (IPv6 by its /64, prefix configurable): 300
// lookups from 300 addresses of one /64 get 120 answers and 180 refusals, in process.
import { LOOKUP_PATH } from '@joinlink/validation'
import { seedResponse } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../src/config/config.ts'
import { createApp } from '../src/http/app.ts'
import { createSource } from '../src/sources/index.ts'

async function appFor(env: Record<string, string> = {}) {
  const config = await parseConfig({ JOINLINK_LOG: 'false', ...env })
  const app = createApp({
    config,
    source: await createSource(config, {}),
    clientAddress: (c) => c.req.header('x-test-peer'),
  })
  return async (peer: string) =>
    (
      await app.request(LOOKUP_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-test-peer': peer },
        body: JSON.stringify({ attendeeJoinUrl: seedResponse.result[0].attendeeJoinUrl }),
      })
    ).status
}

const inNetwork = (i: number) =>
  `2001:db8:7:${(i % 2) + 1}:${((i * 7919) % 65536).toString(16)}:${i.toString(16)}::1`

describe('the rate limit counts IPv6 clients by their network', () => {
  it('300 addresses of one /64 share the default 120 a minute', async () => {
    const lookup = await appFor()
    const statuses = []
    for (let i = 0; i < 300; i++) statuses.push(await lookup(`2001:db8:7:1:${i.toString(16)}::${i}`))
    expect(statuses.filter((s) => s === 200)).toHaveLength(120)
    expect(statuses.filter((s) => s === 429)).toHaveLength(180)
    expect(await lookup('2001:db8:7:2::1')).toBe(200)
  })

  it('JOINLINK_RATE_LIMIT_IPV6_PREFIX=48 groups the /48: two /64s of it share one quota', async () => {
    const lookup = await appFor({ JOINLINK_RATE_LIMIT: '10' })
    const wide = await appFor({ JOINLINK_RATE_LIMIT: '10', JOINLINK_RATE_LIMIT_IPV6_PREFIX: '48' })
    const count = async (call: (peer: string) => Promise<number>) => {
      let ok = 0
      for (let i = 0; i < 40; i++) if ((await call(inNetwork(i))) === 200) ok++
      return ok
    }
    expect(await count(lookup)).toBe(20) // two /64s, 10 each
    expect(await count(wide)).toBe(10) // one /48
  })
})
