import { seedConference } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { createMemorySharedCache, deserializeEntry, entrySize, LookupCache, serializeEntry } from './cache.ts'

const policy = {
  freshMs: 60_000,
  staleWhileRevalidateMs: 300_000,
  staleIfErrorMs: 3_600_000,
  notFoundMs: 10_000,
  maxEntries: 3,
  maxBytes: 1024 * 1024,
}
const found = { kind: 'found', conference: seedConference, reqid: 'r-1' } as const

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
    const size = entrySize({ value: found, storedAt: 0 })
    const cache = new LookupCache({ ...policy, maxEntries: 100, maxBytes: size * 2 + 1 }, clock().now)
    for (const key of ['a', 'b', 'c']) cache.set(key, found)
    expect(cache.size).toBe(2)
    expect(cache.bytes).toBeLessThanOrEqual(size * 2 + 1)
    expect(cache.get('a')).toBeUndefined()
    const tiny = new LookupCache({ ...policy, maxBytes: size - 1 }, clock().now)
    tiny.set('a', found)
    expect(tiny.size).toBe(0)
  })

  it('keeps shared entries for freshness plus the longer stale window', () => {
    const cache = new LookupCache(policy)
    expect(cache.retentionMs(found)).toBe(60_000 + 3_600_000)
    expect(cache.retentionMs({ kind: 'not_found' })).toBe(10_000)
  })
})

describe('shared-layer entries', () => {
  it('round-trip through serializeEntry/deserializeEntry', () => {
    const entry = { value: found, storedAt: 42 }
    expect(deserializeEntry(serializeEntry(entry))).toEqual(entry)
    const missing = { value: { kind: 'not_found' } as const, storedAt: 7 }
    expect(deserializeEntry(serializeEntry(missing))).toEqual(missing)
  })

  it.each([
    ['not JSON', '{'],
    ['another version', JSON.stringify({ v: 2, value: found, storedAt: 1 })],
    [
      'a record outside the spec',
      JSON.stringify({ v: 1, value: { ...found, conference: { title: 1 } }, storedAt: 1 }),
    ],
    ['an unknown kind', JSON.stringify({ v: 1, value: { kind: 'maybe' }, storedAt: 1 })],
  ])('treat %s as a miss', (_name, text) => {
    expect(deserializeEntry(text)).toBeUndefined()
  })

  it('treats an entry nested past the vendor bounds as a miss (another instance may have written it)', () => {
    const deep = JSON.parse(serializeEntry({ value: found, storedAt: 1 }))
    deep.value.conference.attendList[0].userProfile = JSON.parse(`${'{"a":'.repeat(40)}{}${'}'.repeat(40)}`)
    const text = JSON.stringify(deep)
    const limits = { maxDepth: 32, maxNodes: 50_000 }
    expect(deserializeEntry(text)).toBeDefined()
    expect(deserializeEntry(text, limits)).toBeUndefined()
    expect(deserializeEntry(serializeEntry({ value: found, storedAt: 1 }), limits)).toBeDefined()
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
