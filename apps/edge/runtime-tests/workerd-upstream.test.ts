// Upstream mode on workerd: the vendor behind the Worker (fake, on 127.0.0.1), the token as a
// binding, the Cache API as the shared layer, background work under ctx.waitUntil.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LOOKUP_PATH, SEED_LINK } from '@joinlink/test-kit/contract'
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RUNTIMES, type Started, startRuntime, startTimeout } from './support/runtime.ts'

const TOKEN = 'vendor-token-SENTINEL-0123456789'
// workerd's local Cache API lives here: a second Worker process started on it shares the cache.
const state = mkdtempSync(join(tmpdir(), 'joinlink-workerd-state-'))
let vendor: FakeVendor
let worker: Started

const startWorker = () =>
  startRuntime(
    RUNTIMES.workerd,
    {
      JOINLINK_SOURCE: 'upstream',
      JOINLINK_UPSTREAM_URL: vendor.url,
      JOINLINK_UPSTREAM_TOKEN: TOKEN,
      JOINLINK_CACHE_FRESH_S: '60',
    },
    ['--persist-to', state],
  )

beforeAll(async () => {
  vendor = await startFakeVendor({ token: TOKEN })
  worker = await startWorker()
}, startTimeout(RUNTIMES.workerd))

afterAll(async () => {
  await worker?.stop()
  await vendor?.close()
  rmSync(state, { recursive: true, force: true })
}, 15_000)

const lookup = () =>
  fetch(worker.url + LOOKUP_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
  })

describe(`upstream source on ${RUNTIMES.workerd.name}`, () => {
  it('the first lookup reaches the vendor with the token binding; the next is a cache hit', async () => {
    const first = await lookup()
    expect(first.status, await first.clone().text()).toBe(200)
    expect(first.headers.get('x-joinlink-cache')).toBe('miss')
    expect(((await first.json()) as { status: number }).status).toBe(0)
    expect(vendor.calls).toBe(1)
    expect(vendor.badTokens).toBe(0)

    const second = await lookup()
    expect(second.status).toBe(200)
    expect(second.headers.get('x-joinlink-cache')).toBe('hit')
    expect(vendor.calls).toBe(1)
  })

  it('the Cache API layer is read and written without errors', () => {
    expect(worker.stdout()).not.toMatch(/shared cache (read|write) failed/)
  })

  it(
    'a new Worker process answers from the Cache API, not the vendor',
    async () => {
      await worker.stop()
      worker = await startWorker()
      const answer = await lookup()
      expect(answer.status).toBe(200)
      expect(answer.headers.get('x-joinlink-cache')).toBe('hit')
      expect(vendor.calls).toBe(1)
    },
    startTimeout(RUNTIMES.workerd),
  )

  it('never prints the token', () => {
    expect(worker.stdout() + worker.stderr()).not.toContain(TOKEN)
  })
})
