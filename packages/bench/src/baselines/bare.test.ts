// The bare floor answers each dataset link byte for byte as the edge does (request id, timings and
// dates aside), and logs the same line: what `pnpm bench` compares the edge with must be the same work.
import { resolve } from 'node:path'
import { dataset } from '@joinlink/validation/dataset'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BENCH_DIR, EDGE_DIR, SEED_BODY } from '../context.ts'
import { EDGE_ENV } from '../scenarios/edge.ts'
import { type Server, startServer } from '../servers.ts'
import { type Case, exchange, logLine, request, timeless } from './wire.ts'

let edge: Server
let bare: Server

beforeAll(async () => {
  ;[edge, bare] = await Promise.all([
    startServer('edge', [resolve(EDGE_DIR, 'src/entry/node.ts')], { cpu: undefined, env: EDGE_ENV }),
    startServer('bare', [resolve(BENCH_DIR, 'src/baselines/bare-node.ts')], {
      cpu: undefined,
      env: EDGE_ENV,
    }),
  ])
}, 60_000)
afterAll(() => Promise.all([edge?.stop(), bare?.stop()]))

const cases: Case[] = [
  { name: 'the bench request', body: SEED_BODY },
  ...dataset.map((c) => ({
    name: c.attendeeJoinUrl,
    body: JSON.stringify({ attendeeJoinUrl: c.attendeeJoinUrl }),
  })),
]

describe('the bare floor writes the edge bytes', () => {
  it.each(cases)('$name', async (c) => {
    const { id, head, payload } = request(c)
    const [fromEdge, fromBare] = await Promise.all([
      exchange(edge, head, payload),
      exchange(bare, head, payload),
    ])
    expect(fromEdge).toMatch(/^HTTP\/1\.1 200 /)
    expect(timeless(fromBare)).toBe(timeless(fromEdge))
    await expect.poll(() => logLine(edge, id), { timeout: 2000 }).toBeDefined()
    await expect.poll(() => logLine(bare, id), { timeout: 2000 }).toBe(logLine(edge, id))
  })

  it('a request it cannot answer without the core is a bare 404, not a wrong 200', async () => {
    const { head, payload } = request({
      name: 'unknown',
      body: '{"attendeeJoinUrl":"https://s.qsh1.cn/k/zzzz0000"}',
    })
    expect(await exchange(bare, head, payload)).toMatch(/^HTTP\/1\.1 404 /)
  })
})
