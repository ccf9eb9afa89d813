// SIGTERM on `node dist/node.js` in upstream mode: every lookup it accepted is answered, however
// long the vendor takes within its timeout (here 12 s under JOINLINK_UPSTREAM_TIMEOUT_MS=15000,
// past the 10 s the grace used to be); and what a grace set too short cuts is counted in the log.

import { LOOKUP_PATH } from '@joinlink/test-kit/contract'
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { dataset } from '@joinlink/validation/fixtures'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildEdge, type NodeServer, startNodeServer } from './support/node-server.ts'

const TOKEN = 'tok-shutdown-0123456789'
const servers: NodeServer[] = []
let slow: FakeVendor

beforeAll(async () => {
  buildEdge()
  slow = await startFakeVendor({ token: TOKEN, latencyMs: 12_000 })
}, 120_000)
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()))
})
afterAll(() => slow?.close())

async function start(env: Record<string, string>): Promise<NodeServer> {
  const server = await startNodeServer({
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: slow.url,
    JOINLINK_UPSTREAM_TOKEN: TOKEN,
    JOINLINK_UPSTREAM_TIMEOUT_MS: '15000',
    ...env,
  })
  servers.push(server)
  return server
}

/** `n` links of distinct conferences the fake vendor knows (distinct: no two share a vendor call). */
const links = (n: number) => [...new Set(dataset.map((c) => c.attendeeJoinUrl))].slice(0, n)

const lookup = (url: string, link: string) =>
  fetch(`${url}${LOOKUP_PATH}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Connection: 'close' },
    body: JSON.stringify({ attendeeJoinUrl: link }),
    signal: AbortSignal.timeout(40_000),
  }).then(
    async (res) => ({ status: res.status, body: (await res.json()) as { status: number } }),
    (error: Error) => ({ status: error.name, body: { status: -1 } }),
  )

async function whenVendorHolds(n: number) {
  const deadline = Date.now() + 10_000
  while (slow.inFlight < n && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50))
  expect(slow.inFlight).toBe(n)
}

describe('shutdown (Node)', () => {
  it('SIGTERM with a 12 s vendor under JOINLINK_UPSTREAM_TIMEOUT_MS=15000: every accepted lookup answered 200, then the process exits 0', async () => {
    const server = await start({ JOINLINK_LOG: 'false' })
    const pending = links(5).map((link) => lookup(server.url, link))
    await whenVendorHolds(5)
    const sentAt = Date.now()
    server.child.kill('SIGTERM')
    const answers = await Promise.all(pending)
    expect(
      answers.map((a) => [a.status, a.body.status]),
      JSON.stringify(answers),
    ).toEqual(Array(5).fill([200, 0]))
    const exit = await server.exited
    expect(exit.code).toBe(0)
    // The answers came when the vendor did, ~12 s after they were sent, not at a 10 s cut.
    expect(Date.now() - sentAt).toBeGreaterThan(5_000)
  }, 60_000)

  it('a grace set shorter than the vendor (JOINLINK_SHUTDOWN_GRACE_S=1): the cut lookups are counted in the log, exit 1', async () => {
    const server = await start({ JOINLINK_SHUTDOWN_GRACE_S: '1' })
    const pending = links(3).map((link) => lookup(server.url, link))
    await whenVendorHolds(3)
    server.child.kill('SIGTERM')
    const exit = await server.exited
    expect(exit.code).toBe(1)
    const cut = server
      .stdout()
      .split('\n')
      .find((line) => line.includes('"msg":"shutdown grace over"'))
    expect(JSON.parse(cut ?? '{}')).toMatchObject({ cut: 3, grace_ms: 1000 })
    const answers = await Promise.all(pending)
    expect(answers.every((a) => a.status !== 200)).toBe(true)
  }, 30_000)
})
