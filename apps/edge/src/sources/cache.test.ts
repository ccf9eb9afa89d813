import { servedSize, serveRecord } from '@joinlink/core'
import type { Conference } from '@joinlink/types'
import { conferenceSchema } from '@joinlink/validation'
import { seedConference } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import {
  type CachedValue,
  createMemorySharedCache,
  deserializeEntry,
  ENTRY_OVERHEAD,
  entrySize,
  LookupCache,
  serializeEntry,
} from './cache.ts'

const policy = {
  freshMs: 60_000,
  staleWhileRevalidateMs: 300_000,
  staleIfErrorMs: 3_600_000,
  notFoundMs: 10_000,
  maxEntries: 3,
  maxBytes: 1024 * 1024,
}
// As a vendor answer is served: validated first (zod writes the fields in the spec's order).
const vendorRecord = (conference: Conference, reqid?: string) =>
  serveRecord(conferenceSchema.parse(conference), reqid)
const found: CachedValue = { kind: 'found', record: vendorRecord(seedConference, 'r-1') }
/** An entry as the cache makes it, stored at `storedAt`. */
const entryOf = (value: CachedValue, storedAt = 42) =>
  new LookupCache({ ...policy, maxEntries: 1 }, () => storedAt).set('x', value, storedAt)

function clock() {
  const c = { t: 1_000_000, now: () => c.t }
  return c
}

describe('LookupCache', () => {
  it.each([
    [0, 'fresh'],
    [59_999, 'fresh'],
    [60_000, 'revalidate'],
    [359_999, 'revalidate'],
    [360_000, 'stale-if-error'],
    [3_659_999, 'stale-if-error'],
    [3_660_000, undefined],
  ])('a record aged %i ms is %s', (age, freshness) => {
    const c = clock()
    const cache = new LookupCache(policy, c.now)
    cache.set('k', found)
    c.t += age
    expect(cache.get('k')?.freshness).toBe(freshness)
  })

  it('remembers "no conference" for notFoundMs only, with no stale window', () => {
    const c = clock()
    const cache = new LookupCache(policy, c.now)
    cache.set('k', { kind: 'not_found' })
    c.t += 9_999
    expect(cache.get('k')?.freshness).toBe('fresh')
    c.t += 1
    expect(cache.get('k')).toBeUndefined()
    expect(cache.size).toBe(0)
  })

  it('evicts the least recently used past maxEntries', () => {
    const cache = new LookupCache(policy, clock().now)
    for (const key of ['a', 'b', 'c']) cache.set(key, found)
    cache.get('a')
    cache.set('d', found)
    expect(cache.size).toBe(3)
    expect(cache.get('b')).toBeUndefined()
    expect(cache.get('a')).toBeDefined()
  })

  it('evicts the least recently used past maxBytes, and never stores an entry over the whole budget', () => {
    const size = entrySize(entryOf(found))
    const cache = new LookupCache({ ...policy, maxEntries: 100, maxBytes: size * 2 + 1 }, clock().now)
    for (const key of ['a', 'b', 'c']) cache.set(key, found)
    expect(cache.size).toBe(2)
    expect(cache.bytes).toBeLessThanOrEqual(size * 2 + 1)
    expect(cache.get('a')).toBeUndefined()
    const tiny = new LookupCache({ ...policy, maxBytes: size - 1 }, clock().now)
    tiny.set('a', found)
    expect(tiny.size).toBe(0)
  })

  it("counts what each entry holds: its record's bytes and the objects around them, exactly", () => {
    const cache = new LookupCache({ ...policy, maxEntries: 100 }, clock().now)
    const records = [seedConference, { ...seedConference, title: '季度评审会议'.repeat(500) }].map((c) =>
      serveRecord(c),
    )
    records.forEach((record, i) => {
      cache.set(`k${i}`, { kind: 'found', record })
    })
    cache.set('none', { kind: 'not_found' })
    const held = records.reduce((sum, r) => sum + r.bytes.byteLength, 0)
    expect(cache.bytes).toBe(
      held + records.reduce((sum, r) => sum + servedSize(r) - r.bytes.byteLength, 0) + 3 * ENTRY_OVERHEAD,
    )
    // The CJK title counts at its UTF-8 size (3 bytes a character), in both profiles.
    expect((records[1]?.bytes.byteLength ?? 0) - (records[0]?.bytes.byteLength ?? 0)).toBeGreaterThanOrEqual(
      2 * 3 * 6 * 500 - 2 * seedConference.title.length * 3,
    )
  })

  it('keeps shared entries for freshness plus the longer stale window', () => {
    const cache = new LookupCache(policy)
    expect(cache.retentionMs(found)).toBe(60_000 + 3_600_000)
    expect(cache.retentionMs({ kind: 'not_found' })).toBe(10_000)
  })
})

