// Baseline: the lookup on Fastify, doing the edge's work. PORT (default 0) and HOST from the env.
import Fastify from 'fastify'
import { answer, answerHeaders, BODY_LIMIT_BYTES, buildIndex, LOOKUP_PATH } from './lookup.ts'

const index = buildIndex()
const app = Fastify({ logger: false, bodyLimit: BODY_LIMIT_BYTES })

// Fastify parses the JSON body itself; the zod validation, lookup and envelope are the shared ones.
app.post(LOOKUP_PATH, (request, reply) => {
  const started = performance.now()
  const result = answer(index, request.body, started)
  reply.code(result.status).headers(answerHeaders(result, started)).send(result.body)
})

const address = await app.listen({
  port: Number(process.env.PORT ?? 0),
  host: process.env.HOST ?? '127.0.0.1',
})
console.log(`fastify ready on ${address}`)
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)))
