// One attempt at the vendor: the POST, the capped body read, and the verdict on what came back.
import { type JoinLink, parseRetryAfter, serveRecord } from '@joinlink/core'
import type { Conference } from '@joinlink/types'
import {
  type DriftFinding,
  describeIssues,
  findDrift,
  lookupSuccessSchema,
  normalizeJoinUrl,
} from '@joinlink/validation'
import type { UpstreamConfig } from '../config/config.ts'
import type { CachedValue } from './cache.ts'
import { checkJsonBounds } from './json-bounds.ts'

/** Why an attempt failed; decides retrying, the breaker and the envelope code. */
export type UpstreamFailureKind =
  /** No answer in time (headers or body): 50401. */
  | 'timeout'
  /** Network error, 5xx, 408 or 429: retried, then 50203. */
  | 'unreachable'
  /** The vendor answered a non-zero status: 50201, never retried. */
  | 'vendor-status'
  /** Anything outside the spec (HTML, truncated, mistyped, too big, a redirect): 50202. */
  | 'invalid'

/**
 * A failed attempt; `detail` is short, safe to show and our own words: no vendor text (its `msg`,
 * a header value) is ever part of it.
 */
export class UpstreamAttemptError extends Error {
  override name = 'UpstreamAttemptError'
  readonly kind: UpstreamFailureKind
  readonly detail: string
  /** The vendor's Retry-After, in milliseconds, when it sent one. */
  readonly retryAfterMs: number | undefined
  /**
   * The vendor's own status and msg, for `vendor-status`. The msg is for the operator's log only:
   * at most {@link VENDOR_MSG_MAX} code points, the token scrubbed, controls escaped (see {@link logSafe}).
   */
  readonly vendor: { status: number; msg: string } | undefined

  constructor(
    kind: UpstreamFailureKind,
    detail: string,
    extra: {
      retryAfterMs?: number | undefined
      vendor?: { status: number; msg: string }
      cause?: unknown
    } = {},
  ) {
    super(`${kind}: ${detail}`, { cause: extra.cause })
    this.kind = kind
    this.detail = detail
    this.retryAfterMs = extra.retryAfterMs
    this.vendor = extra.vendor
  }

  /** Worth another attempt: the vendor may answer differently next time. */
  get retryable(): boolean {
    return this.kind === 'timeout' || this.kind === 'unreachable'
  }
}

/** What the vendor answered, before it is served: the validated record (or not-found). */
type VendorValue = { kind: 'found'; conference: Conference; reqid?: string } | { kind: 'not_found' }

/** The record as the cache keeps it and the core answers it: both profiles serialized once, here. */
const served = (value: VendorValue): CachedValue =>
  value.kind === 'found' ? { kind: 'found', record: serveRecord(value.conference, value.reqid) } : value

/** The most code points of a vendor message kept for the log. */
export const VENDOR_MSG_MAX = 200

/**
 * Vendor text made fit for a log line: every occurrence of the token replaced, every control,
 * format or separator character (a terminal escape, a bidi override, a line break, a lone
 * surrogate) written as `\u{…}`, then cut to `max` code points (never inside a surrogate pair).
 */
export function logSafe(text: string, token: string, max: number = VENDOR_MSG_MAX): string {
  const scrubbed = token ? text.replaceAll(token, '[token]') : text
  const escaped = scrubbed.replace(
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/gu,
    (ch) => `\\u{${(ch.codePointAt(0) ?? 0).toString(16)}}`,
  )
  const points = [...escaped]
  if (points.length <= max) return escaped
  // Cut at a code point, and never inside an escape just written.
  return `${points
    .slice(0, max)
    .join('')
    .replace(/\\u\{[0-9a-f]*$/, '')}…`
}

const RETRYABLE_STATUS = (status: number) => status >= 500 || status === 408 || status === 429

