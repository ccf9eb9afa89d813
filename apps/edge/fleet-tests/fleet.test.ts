// Three Node instances and one Bun instance in front of the fake vendor, sharing a real
// redis-server: one vendor call per cold link for the whole fleet, one rate limit for the whole
// fleet, and no failed lookup when the store dies mid-load — then the shared cache again once it
// is back. Needs redis-server on PATH (pnpm test:fleet; see the README).
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { type RedisServer, startRedis } from '@joinlink/test-kit/redis'
import { dataset } from '@joinlink/validation/fixtures'
import { Redis } from 'ioredis'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  buildFleet,
  eventually,
  type Instance,
  lookup,
  pool,
  sample,
  startInstance,
} from './support/fleet.ts'

const TOKEN = 'fleet-vendor-token-0123456789'
const PREFIX = `fleet-test-${process.pid}:`
const PASSWORD = 'fleet-store-password-5d1c'
const LIMIT = 120
const links = [...new Set(dataset.map((c) => c.attendeeJoinUrl))]
/** Each test takes links nobody has asked for yet: cold everywhere. */
let nextLink = 0
const coldLink = () => links[nextLink++] as string
/** A distinct client per request, so only the rate-limit test meets the limit. */
let nextClient = 0
const freshClient = () => `10.${(nextClient >> 16) & 255}.${(nextClient >> 8) & 255}.${nextClient++ & 255}`

let redis: RedisServer
let vendor: FakeVendor
let nodes: Instance[] = []
let bun: Instance | undefined
const all = () => [...nodes, ...(bun ? [bun] : [])]

beforeAll(async () => {
  buildFleet()
  redis = await startRedis(PASSWORD)
  vendor = await startFakeVendor({ token: TOKEN, latencyMs: 50 })
  const env = {
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: vendor.url,
    JOINLINK_UPSTREAM_TOKEN: TOKEN,
    JOINLINK_REDIS_URL: redis.url,
    JOINLINK_REDIS_PREFIX: PREFIX,
    // A loaded CI machine can hold a reply past the 250 ms default; these tests are about a store
    // that dies (connections refused), not a slow one.
    JOINLINK_REDIS_TIMEOUT_MS: '2000',
    JOINLINK_RATE_LIMIT: String(LIMIT),
    JOINLINK_TRUST_PROXY: '1',
  }
  nodes = await Promise.all([1, 2, 3].map((n) => startInstance('node', `node #${n}`, env)))
  bun = await startInstance('bun', 'bun', env)
}, 120_000)

afterAll(async () => {
  await Promise.all(all().map((instance) => instance.stop()))
  await vendor?.close()
  await redis?.stop()
}, 30_000)