describe('shared-layer entries', () => {
  it('round-trip through serializeEntry/deserializeEntry, bytes and deadlines alike', () => {
    const entry = entryOf(found)
    expect(deserializeEntry(serializeEntry(entry))).toEqual(entry)
    const missing = entryOf({ kind: 'not_found' }, 7)
    expect(deserializeEntry(serializeEntry(missing))).toEqual(missing)
    const cjk = entryOf({ kind: 'found', record: vendorRecord({ ...seedConference, title: '会议 😀' }) })
    expect(deserializeEntry(serializeEntry(cjk))).toEqual(cjk)
  })

  const good = JSON.parse(serializeEntry(entryOf(found)))
  it.each([
    ['not JSON', '{'],
    ['the previous version', JSON.stringify({ v: 1, value: { kind: 'not_found' }, storedAt: 1 })],
    ['a deadline missing', JSON.stringify({ ...good, staleUntil: undefined })],
    ['an offset past the bytes', JSON.stringify({ ...good, fullTail: 1e9 })],
    ['offsets out of order', JSON.stringify({ ...good, fullHead: good.publicTail - 1 })],
    [
      'a record outside the spec',
      serializeEntry(
        entryOf({ kind: 'found', record: serveRecord({ ...seedConference, title: 1 as never }) }),
      ),
    ],
    ['a full answer that is not JSON', JSON.stringify({ ...good, text: good.text.slice(0, -3) })],
    ['an unknown kind', JSON.stringify({ ...good, kind: 'maybe' })],
  ])('treat %s as a miss', (_name, text) => {
    expect(deserializeEntry(text)).toBeUndefined()
  })

  it('serves the public answer from the checked full record, whatever the stored public bytes say', () => {
    const shift = (n: number) => n + '"LEAKED"'.length - '""'.length
    const forged = {
      ...good,
      text: good.text.replace('"pcode1":""', '"pcode1":"LEAKED"'),
      publicTail: shift(good.publicTail),
      fullHead: shift(good.fullHead),
      fullTail: shift(good.fullTail),
    }
    const entry = deserializeEntry(JSON.stringify(forged))
    expect(entry).toEqual(entryOf(found))
  })

  it('treats an entry nested past the vendor bounds as a miss (another instance may have written it)', () => {
    const nested = {
      ...seedConference,
      attendList: seedConference.attendList.map((a) => ({
        ...a,
        userProfile: JSON.parse(`${'{"a":'.repeat(40)}{}${'}'.repeat(40)}`),
      })),
    }
    const text = serializeEntry(entryOf({ kind: 'found', record: serveRecord(nested) }))
    const limits = { maxDepth: 32, maxNodes: 50_000 }
    expect(deserializeEntry(text)).toBeDefined()
    expect(deserializeEntry(text, limits)).toBeUndefined()
    expect(deserializeEntry(serializeEntry(entryOf(found)), limits)).toBeDefined()
  })

  it('the memory shared cache forgets entries after their ttl', async () => {
    const c = clock()
    const shared = createMemorySharedCache(c.now)
    await shared.put('k', 'v', 1000)
    expect(await shared.get('k')).toBe('v')
    c.t += 1000
    expect(await shared.get('k')).toBeUndefined()
    expect(shared.size()).toBe(0)
  })
})