/**
 * Makes one POST to the vendor and returns the validated record (or not-found). The timeout covers
 * the request and the whole body read; the body is read as a stream and abandoned past the cap.
 */
export async function callVendor(
  config: UpstreamConfig,
  link: JoinLink,
  fetchFn: typeof fetch,
  now: () => number = Date.now,
  onDrift?: (findings: DriftFinding[]) => void,
  /** Extra request headers (the W3C `traceparent`). */
  extraHeaders?: Readonly<Record<string, string>>,
): Promise<CachedValue> {
  const timeout = AbortSignal.timeout(config.timeoutMs)
  try {
    const response = await fetchFn(config.url + config.path, {
      method: 'POST',
      headers: {
        ...extraHeaders,
        token: config.token,
        'Content-Type': 'application/json',
        Accept: 'application/json',
      },
      body: JSON.stringify({ attendeeJoinUrl: link.canonicalUrl }),
      redirect: 'manual',
      signal: timeout,
    })
    // Workers' ResponseType has no 'opaqueredirect' (it returns the 3xx itself): compare as a string.
    if ((response.type as string) === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
      await response.body?.cancel().catch(() => {})
      throw new UpstreamAttemptError(
        'invalid',
        `the vendor redirected (HTTP ${response.status}); redirects are never followed`,
      )
    }
    if (RETRYABLE_STATUS(response.status)) {
      await response.body?.cancel().catch(() => {})
      throw new UpstreamAttemptError('unreachable', `HTTP ${response.status}`, {
        retryAfterMs: parseRetryAfter(response.headers.get('retry-after'), now()),
      })
    }
    const text = await readCapped(response, config.maxBodyBytes)
    const { value, drift } = judge(response, text, config)
    const accepted = withinRecordCap(
      belongsTo(value, link, config.allowedHosts),
      config.maxRecordBytes,
      config.token,
    )
    // Only an answer that is served counts as drift seen; a refused one is a failure, not drift.
    if (drift.length) onDrift?.(drift)
    return served(accepted)
  } catch (error) {
    if (error instanceof UpstreamAttemptError) throw error
    if (timeout.aborted)
      throw new UpstreamAttemptError('timeout', `no answer within ${config.timeoutMs} ms`, { cause: error })
    throw new UpstreamAttemptError('unreachable', networkDetail(error), { cause: error })
  }
}

/** Reads the body as text, cancelling the stream as soon as it passes `limit` bytes. */
async function readCapped(response: Response, limit: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? Number.NaN)
  if (declared > limit) {
    await response.body?.cancel().catch(() => {})
    throw tooBig(limit)
  }
  if (!response.body) return ''
  const reader = response.body.getReader()
  const decoder = new TextDecoder()
  let size = 0
  let text = ''
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel().catch(() => {})
      throw tooBig(limit)
    }
    text += decoder.decode(value, { stream: true })
  }
  return text + decoder.decode()
}

const tooBig = (limit: number) =>
  new UpstreamAttemptError('invalid', `the answer is over ${Math.round(limit / 1024)} KiB`)

/** A record for another link (another code, or the same code on another host) is never cached or served. */
function belongsTo(value: VendorValue, link: JoinLink, allowedHosts: readonly string[]): VendorValue {
  if (value.kind !== 'found') return value
  const got = normalizeJoinUrl(value.conference.attendeeJoinUrl, allowedHosts)
  if (got.ok && got.host === link.host && got.code === link.code) return value
  throw new UpstreamAttemptError('invalid', 'result[0].attendeeJoinUrl is not the link that was asked for')
}

/**
 * A record bigger than the cap is refused rather than served or cached. Measured as the UTF-8
 * JSON of the validated record, which is what the cache holds and a `full` caller receives. So is
 * a record that holds the vendor token in any string (a vendor echoing it back): in no profile may
 * it reach a caller.
 */
