import { LookupError } from '@joinlink/core'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../../http/env.ts'
import { clientKey } from './client-key.ts'
import {
  bindingLimiter,
  isRateLimitBinding,
  MAX_TRACKED_CLIENTS,
  memoryLimiter,
  type RateLimiter,
  rateCheck,
  WINDOW_MS,
} from './index.ts'

/** An app with only the rate check in front: each request names its client in `x-client`. */
function appWith(perMinute: number, limiter: RateLimiter) {
  const app = new Hono<AppEnv>()
  const check = rateCheck(perMinute, limiter)
  app.use(async (c, next) => {
    await check(c.req.header('x-client') ?? 'none')
    return next()
  })
  app.get('/', (c) => c.text('ok'))
  app.onError((error, c) =>
    error instanceof LookupError
      ? c.json({ code: error.code, msg: error.message, retryAfterS: error.retryAfterS }, 429)
      : c.text(String(error), 500),
  )
  return (client: string) => app.request('/', { headers: { 'x-client': client } })
}

describe('memoryLimiter: a fixed one-minute window per client', () => {
  // Each step: the clock (ms from the start), the client, and the verdict expected.
  const steps: [number, string, 'ok' | number][] = [
    [0, 'a', 'ok'],
    [1_000, 'a', 'ok'],
    [2_000, 'a', 'ok'],
    [2_500, 'a', 58], // the 4th in a window opened at 0: wait until 60 s
    [2_600, 'b', 'ok'], // another client has its own window
    [59_001, 'a', 1], // under a second left: Retry-After is never 0
    [60_000, 'a', 'ok'], // a new window
    [60_001, 'a', 'ok'],
  ]
  it.each(steps.map((step, i) => [i, ...step] as const))(
    'step %i at +%i ms, client %s → %s',
    (index, _at, _client, _expected) => {
      let now = 0
      const limiter = memoryLimiter(3, () => now)
      for (const [at, client, expected] of steps.slice(0, index + 1)) {
        now = at
        const verdict = limiter.take(client)
        if (expected === 'ok') expect(verdict, `at ${at}`).toEqual({ ok: true })
        else expect(verdict, `at ${at}`).toEqual({ ok: false, retryAfterS: expected })
      }
    },
  )

  it('through the rate check: 429 42901 with the spec message and Retry-After seconds', async () => {
    const request = appWith(
      2,
      memoryLimiter(2, () => 0),
    )
    expect((await request('x')).status).toBe(200)
    expect((await request('x')).status).toBe(200)
    const refused = await request('x')
    expect(refused.status).toBe(429)
    expect(await refused.json()).toEqual({
      code: 42901,
      msg: 'Too many requests: at most 2 a minute per client. Try again in 60 s.',
      retryAfterS: 60,
    })
    expect((await request('y')).status).toBe(200)
  })

  it('remembers at most maxClients: the least recently seen within its quota is forgotten first', () => {
    let now = 0
    const limiter = memoryLimiter(2, () => now, 3)
    for (const client of ['a', 'b', 'c']) limiter.take(client)
    now = 10
    expect(limiter.take('a').ok).toBe(true) // a is now the most recently seen
    limiter.take('d') // evicts b
    expect(limiter.take('b').ok).toBe(true) // b was forgotten: a fresh window (evicts c)
    expect(limiter.take('b').ok).toBe(true)
    expect(limiter.take('a').ok).toBe(false) // a was kept: its third
  })

  // Eviction must not be a way out of a refusal.
  it('a refused client stays refused while 100,000 distinct other addresses flood the table', () => {
    let now = 0
    const limiter = memoryLimiter(120, () => now)
    const check = (address: string) => limiter.take(clientKey(address))
    for (let i = 0; i < 120; i++) expect(check('198.51.100.7').ok).toBe(true)
    expect(check('198.51.100.7')).toEqual({ ok: false, retryAfterS: 60 })
    for (let i = 0; i < 100_000; i++) {
      now = Math.floor(i / 4000) // the flood takes 25 ms of the window
      check(`10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`)
    }
    expect(limiter.size).toBeLessThanOrEqual(MAX_TRACKED_CLIENTS + 1)
    expect(check('198.51.100.7')).toEqual({ ok: false, retryAfterS: 60 })
    now = WINDOW_MS // its window is over: a fresh quota, as for anyone
    expect(check('198.51.100.7').ok).toBe(true)
  })

  it('300 addresses of one IPv6 /64 share one quota (120 pass, 180 refused); another /64 has its own', () => {
    const limiter = memoryLimiter(120, () => 0)
    const verdicts = Array.from({ length: 300 }, (_, i) =>
      limiter.take(clientKey(`2001:db8:aa:bb:${(i + 1).toString(16)}::${i.toString(16)}`)),
    )
    expect(verdicts.filter((v) => v.ok)).toHaveLength(120)
    expect(verdicts.slice(120).every((v) => !v.ok)).toBe(true)
    expect(limiter.take(clientKey('2001:db8:aa:bc::1')).ok).toBe(true)
  })

  it(`a full table (${MAX_TRACKED_CLIENTS.toLocaleString('en')} live windows) takes 20,000 new clients in well under 2 s`, () => {
    let now = 0
    const limiter = memoryLimiter(10, () => now)
    for (let i = 0; i < MAX_TRACKED_CLIENTS; i++) limiter.take(`old-${i}`)
    now = WINDOW_MS / 2 // every window still live: nothing can be pruned by age
    const started = performance.now()
    for (let i = 0; i < 20_000; i++) limiter.take(`new-${i}`)
    const ms = performance.now() - started
    expect(limiter.size).toBe(MAX_TRACKED_CLIENTS)
    // A scan of the table per new client (the old prune) takes 2·10⁹ steps here: tens of seconds.
    expect(ms).toBeLessThan(2000)
  })
})

describe('bindingLimiter: the Workers Rate Limiting binding', () => {
  const fakeBinding = (allow: number) => {
    const counts = new Map<string, number>()
    return {
      keys: counts,
      async limit({ key }: { key: string }) {
        counts.set(key, (counts.get(key) ?? 0) + 1)
        return { success: (counts.get(key) ?? 0) <= allow }
      },
    }
  }

  it('asks the binding with the client as key; refused → Retry-After of its whole period', async () => {
    const binding = fakeBinding(1)
    const fallback = memoryLimiter(1000)
    const limiter = bindingLimiter(binding, 60, fallback)
    expect(await limiter.take('1.2.3.4')).toEqual({ ok: true })
    expect(await limiter.take('1.2.3.4')).toEqual({ ok: false, retryAfterS: 60 })
    expect([...binding.keys]).toEqual([['1.2.3.4', 2]])
    expect(fallback.size).toBe(0)
  })

  it('a failing binding falls back to the in-memory count for that request, and says so', async () => {
    const errors: unknown[] = []
    const broken = {
      limit: async () => {
        throw new Error('binding unavailable')
      },
    }
    const limiter = bindingLimiter(
      broken,
      60,
      memoryLimiter(1, () => 0),
      (e) => errors.push(e),
    )
    expect(await limiter.take('k')).toEqual({ ok: true })
    expect(await limiter.take('k')).toEqual({ ok: false, retryAfterS: 60 })
    expect(errors).toHaveLength(2)
  })

  it.each([
    [{ limit: async () => ({ success: true }) }, true],
    [{ limit: 'no' }, false],
    ['a string binding', false],
    [undefined, false],
    [null, false],
  ])('isRateLimitBinding(%o) → %s', (value, expected) => {
    expect(isRateLimitBinding(value)).toBe(expected)
  })
})
