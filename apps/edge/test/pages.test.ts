// Pages on Node (app.request, an injected clock): the spec and /docs count against a per-address
// page limit of their own (429 42901 with Retry-After), which never touches lookups or other
// addresses; the spec is answered from prepared bytes with an ETag and 304.
import { LOOKUP_PATH, SEED_LINK } from '@joinlink/test-kit/contract'
import { describe, expect, it } from 'vitest'
import { buildTestApp } from './support/app.ts'

const from = (address: string, headers: Record<string, string> = {}) => ({
  headers: { 'x-test-client': address, ...headers },
})
const byHeader = (c: { req: { header(name: string): string | undefined } }) => c.req.header('x-test-client')

describe('pages (Node, app.request)', () => {
  it('GETs of pages past JOINLINK_PAGE_RATE_LIMIT a minute get 429 42901 with Retry-After; lookups and other addresses are untouched', async () => {
    let t = 0
    const { app } = await buildTestApp(
      { JOINLINK_PAGE_RATE_LIMIT: '10', JOINLINK_RATE_LIMIT: '0' },
      { now: () => t, clientAddress: byHeader },
    )
    const paths = ['/openapi.json', '/openapi.yaml', '/docs']
    const statuses: number[] = []
    for (let i = 0; i < 30; i++)
      statuses.push((await app.request(paths[i % 3] as string, from('192.0.2.1'))).status)
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(200))
    expect(new Set(statuses.slice(10))).toEqual(new Set([429]))

    t = 15_000
    const refused = await app.request('/openapi.json', from('192.0.2.1'))
    expect(refused.status).toBe(429)
    expect(refused.headers.get('retry-after')).toBe('45')
    expect(await refused.json()).toMatchObject({ status: 42901 })

    expect((await app.request('/openapi.json', from('192.0.2.2'))).status).toBe(200)
    const lookup = await app.request(LOOKUP_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-test-client': '192.0.2.1' },
      body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
    })
    expect(lookup.status).toBe(200)
    // /healthz and /readyz are probes, not pages.
    expect((await app.request('/healthz', from('192.0.2.1'))).status).toBe(200)

    t = 60_000
    expect((await app.request('/openapi.json', from('192.0.2.1'))).status).toBe(200)
  })

  it('JOINLINK_PAGE_RATE_LIMIT=0 turns the page limit off', async () => {
    const { app } = await buildTestApp({ JOINLINK_PAGE_RATE_LIMIT: '0' }, { clientAddress: byHeader })
    for (let i = 0; i < 100; i++)
      expect((await app.request('/openapi.yaml', from('192.0.2.1'))).status).toBe(200)
  })

  it('the spec: ETag, 304 for If-None-Match, gzip from bytes made once', async () => {
    const { app } = await buildTestApp({})
    const first = await app.request('/openapi.json')
    const etag = first.headers.get('etag') as string
    expect(etag).toMatch(/^"[0-9a-z]+-[0-9a-z]+"$/)
    expect(first.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate')
    JSON.parse(await first.text())
    const revalidated = await app.request('/openapi.json', { headers: { 'if-none-match': etag } })
    expect(revalidated.status).toBe(304)
    expect(await revalidated.text()).toBe('')
    // The gzip form is made in the background at creation; once there, the same bytes each time.
    let gz = await app.request('/openapi.json', { headers: { 'accept-encoding': 'gzip' } })
    for (let i = 0; i < 50 && gz.headers.get('content-encoding') !== 'gzip'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 20))
      gz = await app.request('/openapi.json', { headers: { 'accept-encoding': 'gzip' } })
    }
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gz.headers.get('etag')).not.toBe(etag)
    const a = new Uint8Array(await gz.arrayBuffer())
    const b = new Uint8Array(
      await (await app.request('/openapi.json', { headers: { 'accept-encoding': 'gzip' } })).arrayBuffer(),
    )
    expect(Buffer.compare(a, b)).toBe(0)
    expect(a.byteLength).toBeLessThan(Number(first.headers.get('content-length')) / 3)
  })
})
