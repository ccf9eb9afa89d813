// The upstream cache's second level in the shared store: opaque serialized entries under
// `<prefix>cache:<link>`, kept for as long as the cache would keep them. A store that fails is a
// miss (reads) or a skipped write: the in-memory level in front keeps answering.
import type { SharedCache } from '../sources/cache.ts'
import type { Store } from './store.ts'

/** The shared store as the upstream source's {@link SharedCache}; never rejects. */
export function storeSharedCache(store: Store): SharedCache {
  const prefix = `${store.prefix}cache:`
  return {
    async get(key) {
      const value = await store.call('cache_get', 'cache', (client) => client.get(prefix + key), undefined)
      return value ?? undefined
    },
    async put(key, value, ttlMs) {
      await store.call(
        'cache_set',
        'cache',
        (client) => client.set(prefix + key, value, 'PX', Math.max(1, Math.ceil(ttlMs))),
        undefined,
      )
    },
  }
}
