// The guard every shared-store call goes through, with a fake client: values pass, failures and
// timeouts become the fallback and are counted, the store is left alone once it keeps failing and
// tried again after PROBE_AFTER_MS, each change of state is logged once, and no log line carries
// the URL's password.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { RedisConfig } from '../config/config.ts'
import type { FleetMetrics } from '../observability/metrics.ts'
import { createStore, FAILURES_TO_OPEN, PROBE_AFTER_MS, type StoreClient } from './store.ts'

const PASSWORD = 'store-pass-7f3e'
const CONFIG: RedisConfig = {
  url: `redis://edge:${PASSWORD}@10.0.0.5:6379/0`,
  display: 'redis://edge:***@10.0.0.5:6379/0',
  prefix: 't:',
  timeoutMs: 50,
  coalesceWaitMs: 100,
}

/** A client whose GET answers with what `next` says. */
function fakeClient(next: () => Promise<string | null>): StoreClient {
  return {
    status: 'ready',
    get: () => next(),
    on: () => undefined,
    quit: async () => 'OK',
    disconnect: () => undefined,
  } as unknown as StoreClient
}

function recorder() {
  const events: string[] = []
  const metrics: FleetMetrics = {
    redisCall: (op, outcome) => events.push(`call ${op} ${outcome}`),
    redisFallback: (component) => events.push(`fallback ${component}`),
    redisUp: (up) => events.push(`up ${up}`),
    coalesce: () => {},
  }
  const lines: string[] = []
  return { events, metrics, lines, log: (line: string) => lines.push(line) }
}

describe('createStore: the guarded call', () => {
  beforeEach(() => vi.useFakeTimers({ toFake: ['Date'] }))
  afterEach(() => vi.useRealTimers())

  const cases: { name: string; answer: () => Promise<string | null>; value: unknown; event: string }[] = [
    { name: 'an answer passes through', answer: async () => 'v', value: 'v', event: 'call cache_get ok' },
    {
      name: 'a nil answer is null, not the fallback',
      answer: async () => null,
      value: null,
      event: 'call cache_get ok',
    },
    {
      name: 'an error becomes the fallback',
      answer: async () => Promise.reject(new Error('ECONNREFUSED')),
      value: 'fallback',
      event: 'call cache_get error',
    },
    {
      name: 'a timeout becomes the fallback',
      answer: async () => Promise.reject(new Error('Command timed out')),
      value: 'fallback',
      event: 'call cache_get timeout',
    },
  ]
  for (const { name, answer, value, event } of cases) {
    it(name, async () => {
      const r = recorder()
      const store = createStore(CONFIG, { metrics: r.metrics, log: r.log, connect: () => fakeClient(answer) })
      expect(await store.call('cache_get', 'cache', (c) => c.get('k'), 'fallback')).toBe(value)
      expect(r.events).toContain(event)
      expect(r.events.includes('fallback cache')).toBe(value === 'fallback')
    })
  }

  it('left alone once it keeps failing, tried again later; each change of state logged once, without the password', async () => {
    const r = recorder()
    let failing = true
    let asked = 0
    const answer = async () => {
      asked++
      if (failing) throw new Error(`WRONGPASS for redis://edge:${PASSWORD}@10.0.0.5`)
      return 'v'
    }
    const store = createStore(CONFIG, { metrics: r.metrics, log: r.log, connect: () => fakeClient(answer) })
    const get = () => store.call('rate_limit', 'rate_limit', (c) => c.get('k'), 'local')
    for (let i = 0; i < FAILURES_TO_OPEN + 5; i++) expect(await get()).toBe('local')
    // Judged down after FAILURES_TO_OPEN failures: the rest were not sent.
    expect(asked).toBe(FAILURES_TO_OPEN)
    expect(store.up).toBe(false)
    expect(r.events.filter((e) => e === 'call rate_limit skipped')).toHaveLength(5)
    expect(r.events.filter((e) => e === 'fallback rate_limit')).toHaveLength(FAILURES_TO_OPEN + 5)
    // A probe that fails keeps it down, with no second "unavailable" line.
    vi.setSystemTime(Date.now() + PROBE_AFTER_MS + 1)
    expect(await get()).toBe('local')
    expect(asked).toBe(FAILURES_TO_OPEN + 1)
    failing = false
    vi.setSystemTime(Date.now() + PROBE_AFTER_MS + 1)
    expect(await get()).toBe('v')
    expect(await get()).toBe('v')
    expect(store.up).toBe(true)
    const messages = r.lines.map((line) => JSON.parse(line).msg as string)
    expect(messages).toEqual([
      'shared store unavailable: this instance uses its own cache, coalescing and rate limit',
      'shared store available again: shared cache, coalescing and rate limit resumed',
    ])
    expect(r.events.filter((e) => e.startsWith('up '))).toEqual(['up true', 'up false', 'up true'])
    expect(r.lines.join('\n')).not.toContain(PASSWORD)
    expect(r.lines[0]).toContain('redis://edge:***@10.0.0.5:6379/0')
  })
})
