// The floor on bare node:http (see lookup.ts). PORT (default 0), HOST, JOINLINK_RATE_LIMIT (default
// 120) and JOINLINK_LOG (default true) from the environment, as the edge reads them.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createLineWriter } from '@joinlink/edge'
import { floorListener } from './lookup.ts'

const out = createLineWriter(1)
process.on('exit', out.flush)
const rateLimit = Number(process.env.JOINLINK_RATE_LIMIT ?? 120)
const log = process.env.JOINLINK_LOG === 'false' ? undefined : out.line
const server = createServer(floorListener({ rateLimit, log }))

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  console.log(`raw-node ready on http://127.0.0.1:${port}`)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => server.close(() => process.exit(0)))
