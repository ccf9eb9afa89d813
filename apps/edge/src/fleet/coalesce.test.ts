// The coalescing protocol between instances, over an in-memory stand-in for the store (the real
// one runs in pnpm test:fleet): one fill per link for the fleet, waiters woken by the holder's
// message, a failed holder handing over, the wait bound, background refreshes left alone, and a
// store that does not answer.
import { describe, expect, it } from 'vitest'
import type { CoalesceOutcome, FleetMetrics } from '../observability/metrics.ts'
import { storeCoalescing } from './coalesce.ts'
import type { Store } from './store.ts'

/** A store in memory: SET NX, the release script (delete if ours, then publish), pub/sub; `down` answers nothing. */
function memoryStore(down = false): Store {
  const data = new Map<string, string>()
  const handlers = new Map<string, (message: string) => void>()
  const client = {
    set: async (key: string, value: string, _px: string, _ms: number, nx: string) => {
      if (nx === 'NX' && data.has(key)) return null
      data.set(key, value)
      return 'OK'
    },
    evalsha: async (
      _sha: string,
      _n: number,
      lockKey: string,
      token: string,
      channel: string,
      key: string,
    ) => {
      if (data.get(lockKey) === token) data.delete(lockKey)
      setTimeout(() => handlers.get(channel)?.(key), 1)
      return 1
    },
  }
  return {
    prefix: 'p:',
    up: !down,
    call: async (_op, _component, run, fallback) => (down ? fallback : run(client as never)),
    subscribe: (channel, onMessage) => void handlers.set(channel, onMessage),
    connected: async () => !down,
    close: async () => {},
  }
}

function outcomes(): { metrics: FleetMetrics; seen: CoalesceOutcome[] } {
  const seen: CoalesceOutcome[] = []
  const metrics: FleetMetrics = {
    redisCall: () => {},
    redisFallback: () => {},
    redisUp: () => {},
    coalesce: (outcome) => void seen.push(outcome),
  }
  return { metrics, seen }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Two instances on one store, with a shared "cache" the fills write to and the reads read. */
function fleet(options: { waitMs?: number; down?: boolean } = {}) {
  const store = memoryStore(options.down)
  const cache = new Map<string, string>()
  const make = () => {
    const o = outcomes()
    const coalescing = storeCoalescing(store, {
      waitMs: options.waitMs ?? 2000,
      lockMs: 10_000,
      metrics: o.metrics,
    })
    return { coalescing, seen: o.seen, read: async () => cache.get('link') }
  }
  return { cache, a: make(), b: make() }
}

describe('storeCoalescing', () => {
  it('one fill for the fleet: the other instance waits for the message and reads the answer', async () => {
    const { cache, a, b } = fleet()
    let fills = 0
    const fill = async () => {
      fills++
      await sleep(30)
      cache.set('link', 'answer')
      return 'answer'
    }
    const [first, second] = await Promise.all([
      a.coalescing.lead('link', fill, a.read),
      sleep(5).then(() => b.coalescing.lead('link', fill, b.read)),
    ])
    expect([first, second]).toEqual(['answer', 'answer'])
    expect(fills).toBe(1)
    expect(a.seen).toEqual(['leader'])
    expect(b.seen).toEqual(['hit'])
  })

  it('a holder whose fill fails hands the lock over: the waiter fills', async () => {
    const { cache, a, b } = fleet()
    const failing = async (): Promise<string> => {
      await sleep(20)
      throw new Error('vendor failed')
    }
    const working = async () => {
      cache.set('link', 'answer')
      return 'answer'
    }
    const held = a.coalescing.lead('link', failing, a.read)
    await sleep(5)
    const waited = b.coalescing.lead('link', working, b.read)
    await expect(held).rejects.toThrow('vendor failed')
    expect(await waited).toBe('answer')
    expect(b.seen).toEqual(['leader'])
  })

  it('past the wait bound a waiter fills by itself', async () => {
    const { a, b } = fleet({ waitMs: 60 })
    void a.coalescing.lead('link', () => new Promise<string>(() => {}), a.read)
    await sleep(5)
    const started = performance.now()
    expect(await b.coalescing.lead('link', async () => 'own', b.read)).toBe('own')
    expect(performance.now() - started).toBeGreaterThanOrEqual(55)
    expect(b.seen).toEqual(['timeout'])
  })

  it('a background refresh never waits: undefined, no fill, while another instance holds the link', async () => {
    const { a, b } = fleet()
    void a.coalescing.lead('link', () => new Promise<string>(() => {}), a.read)
    await sleep(5)
    let filled = false
    expect(await b.coalescing.tryLead('link', async () => (filled = true))).toBeUndefined()
    expect(filled).toBe(false)
    expect(b.seen).toEqual(['skipped'])
    expect(await b.coalescing.tryLead('other', async () => 'refreshed')).toBe('refreshed')
  })

  it('a store that does not answer: each instance fills by itself, nothing waits', async () => {
    const { a, b } = fleet({ down: true })
    let fills = 0
    const fill = async () => String(++fills)
    await Promise.all([a.coalescing.lead('link', fill, a.read), b.coalescing.lead('link', fill, b.read)])
    expect(fills).toBe(2)
    expect([...a.seen, ...b.seen]).toEqual([])
  })
})
