// The upstream cache: an in-memory LRU (lru-cache, bounded by entries and by the bytes it holds) with HTTP-style freshness (RFC 5861
// windows), plus an optional shared second layer (the Cache API on Workers) holding serialized entries.
import { answerBytes, type ServedRecord, servedSize, serveRecord } from '@joinlink/core'
import { lookupSuccessSchema } from '@joinlink/validation'
import { LRUCache } from 'lru-cache'
import { checkJsonBounds, type JsonLimits } from './json-bounds.ts'

/**
 * What a vendor lookup settled on; failures are never cached. A record is kept as its served
 * answers (both profiles' bytes, made once when it arrived), never as a parsed object.
 */
export type CachedValue = { kind: 'found'; record: ServedRecord } | { kind: 'not_found' }

/**
 * One cached answer: a plain value (bytes, numbers) that a shared store can keep as it is. The
 * times are ms on the cache's clock.
 */
export interface CacheEntry {
  value: CachedValue
  /** When the vendor answered it. */
  storedAt: number
  /** Until then it answers as a hit. */
  freshUntil: number
  /** Until then it answers stale while a background refresh runs. */
  revalidateUntil: number
  /** Until then it answers stale if the vendor fails; it is dropped then. */
  staleUntil: number
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
  /** The bytes all entries may hold together (see {@link entrySize}). */
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

/**
 * What one entry holds besides its record: the entry and value objects, its key, and lru-cache's
 * slot (a Map entry and its parallel arrays) — ~280 bytes of heap measured on Node 24.
 */
export const ENTRY_OVERHEAD = 320

/** The memory an entry holds, counted against `maxBytes`: its record's bytes and every object around them. */
export const entrySize = (entry: CacheEntry): number =>
  entry.value.kind === 'found' ? servedSize(entry.value.record) + ENTRY_OVERHEAD : ENTRY_OVERHEAD

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

  /** The bytes the entries hold, as counted against `maxBytes`. */
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
    const p = this.#policy
    const entry: CacheEntry =
      value.kind === 'not_found'
        ? {
            value,
            storedAt,
            freshUntil: storedAt + p.notFoundMs,
            revalidateUntil: storedAt + p.notFoundMs,
            staleUntil: storedAt + p.notFoundMs,
          }
        : {
            value,
            storedAt,
            freshUntil: storedAt + p.freshMs,
            revalidateUntil: storedAt + p.freshMs + p.staleWhileRevalidateMs,
            staleUntil: storedAt + this.retentionMs(value),
          }
    const ttl = entry.staleUntil - this.#now()
    if (ttl > 0) this.#entries.set(key, entry, { ttl })
    return entry
  }

  /** Where an entry stands now; undefined once it is past every window. */
  freshness(entry: CacheEntry): Freshness | undefined {
    const now = this.#now()
    if (now < entry.freshUntil) return 'fresh'
    if (now < entry.revalidateUntil) return 'revalidate'
    if (now < entry.staleUntil) return 'stale-if-error'
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

/**
 * The shared layer's wire form: JSON of the entry, its record as the text of its bytes (UTF-8 of
 * JSON, so it round-trips exactly) with the byte offsets; versioned so a format change is a miss.
 */
export function serializeEntry(entry: CacheEntry): string {
  const { value, ...times } = entry
  if (value.kind === 'not_found') return JSON.stringify({ v: 2, ...times, kind: value.kind })
  const { bytes, publicTail, fullHead, fullTail } = value.record
  const text = decoder.decode(bytes)
  return JSON.stringify({ v: 2, ...times, kind: value.kind, text, publicTail, fullHead, fullTail })
}

const decoder = new TextDecoder()
const encoder = new TextEncoder()
const TIMES = ['storedAt', 'freshUntil', 'revalidateUntil', 'staleUntil'] as const

/**
 * Reads a shared-layer value back; anything malformed, outside the spec or past the vendor
 * bounds (`limits`, as for a vendor answer: the layer may be shared with other instances) is a
 * miss. A record is checked as a vendor answer is — its full answer parsed and validated — and
 * served again from what passed, so the public answer is always this version's projection.
 */
export function deserializeEntry(text: string, limits?: JsonLimits): CacheEntry | undefined {
  let raw: Record<string, unknown>
  try {
    const parsed: unknown = JSON.parse(text)
    if (typeof parsed !== 'object' || parsed === null) return undefined
    raw = parsed as Record<string, unknown>
  } catch {
    return undefined
  }
  if (raw.v !== 2 || TIMES.some((name) => typeof raw[name] !== 'number')) return undefined
  const times = Object.fromEntries(TIMES.map((name) => [name, raw[name] as number])) as Omit<
    CacheEntry,
    'value'
  >
  if (raw.kind === 'not_found') return { value: { kind: 'not_found' }, ...times }
  if (raw.kind !== 'found' || typeof raw.text !== 'string') return undefined
  const encoded = encoder.encode(raw.text)
  // Workers' types say ArrayBufferLike; TextEncoder always makes a plain ArrayBuffer.
  const bytes = new Uint8Array(encoded.buffer as ArrayBuffer, encoded.byteOffset, encoded.byteLength)
  const offsets = [raw.publicTail, raw.fullHead, raw.fullTail]
  if (!offsets.every((n, i) => Number.isInteger(n) && (n as number) >= (i ? (offsets[i - 1] as number) : 0)))
    return undefined
  if ((raw.fullTail as number) > bytes.byteLength) return undefined
  const record = {
    bytes,
    publicTail: raw.publicTail as number,
    fullHead: raw.fullHead as number,
    fullTail: raw.fullTail as number,
  }
  const full = decoder.decode(
    answerBytes(record, 'full', { requestId: 'shared', timestamp: 0, duration: '0ms' }),
  )
  if (limits && checkJsonBounds(full, limits)) return undefined
  let answer: unknown
  try {
    answer = JSON.parse(full)
  } catch {
    return undefined
  }
  const parsed = lookupSuccessSchema.safeParse(answer, { reportInput: true })
  const conference = parsed.success ? parsed.data.result[0] : undefined
  if (!parsed.success || !conference) return undefined
  return { value: { kind: 'found', record: serveRecord(conference, parsed.data.reqid) }, ...times }
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
