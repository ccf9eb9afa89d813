// The bare floor on node:http (see bare.ts). PORT (default 0), HOST and JOINLINK_LOG (default true)
// from the environment, as the edge reads them; the same buffered log writer as the edge's.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createLineWriter } from '@joinlink/edge'
import { bareListener } from './bare.ts'

const out = createLineWriter(1)
process.on('exit', out.flush)
const server = createServer(bareListener(process.env.JOINLINK_LOG === 'false' ? undefined : out.line))

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  console.log(`bare-node ready on http://127.0.0.1:${port}`)
})
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => server.close(() => process.exit(0)))
