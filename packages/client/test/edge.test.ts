import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { fileURLToPath } from 'node:url'
import { seedConference } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createJoinlinkClient } from '../src/index.ts'

// Real HTTP against the edge's Node build (apps/edge: `pnpm --filter @joinlink/edge build`); skipped when not built.
const entry = fileURLToPath(new URL('../../../apps/edge/dist/node.js', import.meta.url))

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

describe.skipIf(!existsSync(entry))('over real HTTP against the edge (fixtures source)', () => {
  let edge: ChildProcess
  let baseUrl = ''

  beforeAll(async () => {
    const port = await freePort()
    baseUrl = `http://127.0.0.1:${port}`
    edge = spawn(process.execPath, [entry], {
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port) },
      stdio: 'ignore',
    })
    const probe = createJoinlinkClient({ baseUrl, retries: 0, timeoutMs: 500 })
    for (let i = 0; i < 100; i++) {
      const up = await probe.lookup('https://mtest.qsh1.cn/k/mkIW3Txa0Uk').then(
        () => true,
        (error: { kind?: string }) => error.kind !== 'network',
      )
      if (up) return
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
    throw new Error(`the edge did not start on ${baseUrl}`)
  }, 20_000)

  afterAll(() => {
    edge?.kill()
  })

  it('getConference resolves to the seed conference, public profile, and passes strict validation', async () => {
    const client = createJoinlinkClient({ baseUrl, validate: 'strict' })
    const conference = await client.getConference('HTTPS://MTEST.qsh1.cn/k/mkIW3Txa0Uk/?priority=web')
    expect(conference.title).toBe(seedConference.title)
    expect(conference.pcode1).toBe('')
  })

  it('an unknown code is not_found with the envelope fields', async () => {
    const client = createJoinlinkClient({ baseUrl, validate: 'strict' })
    await expect(client.getConference('https://mtest.qsh1.cn/k/zzzz0000')).rejects.toMatchObject({
      kind: 'not_found',
      status: 40401,
      httpStatus: 404,
      requestId: expect.any(String),
    })
  })

  it('a wrong path on the server is invalid_request, not not_found', async () => {
    const client = createJoinlinkClient({ baseUrl: `${baseUrl}/nothing-here`, retries: 0 })
    await expect(client.getConference('https://mtest.qsh1.cn/k/mkIW3Txa0Uk')).rejects.toMatchObject({
      kind: 'invalid_request',
      httpStatus: 404,
    })
  })
})
