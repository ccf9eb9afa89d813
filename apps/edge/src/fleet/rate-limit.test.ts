// The store limiter's verdicts from the counter the Lua script returns, and the local limiter's
// when the store cannot answer (a fake store: the script itself runs in pnpm test:fleet).
import { describe, expect, it } from 'vitest'
import { memoryLimiter } from '../middleware/rate-limit/index.ts'
import { storeLimiter } from './rate-limit.ts'
import type { Store } from './store.ts'

/** A store whose every call answers `reply` (or the call's fallback when `reply` is undefined). */
function fakeStore(reply: unknown, keys: string[] = []): Store {
  return {
    prefix: 'dep:',
    up: reply !== undefined,
    call: async (_op, _component, run, fallback) => {
      if (reply === undefined) return fallback
      await run({
        evalsha: async (_sha: string, _n: number, key: string) => {
          keys.push(key)
          return reply
        },
      } as never)
      return reply as never
    },
    subscribe: () => {},
    connected: async () => true,
    close: async () => {},
  }
}

describe('storeLimiter', () => {
  const cases: { name: string; reply: unknown; verdict: unknown }[] = [
    { name: 'the first request of a window', reply: [1, 60_000], verdict: { ok: true } },
    { name: 'the last one within the limit', reply: [120, 1_000], verdict: { ok: true } },
    {
      name: 'one past the limit: Retry-After the rest of the window',
      reply: [121, 12_300],
      verdict: { ok: false, retryAfterS: 13 },
    },
    {
      name: 'past the limit at the very end of the window: at least 1 s',
      reply: [500, 1],
      verdict: { ok: false, retryAfterS: 1 },
    },
  ]
  for (const { name, reply, verdict } of cases) {
    it(name, async () => {
      const keys: string[] = []
      const limiter = storeLimiter(fakeStore(reply, keys), 120, memoryLimiter(120))
      expect(await limiter.take('203.0.113.7')).toEqual(verdict)
      expect(keys).toEqual(['dep:rl:203.0.113.7'])
    })
  }

  it('when the store cannot answer, the local limiter decides', async () => {
    const limiter = storeLimiter(
      fakeStore(undefined),
      2,
      memoryLimiter(2, () => 0),
    )
    expect(await limiter.take('c')).toEqual({ ok: true })
    expect(await limiter.take('c')).toEqual({ ok: true })
    expect(await limiter.take('c')).toEqual({ ok: false, retryAfterS: 60 })
  })
})
