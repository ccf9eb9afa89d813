// The upstream cache: an in-memory LRU (lru-cache, bounded by entries and bytes) with HTTP-style freshness (RFC 5861 windows), plus an
// optional shared second layer (the Cache API on Workers) holding serialized entries.
import type { Conference } from '@joinlink/types'
import { conferenceSchema } from '@joinlink/validation'
import { LRUCache } from 'lru-cache'
import { checkJsonBounds, type JsonLimits } from './json-bounds.ts'

/** What a vendor lookup settled on; failures are never cached. */
export type CachedValue = { kind: 'found'; conference: Conference; reqid?: string } | { kind: 'not_found' }

/** One cached answer and when it was fetched (ms, on the cache's clock). */
export interface CacheEntry {
  value: CachedValue
  storedAt: number
}

/**
 * How usable an entry is now: `fresh` answers as a hit; `revalidate` answers stale while a
 * background refresh runs; `stale-if-error` is served only if the vendor fails.
 */
export type Freshness = 'fresh' | 'revalidate' | 'stale-if-error'

export interface CachePolicy {
  freshMs: number
  /** After freshness ends: serve stale and refresh in the background. */
  staleWhileRevalidateMs: number
  /** After freshness ends: serve stale if the vendor fails. */
  staleIfErrorMs: number
  /** How long "no conference for this link" is remembered (no stale window). */
  notFoundMs: number
  maxEntries: number
  /** What all entries may count for together (see {@link entrySize}). */
  maxBytes: number
}

/**
 * A second cache layer shared between instances (on Workers: `caches.default`). Values are
 * opaque strings made by {@link serializeEntry}; `ttlMs` is how long the layer should keep one.
 * Errors are tolerated: a failing layer is treated as a miss.
 */
export interface SharedCache {
  get(key: string): Promise<string | undefined>
  put(key: string, value: string, ttlMs: number): Promise<void>
}

/** The size an entry counts for against `maxBytes`: the length of its JSON (≈ bytes on the wire). */
export const entrySize = (entry: CacheEntry): number =>
  entry.value.kind === 'found' ? JSON.stringify(entry.value.conference).length + 64 : 64

/**
 * The in-memory layer, on lru-cache: bounded by entries and by bytes (least recently used out
 * first), each entry kept for its freshness plus the longer stale window, then dropped.
 */
export class LookupCache {
  readonly #entries: LRUCache<string, CacheEntry>
  readonly #policy: CachePolicy
  readonly #now: () => number

  constructor(policy: CachePolicy, now: () => number = Date.now) {
    this.#policy = policy
    this.#now = now
    this.#entries = new LRUCache<string, CacheEntry>({
      max: policy.maxEntries,
      maxSize: policy.maxBytes,
      // An entry over the whole budget is not stored (lru-cache refuses it) rather than evicting all.
      sizeCalculation: entrySize,
      perf: { now },
    })
  }

  get size(): number {
    return this.#entries.size
  }

  /** What the entries count for against `maxBytes`. */
  get bytes(): number {
    return this.#entries.calculatedSize
  }

  /** The entry for `key` with its freshness, or undefined when absent or past every window. */
  get(key: string): { entry: CacheEntry; freshness: Freshness } | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    const freshness = this.freshness(entry)
    if (!freshness) {
      this.#entries.delete(key)
      return undefined
    }
    return { entry, freshness }
  }

  /** Stores an entry (stamped now unless given); the least recently used go past either bound. */
  set(key: string, value: CachedValue, storedAt: number = this.#now()): CacheEntry {
    const entry = { value, storedAt }
    const ttl = storedAt + this.retentionMs(value) - this.#now()
    if (ttl > 0) this.#entries.set(key, entry, { ttl })
    return entry
  }

  /** Where an entry stands now; undefined once it is past every window. */
  freshness(entry: CacheEntry): Freshness | undefined {
    const age = this.#now() - entry.storedAt
    const p = this.#policy
    if (entry.value.kind === 'not_found') return age < p.notFoundMs ? 'fresh' : undefined
    if (age < p.freshMs) return 'fresh'
    if (age < p.freshMs + p.staleWhileRevalidateMs) return 'revalidate'
    if (age < p.freshMs + p.staleIfErrorMs) return 'stale-if-error'
    return undefined
  }

  /** How long an entry stored now is kept, here and in a shared layer. */
  retentionMs(value: CachedValue): number {
    const p = this.#policy
    return value.kind === 'not_found'
      ? p.notFoundMs
      : p.freshMs + Math.max(p.staleWhileRevalidateMs, p.staleIfErrorMs)
  }
}

/** The shared layer's wire form: JSON of the entry, versioned so a format change is a miss. */
export function serializeEntry(entry: CacheEntry): string {
  return JSON.stringify({ v: 1, ...entry })
}

/** The serialized entry wraps the record two levels deeper than the vendor answer's own bound. */
const ENTRY_WRAPPING_DEPTH = 2

/**
 * Reads a shared-layer value back; anything malformed, outside the spec or past the vendor
 * bounds (`limits`, as for a vendor answer: the layer may be shared with other instances) is a miss.
 */
export function deserializeEntry(text: string, limits?: JsonLimits): CacheEntry | undefined {
  if (limits && checkJsonBounds(text, { ...limits, maxDepth: limits.maxDepth + ENTRY_WRAPPING_DEPTH }))
    return undefined
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return undefined
  }
  if (typeof raw !== 'object' || raw === null) return undefined
  const { v, value, storedAt } = raw as { v?: unknown; value?: unknown; storedAt?: unknown }
  if (v !== 1 || typeof storedAt !== 'number' || typeof value !== 'object' || value === null) return undefined
  const { kind, conference, reqid } = value as { kind?: unknown; conference?: unknown; reqid?: unknown }
  if (kind === 'not_found') return { value: { kind }, storedAt }
  if (kind !== 'found') return undefined
  const parsed = conferenceSchema.safeParse(conference, { reportInput: true })
  if (!parsed.success) return undefined
  const found: CachedValue =
    typeof reqid === 'string' ? { kind, conference: parsed.data, reqid } : { kind, conference: parsed.data }
  return { value: found, storedAt }
}

/** A {@link SharedCache} in memory, for tests and single-process deployments that want one. */
export function createMemorySharedCache(now: () => number = Date.now): SharedCache & { size(): number } {
  const store = new Map<string, { value: string; expires: number }>()
  return {
    async get(key) {
      const hit = store.get(key)
      if (!hit) return undefined
      if (hit.expires <= now()) {
        store.delete(key)
        return undefined
      }
      return hit.value
    },
    async put(key, value, ttlMs) {
      store.set(key, { value, expires: now() + ttlMs })
    },
    size: () => store.size,
  }
}
