import { lookupError } from '@joinlink/core'

const tooLarge = (maxSize: number) => lookupError('BODY_TOO_LARGE', { limit: maxSize })

/**
 * Reads a request's body, refusing one over `maxSize` bytes with a 413 `LookupError`: by its
 * Content-Length when it declares one (before reading anything), else by counting while it
 * streams in. A declared length is read with `request.text()`, which lets @hono/node-server read
 * the socket directly instead of building a Web `ReadableStream` for every request.
 */
export function readBody(request: Request, maxSize: number): Promise<string | Uint8Array> {
  const declared = request.headers.get('content-length')
  if (declared !== null && request.headers.get('transfer-encoding') === null) {
    if (Number.parseInt(declared, 10) > maxSize) return Promise.reject(tooLarge(maxSize))
    return request.text()
  }
  return countBody(request.body, maxSize)
}

async function countBody(body: ReadableStream<Uint8Array> | null, maxSize: number): Promise<Uint8Array> {
  if (!body) return new Uint8Array(0)
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
  return buffer.subarray(0, size)
}
