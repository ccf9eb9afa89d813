// Token rotation without restart, over real HTTP: `node dist/node.js` with JOINLINK_UPSTREAM_TOKEN_FILE
// against the fake vendor, which is rotated to accept only the new token mid-run.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LOOKUP_PATH } from '@joinlink/test-kit/contract'
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { dataset } from '@joinlink/validation/fixtures'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { buildEdge, type NodeServer, runUntilExit, startNodeServer } from './support/node-server.ts'

const OLD = 'tok-OLD-0123456789'
const NEW = 'tok-NEW-9876543210'
const dir = mkdtempSync(join(tmpdir(), 'joinlink-token-'))
const tokenFile = join(dir, 'token')
// Distinct links the vendor knows, one per lookup, so the cache never answers for it.
const links = [...new Set(dataset.map((c) => c.attendeeJoinUrl))]
let next = 0
const freshLink = () => links[next++ % links.length] as string

let vendor: FakeVendor
const servers: NodeServer[] = []

beforeAll(async () => {
  buildEdge()
  vendor = await startFakeVendor({ token: OLD })
}, 120_000)
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()))
  vendor.reset()
})
afterAll(async () => {
  await vendor.close()
  rmSync(dir, { recursive: true, force: true })
})

async function start(env: Record<string, string> = {}): Promise<NodeServer> {
  writeFileSync(tokenFile, `${OLD}\n`)
  const server = await startNodeServer({
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: vendor.url,
    JOINLINK_UPSTREAM_TOKEN_FILE: tokenFile,
    JOINLINK_RATE_LIMIT: '0',
    ...env,
  })
  servers.push(server)
  return server
}

async function lookup(server: NodeServer) {
  const res = await fetch(server.url + LOOKUP_PATH, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ attendeeJoinUrl: freshLink() }),
    signal: AbortSignal.timeout(10_000),
  })
  return { status: res.status, body: (await res.json()) as { status: number; upstream?: unknown } }
}

/** Rotates the token: the file holds the new one, and the vendor accepts only that from now on. */
function rotate(refusal?: { status: number; msg: string }) {
  writeFileSync(tokenFile, `${NEW}\n`)
  vendor.setToken(NEW, refusal)
}

describe('JOINLINK_UPSTREAM_TOKEN_FILE', () => {
  it('rotated mid-run: the refused lookup re-reads the file and succeeds with the new token', async () => {
    const server = await start({ JOINLINK_UPSTREAM_TOKEN_CHECK_S: '3600' })
    expect((await lookup(server)).status).toBe(200)
    rotate()
    expect((await lookup(server)).status).toBe(200)
    expect((await lookup(server)).status).toBe(200)
    // One refusal (the first lookup after the rotation), then only the new token.
    expect(vendor.badTokens).toBe(1)
    expect(vendor.tokensSeen.slice(-3)).toEqual([OLD, NEW, NEW])
    expect(server.stdout()).toContain('upstream token reloaded')
    expect(server.stdout() + server.stderr()).not.toMatch(/tok-(OLD|NEW)/)
  }, 30_000)

  it('rotated mid-run: the periodic check picks the new token before the vendor has to refuse it', async () => {
    const server = await start({ JOINLINK_UPSTREAM_TOKEN_CHECK_S: '1' })
    expect((await lookup(server)).status).toBe(200)
    rotate()
    await new Promise((resolve) => setTimeout(resolve, 1100))
    expect((await lookup(server)).status).toBe(200)
    expect(vendor.badTokens).toBe(0)
    expect(vendor.tokensSeen.at(-1)).toBe(NEW)
  }, 30_000)

  it('the vendor refuses a token the file still holds: one call, 502 50201 with the vendor status', async () => {
    const server = await start({ JOINLINK_UPSTREAM_TOKEN_CHECK_S: '3600' })
    vendor.setToken(NEW)
    const answer = await lookup(server)
    expect([answer.status, answer.body.status, answer.body.upstream]).toEqual([
      502,
      50201,
      { status: 10001, msg: '' },
    ])
    expect(vendor.calls).toBe(1)
  }, 30_000)

  it.each([
    { listed: '', status: 502 },
    { listed: '20003', status: 200 },
  ])(
    'a refusal whose msg does not name the token counts only when its status is listed ("$listed" → $status)',
    async ({ listed, status }) => {
      const server = await start({
        JOINLINK_UPSTREAM_TOKEN_CHECK_S: '3600',
        JOINLINK_UPSTREAM_TOKEN_ERROR_STATUSES: listed,
      })
      rotate({ status: 20003, msg: 'credential expired' })
      expect((await lookup(server)).status).toBe(status)
    },
    30_000,
  )

  it('start-up refuses the token and the token file together, and a missing file, naming the variables only', async () => {
    const both = await runUntilExit({
      JOINLINK_SOURCE: 'upstream',
      JOINLINK_UPSTREAM_URL: vendor.url,
      JOINLINK_UPSTREAM_TOKEN: OLD,
      JOINLINK_UPSTREAM_TOKEN_FILE: tokenFile,
    })
    expect(both.code).toBe(1)
    expect(both.stderr).toContain('JOINLINK_UPSTREAM_TOKEN and JOINLINK_UPSTREAM_TOKEN_FILE are both set')
    const missing = await runUntilExit({
      JOINLINK_SOURCE: 'upstream',
      JOINLINK_UPSTREAM_URL: vendor.url,
      JOINLINK_UPSTREAM_TOKEN_FILE: join(dir, 'absent'),
    })
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain(
      `JOINLINK_UPSTREAM_TOKEN_FILE=${join(dir, 'absent')}: cannot read the file (ENOENT)`,
    )
    expect(both.stderr + both.stdout + missing.stderr).not.toContain(OLD)
  }, 30_000)
})
