import { lookupError } from '@joinlink/core'
import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../env.ts'

const tooLarge = (maxSize: number) => lookupError('BODY_TOO_LARGE', { limit: maxSize })

/**
 * Refuses a body over `maxSize` bytes: by its Content-Length when it declares one, else by
 * counting while it streams in. Unlike hono/body-limit it never touches `c.req.raw.body` for a
 * declared length, so @hono/node-server keeps its direct body read instead of building a
 * Web `ReadableStream` for every request.
 */
export function bodyLimit(maxSize: number): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const declared = c.req.header('content-length')
    if (declared !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(declared, 10) > maxSize) throw tooLarge(maxSize)
      return next()
    }
    const body = c.req.raw.body
    if (!body) return next()
    let size = 0
    let buffer = new Uint8Array(0)
    const reader = body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      const offset = size
      size += value.length
      if (size > maxSize) {
        await reader.cancel().catch(() => {})
        throw tooLarge(maxSize)
      }
      if (size > buffer.length) {
        const grown = new Uint8Array(Math.min(maxSize, Math.max(size, buffer.length * 2)))
        grown.set(buffer.subarray(0, offset))
        buffer = grown
      }
      buffer.set(value, offset)
    }
    c.req.raw = new Request(c.req.raw, { body: buffer.subarray(0, size) })
    return next()
  }
}