describe('a fleet sharing one store', () => {
  it('every instance says it shares state, without the store password', () => {
    for (const instance of all()) {
      expect(instance.stdout(), instance.name).toContain(`shared state redis://:***@127.0.0.1:${redis.port}`)
      expect(instance.output(), instance.name).not.toContain(PASSWORD)
    }
  })

  const burst = async (instances: Instance[]) => {
    const link = coldLink()
    const before = vendor.calls
    // All at once: each instance gets its share while the first vendor call is still running.
    const answers = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        lookup(instances[i % instances.length] as Instance, link, freshClient()),
      ),
    )
    expect(answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.body}`)).toEqual([])
    expect(vendor.calls - before).toBe(1)
    const leaders = await Promise.all(
      instances.map((i) => sample(i, 'joinlink_fleet_coalesce_total', { outcome: 'leader' })),
    )
    const hits = await Promise.all(
      instances.map((i) => sample(i, 'joinlink_fleet_coalesce_total', { outcome: 'hit' })),
    )
    // The instances that did not call the vendor waited for the one that did.
    expect(hits.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(instances.length - 1)
    expect(leaders.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(1)
  }

  it(
    '300 lookups of one cold link spread over the three Node instances → exactly 1 vendor call',
    () => burst(nodes),
    30_000,
  )

  it(
    'the same with the Bun instance in the fleet: 300 lookups over four → exactly 1 vendor call',
    () => burst(all()),
    30_000,
  )

  it(`200 lookups from one client over the three with JOINLINK_RATE_LIMIT=${LIMIT}: ${LIMIT} answered, the rest 429 with Retry-After`, async () => {
    const link = coldLink()
    const client = '203.0.113.7'
    const answers = await pool(200, 10, (i) => lookup(nodes[i % 3] as Instance, link, client))
    const ok = answers.filter((a) => a.status === 200).length
    expect(ok).toBeGreaterThanOrEqual(LIMIT - 2)
    expect(ok).toBeLessThanOrEqual(LIMIT + 2)
    const refused = answers.filter((a) => a.status !== 200)
    expect(refused.length).toBe(200 - ok)
    for (const answer of refused) {
      expect(answer.status).toBe(429)
      expect(JSON.parse(answer.body).status).toBe(42901)
      expect(Number(answer.retryAfter)).toBeGreaterThanOrEqual(1)
      expect(Number(answer.retryAfter)).toBeLessThanOrEqual(60)
    }
    // Each instance refused some: the count is the fleet's, not each instance's own 120.
    for (const node of nodes)
      expect(await sample(node, 'joinlink_rate_limited_total'), node.name).toBeGreaterThan(0)
  }, 30_000)
})

describe('what the store holds', () => {
  it('only keys under the prefix, naming links and clients, never the vendor token', async () => {
    const client = new Redis(redis.url, { lazyConnect: true, maxRetriesPerRequest: 0 })
    try {
      await client.connect()
      const keys = await client.keys('*')
      expect(keys.length).toBeGreaterThan(0)
      for (const key of keys) {
        expect(key.startsWith(PREFIX), key).toBe(true)
        expect(key.slice(PREFIX.length)).toMatch(/^(cache:[a-z0-9.-]+\/[A-Za-z0-9]+|rl:[0-9a-f.:/]+)$/)
      }
      const values = await Promise.all(keys.filter((k) => k.includes(':cache:')).map((k) => client.get(k)))
      expect(values.join('\n')).not.toContain(TOKEN)
      // Every entry expires: nothing outlives the cache's windows or the rate limit's minute.
      for (const key of keys) expect(await client.pttl(key), key).toBeGreaterThan(0)
    } finally {
      client.disconnect()
    }
  })
})

describe('an instance that waits too long for another', () => {
  let pair: Instance[] = []
  beforeAll(async () => {
    const env = {
      JOINLINK_SOURCE: 'upstream',
      JOINLINK_UPSTREAM_URL: vendor.url,
      JOINLINK_UPSTREAM_TOKEN: TOKEN,
      JOINLINK_UPSTREAM_TIMEOUT_MS: '2000',
      JOINLINK_UPSTREAM_RETRIES: '0',
      JOINLINK_REDIS_URL: redis.url,
      JOINLINK_REDIS_PREFIX: `${PREFIX}wait:`,
      JOINLINK_REDIS_COALESCE_WAIT_MS: '300',
      JOINLINK_TRUST_PROXY: '1',
    }
    pair = await Promise.all(['waiting #1', 'waiting #2'].map((name) => startInstance('node', name, env)))
  }, 60_000)
  afterAll(() => Promise.all(pair.map((instance) => instance.stop())), 30_000)

  it('calls the vendor itself after JOINLINK_REDIS_COALESCE_WAIT_MS while the holder hangs', async () => {
    const [holder, waiter] = pair as [Instance, Instance]
    const link = coldLink()
    const before = vendor.calls
    vendor.plan({ kind: 'hang' })
    const held = lookup(holder, link, freshClient())
    // The holder has the lock once its vendor call is under way.
    expect(await eventually(() => vendor.calls > before, 5000)).toBe(true)
    const started = Date.now()
    const answer = await lookup(waiter, link, freshClient())
    const waited = Date.now() - started
    expect(answer.status).toBe(200)
    expect(waited).toBeGreaterThanOrEqual(300)
    expect(waited).toBeLessThan(1900)
    expect(vendor.calls - before).toBe(2)
    expect(await sample(waiter, 'joinlink_fleet_coalesce_total', { outcome: 'timeout' })).toBe(1)
    // The hanging call ends with the vendor timeout: a documented 504, not a 500.
    const first = await held
    expect(first.status).toBe(504)
    expect(JSON.parse(first.body).status).toBe(50401)
  }, 30_000)
})

describe('the store dies mid-load', () => {
  it('every lookup is still answered 200, readiness stays, each instance logs the outage once; then the shared cache is used again', async () => {
    const warm = links.slice(0, 3)
    const cold = Array.from({ length: 4 }, coldLink)
    const mix = [...warm, ...cold]
    // What each instance logs from the kill on.
    const marks = nodes.map((node) => node.stdout().length)
    const since = (i: number) => (nodes[i] as Instance).stdout().slice(marks[i])
    let done = 0
    let killed = false
    const load = pool(600, 12, async (i) => {
      const answer = await lookup(nodes[i % 3] as Instance, mix[i % mix.length] as string, freshClient())
      if (++done === 150) {
        killed = true
        await redis.kill()
      }
      return answer
    })
    const answers = await load
    expect(killed).toBe(true)
    expect(answers.filter((a) => a.status !== 200).map((a) => `${a.status} ${a.body}`)).toEqual([])
    // Still down: ready, and served from each instance's own state.
    for (const [i, node] of nodes.entries()) {
      const ready = await fetch(`${node.url}/readyz`)
      expect(ready.status, node.name).toBe(200)
      await ready.arrayBuffer()
      expect(await sample(node, 'joinlink_redis_up'), node.name).toBe(0)
      expect(
        await sample(node, 'joinlink_redis_fallbacks_total', { component: 'rate_limit' }),
        node.name,
      ).toBeGreaterThan(0)
      expect(since(i).split('shared store unavailable').length - 1, `${node.name} logs the outage once`).toBe(
        1,
      )
    }

    await redis.restart()
    // Lookups keep coming; each instance tries the store again within a second and resumes.
    const back = await eventually(async () => {
      await Promise.all(nodes.map((node) => lookup(node, warm[0] as string, freshClient())))
      return nodes.every((_, i) => since(i).includes('shared store available again'))
    }, 15_000)
    expect(
      back,
      nodes
        .map((n) =>
          n
            .stdout()
            .split('\n')
            .filter((l) => l.includes('shared store'))
            .join('\n'),
        )
        .join('\n'),
    ).toBe(true)
    for (const [i, node] of nodes.entries()) {
      expect(since(i).split('shared store available again').length - 1, node.name).toBe(1)
      expect(await sample(node, 'joinlink_redis_up'), node.name).toBe(1)
    }

    // A link nobody has asked for: the first instance calls the vendor, the others find its answer in the store.
    const link = coldLink()
    const before = vendor.calls
    const first = await lookup(nodes[0] as Instance, link, freshClient())
    expect(first.status).toBe(200)
    expect(first.cache).toBe('miss')
    for (const node of nodes.slice(1)) {
      const answer = await lookup(node, link, freshClient())
      expect(answer.status, node.name).toBe(200)
      expect(answer.cache, node.name).toBe('hit')
    }
    expect(vendor.calls - before).toBe(1)
    for (const instance of all()) expect(instance.output(), instance.name).not.toContain(PASSWORD)
  }, 60_000)
})
