// Page compression for the long-running runtimes: node:zlib (Node, Bun and Deno all have it), off
// the event loop (zlib's thread pool), once per page at start-up.
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import type { Compressor } from '../http/pages.ts'

const gzipAsync = promisify(gzip)
const brotliAsync = promisify(brotliCompress)

/** Gzip level 9, brotli quality 9: made once per page, so the best sizes that stay fast. */
export const zlibCompressor: Compressor = async (bytes, encoding) =>
  new Uint8Array(
    encoding === 'gzip'
      ? await gzipAsync(bytes, { level: 9 })
      : await brotliAsync(bytes, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: 9,
            [constants.BROTLI_PARAM_SIZE_HINT]: bytes.byteLength,
          },
        }),
  )
