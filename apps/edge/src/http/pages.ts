// The app's static pages (the spec as JSON and YAML, Scalar's script) as bytes prepared once:
// identity, gzip and brotli, each with its ETag. A request only picks one by its Accept-Encoding
// and If-None-Match; nothing is encoded, compressed or hashed per request.

/** A compression the entry offers (node:zlib on Node, Bun and Deno); gzip falls back to CompressionStream. */
export type Compressor = (bytes: Uint8Array, encoding: 'gzip' | 'br') => Promise<Uint8Array>

type Encoding = 'identity' | 'gzip' | 'br'

/** One representation: its bytes and its strong ETag. */
interface Variant {
  bytes: Uint8Array
  etag: string
}

/** A page's bytes in each encoding prepared so far (identity at once, the others when ready). */
export interface PreparedPage {
  readonly type: string
  readonly cacheControl: string
  readonly variants: Partial<Record<Encoding, Variant>> & { identity: Variant }
  /** Settles when every encoding this runtime can make is there. */
  readonly ready: Promise<void>
}

/** The answer for one request of a page. */
export interface PageAnswer {
  status: 200 | 304
  /** The prepared bytes, or for a large page a stream of views into them (nothing copied). */
  body: Uint8Array | ReadableStream<Uint8Array> | null
  headers: Record<string, string>
}

/** Pages larger than this are sent in {@link CHUNK_BYTES} views, one write each (see {@link chunked}). */
export const STREAM_ABOVE_BYTES = 256 * 1024
const CHUNK_BYTES = 64 * 1024

/**
 * The bytes as a stream of 64 KiB views (`subarray`, no copy), pulled as the socket drains: one
 * multi-megabyte write would copy (and, on loopback, deliver) it all in one turn of the event
 * loop, holding up every other request for milliseconds.
 */
function chunked(bytes: Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        controller.enqueue(bytes.subarray(offset, offset + CHUNK_BYTES))
        offset += CHUNK_BYTES
        if (offset >= bytes.byteLength) controller.close()
      },
    },
    { highWaterMark: 0 },
  )
}

const encoder = new TextEncoder()

/** FNV-1a over the bytes, two 32-bit lanes: an ETag, not a security hash. */
export function etagOf(bytes: Uint8Array, suffix = ''): string {
  let a = 0x811c9dc5
  let b = 0x01000193 ^ bytes.length
  for (let i = 0; i < bytes.length; i++) {
    const byte = bytes[i] as number
    a = Math.imul(a ^ byte, 0x01000193)
    b = Math.imul(b ^ byte, 0x5bd1e995)
  }
  return `"${(a >>> 0).toString(36)}${(b >>> 0).toString(36)}-${bytes.length.toString(36)}${suffix}"`
}

/** Gzip with the platform's CompressionStream (Workers, and wherever no compressor is given). */
const webGzip = async (bytes: Uint8Array): Promise<Uint8Array> =>
  new Uint8Array(
    await new Response(
      new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip')),
    ).arrayBuffer(),
  )

/**
 * A page prepared from `body`: identity bytes and their ETag at once; gzip and brotli (brotli only
 * with a `compress` that makes it) in the background, or taken as given (`precompressed`, made at
 * build time). Each encoding has its own ETag, as RFC 9110 asks of different representations.
 * `compress: false` (Workers) prepares identity only: workerd encodes a response body itself from
 * its `Content-Encoding`, so precompressed bytes there would reach the client encoded twice.
 */
export function preparePage(
  body: string | Uint8Array,
  type: string,
  cacheControl: string,
  compress?: Compressor | false,
  precompressed: { gzip?: Uint8Array | undefined; br?: Uint8Array | undefined } = {},
): PreparedPage {
  const identity = typeof body === 'string' ? encoder.encode(body) : body
  const variants: PreparedPage['variants'] = { identity: { bytes: identity, etag: etagOf(identity) } }
  const make = async (encoding: 'gzip' | 'br') => {
    if (compress === false) return
    const given = precompressed[encoding]
    const bytes =
      given ??
      (compress
        ? await compress(identity, encoding)
        : encoding === 'gzip'
          ? await webGzip(identity)
          : undefined)
    // Smaller or not worth it: a tiny page is served as it is.
    if (bytes && bytes.byteLength < identity.byteLength)
      variants[encoding] = { bytes, etag: etagOf(identity, `-${encoding}`) }
  }
  const ready = Promise.all([make('gzip'), make('br')]).then(
    () => undefined,
    () => undefined,
  )
  return { type, cacheControl, variants, ready }
}

/** `name` listed in Accept-Encoding with no `q` or a non-zero one. */
const codingPattern = (name: string) =>
  new RegExp(`(?:^|,)\\s*${name}\\s*(?:;\\s*q\\s*=\\s*([0-9.]+))?\\s*(?=,|$)`, 'i')
const CODINGS = { br: codingPattern('br'), gzip: codingPattern('(?:x-)?gzip') }
const accepts = (acceptEncoding: string, coding: keyof typeof CODINGS) => {
  const match = CODINGS[coding].exec(acceptEncoding)
  return match !== null && (match[1] === undefined || Number(match[1]) > 0)
}

/** The best encoding of `page` that `acceptEncoding` allows: brotli, then gzip, else identity. */
function choose(page: PreparedPage, acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity'
  if (page.variants.br && accepts(acceptEncoding, 'br')) return 'br'
  if (page.variants.gzip && accepts(acceptEncoding, 'gzip')) return 'gzip'
  return 'identity'
}

/** Whether an `If-None-Match` list names `etag` (weak comparison, as RFC 9110 says for GET). */
function matches(ifNoneMatch: string, etag: string): boolean {
  if (ifNoneMatch.trim() === '*') return true
  const opaque = etag.replace(/^W\//, '')
  return ifNoneMatch.split(',').some((tag) => tag.trim().replace(/^W\//, '') === opaque)
}

/** The answer to a GET of `page` (Hono drops the body of a HEAD): 304 when the caller holds it, else the chosen bytes. */
export function pageAnswer(
  page: PreparedPage,
  acceptEncoding: string | undefined,
  ifNoneMatch: string | undefined,
): PageAnswer {
  const encoding = choose(page, acceptEncoding)
  const variant = page.variants[encoding] as Variant
  const headers: Record<string, string> = {
    'Content-Type': page.type,
    'Cache-Control': page.cacheControl,
    ETag: variant.etag,
    Vary: 'Accept-Encoding',
  }
  if (ifNoneMatch && matches(ifNoneMatch, variant.etag)) return { status: 304, body: null, headers }
  if (encoding !== 'identity') headers['Content-Encoding'] = encoding
  headers['Content-Length'] = String(variant.bytes.byteLength)
  const bytes = variant.bytes
  return { status: 200, body: bytes.byteLength > STREAM_ABOVE_BYTES ? chunked(bytes) : bytes, headers }
}