function withinRecordCap(value: VendorValue, maxBytes: number, token: string): VendorValue {
  if (value.kind !== 'found') return value
  const json = JSON.stringify(value.conference)
  // The token as it appears inside a JSON string (a `"` or `\` in it escaped).
  if (token && (json.includes(JSON.stringify(token).slice(1, -1)) || value.reqid?.includes(token)))
    throw new UpstreamAttemptError('invalid', "the record holds the edge's vendor token")
  const bytes = utf8Length(json)
  if (bytes <= maxBytes) return value
  throw new UpstreamAttemptError('invalid', `the record is over ${Math.floor(maxBytes / 1024)} KiB`)
}

/** UTF-8 byte length without allocating the encoded bytes. */
function utf8Length(text: string): number {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 1 // a surrogate pair: 2 UTF-16 units, 4 bytes
      i++
    } else if (code >= 0x800) bytes += 2
    else if (code >= 0x80) bytes += 1
  }
  return bytes
}

/** The verdict on a complete body: found, not found, a vendor status, or outside the spec. */
function judge(
  response: Response,
  text: string,
  limits: { maxDepth: number; maxNodes: number; token: string },
): { value: VendorValue; drift: DriftFinding[] } {
  // Before parsing: a document nested or sized past any real record is refused, never parsed,
  // validated or serialised (a 40,000-level userProfile would overflow the stack later).
  const bounds = checkJsonBounds(text, limits)
  if (bounds) {
    throw new UpstreamAttemptError(
      'invalid',
      bounds.over === 'depth'
        ? `the answer is nested deeper than ${bounds.limit} levels`
        : `the answer holds more than ${bounds.limit} JSON values`,
    )
  }
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    // Our words only: the vendor's Content-Type (or any header) is never echoed to a caller.
    const what = text.trim() ? (/^\s*</.test(text) ? 'HTML, not JSON' : 'not valid JSON') : 'an empty body'
    throw new UpstreamAttemptError('invalid', `HTTP ${response.status}: ${what}`)
  }
  const envelope = typeof json === 'object' && json !== null && !Array.isArray(json) ? json : undefined
  const status = (envelope as { status?: unknown } | undefined)?.status
  if (typeof status === 'number' && status !== 0 && Number.isInteger(status)) {
    // The spec's UpstreamFailure.status is a safe integer: 2^60 would break strict clients.
    if (!Number.isSafeInteger(status))
      throw new UpstreamAttemptError('invalid', 'its status is a number beyond ±2^53')
    const msg = (envelope as { msg?: unknown }).msg
    const vendor = { status, msg: typeof msg === 'string' ? logSafe(msg, limits.token) : '' }
    // The vendor's msg stays out of `detail`: it goes to the operator's log only.
    throw new UpstreamAttemptError('vendor-status', `its status ${status}`, { vendor })
  }
  if (!response.ok)
    throw new UpstreamAttemptError('invalid', `HTTP ${response.status} without a vendor status`)
  const result = (envelope as { result?: unknown } | undefined)?.result
  if (status === 0 && Array.isArray(result) && result.length === 0)
    return { value: { kind: 'not_found' }, drift: [] }
  const parsed = lookupSuccessSchema.safeParse(json, { reportInput: true })
  if (!parsed.success) throw new UpstreamAttemptError('invalid', describeIssues(parsed.error.issues, 1))
  const [conference] = parsed.data.result
  if (!conference) throw new UpstreamAttemptError('invalid', 'result: no conference')
  // The raw JSON, not parsed.data: validation dropped the fields the spec does not know.
  const drift = findDrift(json)
  return parsed.data.reqid === undefined
    ? { value: { kind: 'found', conference }, drift }
    : { value: { kind: 'found', conference, reqid: parsed.data.reqid }, drift }
}

/** A network error's code (ECONNRESET, ECONNREFUSED…) without its message, which may name internals. */
function networkDetail(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause
  const code = typeof cause?.code === 'string' ? cause.code : undefined
  return code ? `network error ${code}` : 'network error'
}
