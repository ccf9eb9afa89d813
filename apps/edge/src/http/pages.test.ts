import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { etagOf, pageAnswer, preparePage } from './pages.ts'

const TEXT = `${'{"openapi":"3.1.0","x":"'.padEnd(40, 'a')}${'spec text '.repeat(2000)}"}`
const compress = async (bytes: Uint8Array, encoding: 'gzip' | 'br') =>
  encoding === 'br' ? new Uint8Array(brotliCompressSync(bytes)) : (await import('node:zlib')).gzipSync(bytes)

describe('preparePage / pageAnswer', () => {
  it.each([
    ['no Accept-Encoding', undefined, undefined],
    ['gzip', 'gzip', 'gzip'],
    ['gzip, deflate, br (a browser)', 'gzip, deflate, br', 'br'],
    ['br;q=0 refuses brotli', 'gzip, br;q=0', 'gzip'],
    ['identity only', 'identity', undefined],
    ['x-gzip', 'x-gzip', 'gzip'],
    ['gzip;q=0', 'gzip;q=0', undefined],
    ['brotli is not br', 'brotli', undefined],
  ])('%s → %s', async (_name, accept, expected) => {
    const page = preparePage(TEXT, 'application/json', 'no-cache', compress)
    await page.ready
    const answer = pageAnswer(page, accept, undefined)
    expect(answer.status).toBe(200)
    expect(answer.headers['Content-Encoding']).toBe(expected)
    expect(answer.headers.Vary).toBe('Accept-Encoding')
    const body = answer.body as Uint8Array
    expect(answer.headers['Content-Length']).toBe(String(body.byteLength))
    const plain =
      expected === 'br'
        ? brotliDecompressSync(body)
        : expected === 'gzip'
          ? gunzipSync(body)
          : Buffer.from(body)
    expect(plain.toString('utf8')).toBe(TEXT)
  })

  it('answers every request with the same bytes (prepared once, not per request)', async () => {
    const page = preparePage(TEXT, 'application/json', 'no-cache', compress)
    await page.ready
    for (const accept of [undefined, 'gzip', 'br']) {
      expect(pageAnswer(page, accept, undefined).body).toBe(pageAnswer(page, accept, undefined).body)
    }
  })

  it('without a compressor: gzip from CompressionStream, no brotli', async () => {
    const page = preparePage(TEXT, 'application/json', 'no-cache')
    await page.ready
    expect(pageAnswer(page, 'br, gzip', undefined).headers['Content-Encoding']).toBe('gzip')
  })

  it('compress: false (Workers, where the platform encodes): identity for every Accept-Encoding, given forms ignored', async () => {
    const br = new Uint8Array(brotliCompressSync(Buffer.from(TEXT)))
    const page = preparePage(TEXT, 'application/json', 'no-cache', false, { br })
    await page.ready
    for (const accept of [undefined, 'gzip', 'br, gzip']) {
      const answer = pageAnswer(page, accept, undefined)
      expect(answer.headers['Content-Encoding']).toBeUndefined()
      expect(new TextDecoder().decode(answer.body as Uint8Array)).toBe(TEXT)
    }
  })

  it('takes compressed forms given at build time as they are', async () => {
    const br = new Uint8Array(brotliCompressSync(Buffer.from(TEXT)))
    const page = preparePage(TEXT, 'text/javascript', 'immutable', undefined, { br })
    await page.ready
    expect(pageAnswer(page, 'br', undefined).body).toBe(br)
  })

  it('304 for a matching If-None-Match, per encoding; 200 for another tag', async () => {
    const page = preparePage(TEXT, 'application/json', 'no-cache', compress)
    await page.ready
    const tags = ['identity', 'gzip', 'br'].map((e) => pageAnswer(page, e, undefined).headers.ETag as string)
    expect(new Set(tags).size).toBe(3)
    const [plain, gz] = tags as [string, string, string]
    expect(pageAnswer(page, 'gzip', gz)).toMatchObject({ status: 304, body: null })
    expect(pageAnswer(page, 'gzip', `"other", W/${gz}`).status).toBe(304)
    expect(pageAnswer(page, undefined, '*').status).toBe(304)
    expect(pageAnswer(page, 'gzip', plain).status).toBe(200)
    expect(pageAnswer(page, undefined, plain).status).toBe(304)
  })

  it('a page over 256 KiB is sent as 64 KiB views of the prepared bytes, whole and in order', async () => {
    const big = new Uint8Array(1_000_003).map((_, i) => i % 251)
    const page = preparePage(big, 'text/javascript', 'immutable', undefined, {
      gzip: new Uint8Array(10),
      br: new Uint8Array(9),
    })
    await page.ready
    const answer = pageAnswer(page, undefined, undefined)
    expect(answer.headers['Content-Length']).toBe('1000003')
    const chunks: Uint8Array[] = []
    const reader = (answer.body as ReadableStream<Uint8Array>).getReader()
    for (let read = await reader.read(); !read.done; read = await reader.read()) chunks.push(read.value)
    expect(chunks).toHaveLength(16)
    expect(chunks.every((chunk) => chunk.buffer === big.buffer)).toBe(true)
    expect(Buffer.compare(Buffer.concat(chunks), big)).toBe(0)
  })

  it('an ETag changes with the bytes', () => {
    const a = new TextEncoder().encode(TEXT)
    const b = new TextEncoder().encode(`${TEXT.slice(0, -3)}b"}`)
    expect(etagOf(a)).not.toBe(etagOf(b))
    expect(etagOf(a)).toBe(etagOf(new TextEncoder().encode(TEXT)))
  })
})
