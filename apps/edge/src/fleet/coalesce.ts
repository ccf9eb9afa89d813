// Request coalescing across a fleet, on the shared store: a short lock per link (SET NX PX, a random
// token), the holder calls the vendor, stores its answer in the shared cache and publishes the
// link's key; the others wait for that message (or poll, in case one is missed) and read the
// answer. A released lock with no answer (the holder failed) passes to the next instance; past
// the wait bound an instance calls the vendor itself.
import { randomUUID } from 'node:crypto'
import { type FleetMetrics, noFleetMetrics } from '../observability/metrics.ts'
import type { FleetCoalescing } from '../sources/fleet-coalescing.ts'
import { runScript, type Store, storeScript } from './store.ts'

/** Between two looks at the shared cache while waiting, when no message comes. */
export const POLL_MS = 100

// Deletes the lock only if it is still ours (it may have expired and been taken), then wakes the waiters.
const RELEASE = storeScript(`if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
redis.call('PUBLISH', ARGV[2], ARGV[3])
return 1`)

export interface CoalescingOptions {
  /** How long a waiter waits for the holder's answer before calling the vendor itself. */
  waitMs: number
  /** How long a lock lives if its holder never releases it (it died): longer than one vendor lookup. */
  lockMs: number
  metrics?: FleetMetrics
}

/** Waiters of this instance by link key, woken by the store's messages. */
class Waiters {
  readonly #byKey = new Map<string, Set<Waiter>>()

  add(key: string): Waiter {
    const waiter = new Waiter(() => {
      const set = this.#byKey.get(key)
      set?.delete(waiter)
      if (set?.size === 0) this.#byKey.delete(key)
    })
    let set = this.#byKey.get(key)
    if (!set) {
      set = new Set()
      this.#byKey.set(key, set)
    }
    set.add(waiter)
    return waiter
  }

  notify(key: string): void {
    for (const waiter of this.#byKey.get(key) ?? []) waiter.wake()
  }
}

class Waiter {
  #woken = false
  #resolve: (() => void) | undefined
  readonly dispose: () => void
  constructor(dispose: () => void) {
    this.dispose = dispose
  }

  wake(): void {
    this.#woken = true
    this.#resolve?.()
  }

  /** Resolves when woken (now, if a message came since the last call) or after `ms`. */
  next(ms: number): Promise<void> {
    if (this.#woken) {
      this.#woken = false
      return Promise.resolve()
    }
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms)
      const self = this
      function done() {
        clearTimeout(timer)
        self.#resolve = undefined
        self.#woken = false
        resolve()
      }
      this.#resolve = done
    })
  }
}

/** {@link FleetCoalescing} on `store`: keys `<prefix>lock:<link>`, channel `<prefix>filled`. */
export function storeCoalescing(store: Store, options: CoalescingOptions): FleetCoalescing {
  const metrics = options.metrics ?? noFleetMetrics
  const channel = `${store.prefix}filled`
  const waiters = new Waiters()
  store.subscribe(channel, (key) => waiters.notify(key))

  // `none`: the store did not answer. The SET may still have taken the lock (a reply past the
  // timeout), so the token is kept and released after the fill, which also wakes any waiter.
  type Lock = { kind: 'ours'; token: string } | { kind: 'theirs' } | { kind: 'none'; token: string }
  const take = async (key: string): Promise<Lock> => {
    const token = randomUUID()
    const reply = await store.call(
      'lock',
      'coalesce',
      (client) => client.set(`${store.prefix}lock:${key}`, token, 'PX', options.lockMs, 'NX'),
      undefined,
    )
    if (reply === 'OK') return { kind: 'ours', token }
    return reply === null ? { kind: 'theirs' } : { kind: 'none', token }
  }
  const release = (key: string, token: string) =>
    void store.call(
      'release',
      'coalesce',
      (client) => runScript(client, RELEASE, [`${store.prefix}lock:${key}`], [token, channel, key]),
      undefined,
    )
  const lead = async <T>(key: string, token: string, fill: () => Promise<T>): Promise<T> => {
    try {
      return await fill()
    } finally {
      release(key, token)
    }
  }

  return {
    async lead(key, fill, read) {
      const started = performance.now()
      const waited = () => (performance.now() - started) / 1000
      // Listening before the first look: a message sent between the look and the wait is not lost.
      const waiter = waiters.add(key)
      try {
        for (;;) {
          const lock = await take(key)
          if (lock.kind === 'none') return await lead(key, lock.token, fill)
          // The holder may have stored its answer between the caller's look and this lock.
          const found = await read()
          if (found !== undefined) {
            if (lock.kind === 'ours') release(key, lock.token)
            metrics.coalesce('hit', waited())
            return found
          }
          if (lock.kind === 'ours') {
            metrics.coalesce('leader', waited())
            return await lead(key, lock.token, fill)
          }
          const left = options.waitMs - (performance.now() - started)
          if (left <= 0) {
            metrics.coalesce('timeout', waited())
            return await fill()
          }
          await waiter.next(Math.min(left, POLL_MS))
        }
      } finally {
        waiter.dispose()
      }
    },
    async tryLead(key, fill) {
      const lock = await take(key)
      if (lock.kind === 'none') return lead(key, lock.token, fill)
      if (lock.kind === 'theirs') {
        metrics.coalesce('skipped', 0)
        return undefined
      }
      metrics.coalesce('leader', 0)
      return lead(key, lock.token, fill)
    },
  }
}
