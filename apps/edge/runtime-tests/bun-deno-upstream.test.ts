// What Bun's and Deno's entries wire up themselves, on the real runtimes: the token file read with
// each runtime's own file API and re-read after a rotation, and a client that aborts mid-body
// logged as 499 (each runtime aborts the request's signal its own way).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { LOOKUP_PATH } from '@joinlink/test-kit/contract'
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { dataset } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RUNTIMES, type Started, startRuntime, startTimeout } from './support/runtime.ts'

const OLD = 'tok-OLD-0123456789'
const NEW = 'tok-NEW-9876543210'
const links = [...new Set(dataset.map((c) => c.attendeeJoinUrl))]

for (const runtime of [RUNTIMES.bun, RUNTIMES.deno]) {
  describe(`upstream on ${runtime.name}`, () => {
    const dir = mkdtempSync(join(tmpdir(), 'joinlink-runtime-token-'))
    const tokenFile = join(dir, 'token')
    let vendor: FakeVendor
    let server: Started | undefined
    let next = 0

    beforeAll(async () => {
      vendor = await startFakeVendor({ token: OLD })
      writeFileSync(tokenFile, `${OLD}\n`)
      server = await startRuntime(runtime, {
        JOINLINK_SOURCE: 'upstream',
        JOINLINK_UPSTREAM_URL: vendor.url,
        JOINLINK_UPSTREAM_TOKEN_FILE: tokenFile,
        JOINLINK_UPSTREAM_TOKEN_CHECK_S: '3600',
      })
    }, startTimeout(runtime))
    afterAll(async () => {
      await server?.stop()
      await vendor?.close()
      rmSync(dir, { recursive: true, force: true })
    }, 15_000)

    const lookup = async () => {
      const res = await fetch(`${server?.url}${LOOKUP_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ attendeeJoinUrl: links[next++ % links.length] }),
        signal: AbortSignal.timeout(10_000),
      })
      await res.arrayBuffer()
      return res.status
    }

    it('reads the token file, and after a rotation re-reads it when the vendor refuses the old token', async () => {
      expect(await lookup()).toBe(200)
      writeFileSync(tokenFile, `${NEW}\n`)
      vendor.setToken(NEW)
      expect(await lookup()).toBe(200)
      expect(await lookup()).toBe(200)
      expect(vendor.tokensSeen).toEqual([OLD, OLD, NEW, NEW])
      expect(`${server?.stdout()}${server?.stderr()}`).not.toMatch(/tok-(OLD|NEW)/)
    })

    it('/healthz shows the drift summary after a drifted vendor record', async () => {
      vendor.plan({ kind: 'drift', conference: { confMode: 77, driftFieldOnRuntime: 1 } })
      expect(await lookup()).toBe(200)
      const health = await (
        await fetch(`${server?.url}/healthz`, { signal: AbortSignal.timeout(5000) })
      ).json()
      expect(health.source).toBe('upstream')
      expect(health.drift.answers).toBe(1)
      expect(health.drift.fields.map((f: { path: string }) => f.path).sort()).toEqual([
        'result[].confMode',
        'result[].driftFieldOnRuntime',
      ])
    })

    it('a client that aborts mid-body is logged as 499, with no error line', async () => {
      const socket = connect({ host: '127.0.0.1', port: Number(new URL(server?.url ?? '').port) })
      socket.on('error', () => {})
      try {
        await new Promise((resolve) => socket.once('connect', resolve))
        socket.write(
          `POST ${LOOKUP_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"attendeeJoinUrl":`,
        )
        await new Promise((resolve) => setTimeout(resolve, 300))
      } finally {
        socket.destroy()
      }
      const deadline = Date.now() + 5000
      while (!server?.stdout().includes('"status":499') && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 50))
      expect(server?.stdout()).toContain('"status":499')
      expect(`${server?.stdout()}${server?.stderr()}`).not.toMatch(/unhandled error|"status":500/)
    })
  })
}
