// Upstream mode on workerd: the vendor behind the Worker (fake, on 127.0.0.1), the token as a
// binding, the Cache API as the shared layer, background work under ctx.waitUntil.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LOOKUP_PATH, SEED_LINK } from '@joinlink/test-kit/contract'
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { joinUrlPattern } from '@joinlink/validation'
import { dataset } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { RUNTIMES, type Started, startRuntime, startTimeout } from './support/runtime.ts'

const TOKEN = 'vendor-token-SENTINEL-0123456789'
// One more host family than the default: the spec this Worker serves must name it (served-spec.ts).
const ALLOWED_HOSTS = 'qsh1.cn,quanshi.com,example.org'
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
      JOINLINK_ALLOWED_HOSTS: ALLOWED_HOSTS,
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
  it('serves the spec of this deployment, adapted from the static assets: its host families in the join-link pattern', async () => {
    const json = await (await fetch(`${worker.url}/openapi.json`)).json()
    const pattern = json.components.schemas.LookupRequest.properties.attendeeJoinUrl.pattern
    expect(pattern).toBe(joinUrlPattern(ALLOWED_HOSTS.split(',')))
    const yaml = await fetch(`${worker.url}/openapi.yaml`)
    expect(yaml.headers.get('content-type')).toMatch(/yaml/)
    expect(parse(await yaml.text())).toEqual(json)
  })

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

  it('/healthz shows the drift summary after a drifted vendor record', async () => {
    const other = dataset.find((c) => c.attendeeJoinUrl !== SEED_LINK)?.attendeeJoinUrl as string
    vendor.plan({ kind: 'drift', conference: { confMode: 77, driftFieldOnRuntime: 1 } })
    const drifted = await fetch(worker.url + LOOKUP_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ attendeeJoinUrl: other }),
    })
    expect(drifted.status, await drifted.text()).toBe(200)
    const health = (await (await fetch(`${worker.url}/healthz`)).json()) as {
      drift: { answers: number; fields: { path: string }[] }
    }
    expect(health.drift.answers).toBe(1)
    expect(health.drift.fields.map((f) => f.path).sort()).toEqual([
      'result[].confMode',
      'result[].driftFieldOnRuntime',
    ])
  })

  it('the Cache API layer is read and written without errors', () => {
    expect(worker.stdout()).not.toMatch(/shared cache (read|write) failed/)
  })

  it(
    'a new Worker process answers from the Cache API, not the vendor',
    async () => {
      const calls = vendor.calls
      await worker.stop()
      worker = await startWorker()
      const answer = await lookup()
      expect(answer.status).toBe(200)
      expect(answer.headers.get('x-joinlink-cache')).toBe('hit')
      expect(vendor.calls).toBe(calls)
    },
    startTimeout(RUNTIMES.workerd),
  )

  it('never prints the token', () => {
    expect(worker.stdout() + worker.stderr()).not.toContain(TOKEN)
  })
})
