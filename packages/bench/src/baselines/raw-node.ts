// Baseline: the lookup on bare node:http, doing the edge's work. PORT (default 0) and HOST from the env.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { answer, answerHeaders, BODY_LIMIT_BYTES, buildIndex, LOOKUP_PATH } from './lookup.ts'

const index = buildIndex()

const server = createServer((request, response) => {
  const started = performance.now()
  if (request.method !== 'POST' || request.url !== LOOKUP_PATH) {
    response.writeHead(404, { 'content-type': 'application/json' }).end('{"status":40402}')
    return
  }
  if (!request.headers['content-type']?.startsWith('application/json')) {
    response.writeHead(415, { 'content-type': 'application/json' }).end('{"status":41501}')
    return
  }
  const chunks: Buffer[] = []
  let size = 0
  request.on('data', (chunk: Buffer) => {
    size += chunk.length
    if (size <= BODY_LIMIT_BYTES) chunks.push(chunk)
  })
  request.on('end', () => {
    if (size > BODY_LIMIT_BYTES) {
      response.writeHead(413, { 'content-type': 'application/json' }).end('{"status":41301}')
      return
    }
    const result = answer(index, Buffer.concat(chunks).toString('utf8'), started)
    response
      .writeHead(result.status, {
        ...answerHeaders(result, started),
        'content-length': Buffer.byteLength(result.body),
      })
      .end(result.body)
  })
})

server.listen(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo
  console.log(`raw-node ready on http://127.0.0.1:${port}`)
})
process.once('SIGTERM', () => server.close(() => process.exit(0)))
