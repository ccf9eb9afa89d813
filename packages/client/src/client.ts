import { parseRetryAfter } from '@joinlink/core/retry-after'
import type { Conference, LookupSuccess } from '@joinlink/types'
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import { normalizeJoinUrl } from '@joinlink/validation/join-url'
import { JoinlinkError, type JoinlinkErrorDetails, kindFor } from './errors.ts'
import {
  checkOptions,
  type JoinlinkClient,
  type JoinlinkClientOptions,
  type JoinlinkRequestInit,
} from './options.ts'
import { backoffMs, MAX_RETRY_AFTER_MS, sleep } from './retry.ts'

type Envelope = Record<string, unknown>

// Strict mode's checks (and zod) are fetched on first use, so 'off' clients never load them.
let strictCheck: Promise<typeof import('./strict.ts')> | undefined

/** The spec this client was built from, for advice when a server answers outside it. */
const OUTSIDE_SPEC =
  'the server does not follow the spec this @joinlink/client was built from: update the client, or report it to the server operator'

/**
 * Makes a client for the Joinlink conference lookup. Options are checked here: a bad one throws a
 * `JoinlinkError` of kind `invalid_request` at once.
 *
 * @example
 * ```ts
 * import { createJoinlinkClient, JoinlinkError } from '@joinlink/client'
 * const client = createJoinlinkClient({ baseUrl: 'http://127.0.0.1:8787' })
 * const conference = await client.getConference('https://mtest.qsh1.cn/k/mkIW3Txa0Uk')
 * console.log(conference.title)
 * ```
 */
export function createJoinlinkClient(options: JoinlinkClientOptions): JoinlinkClient {
  checkOptions(options)
  const { baseUrl, apiKey, token, timeoutMs = 10_000, retries = 2, validate, fetch, headers } = options
  // One POST with a JSON body: the spec's types say its shape, so no request builder is bundled.
  const url = baseUrl.replace(/\/+$/, '') + LOOKUP_PATH
  const fixed: Record<string, string> = {
    ...headers,
    'Content-Type': 'application/json',
    ...(apiKey && { Authorization: `Bearer ${apiKey}` }),
    ...(token && { token }),
  }

  async function lookup(link: string, init: JoinlinkRequestInit = {}): Promise<LookupSuccess> {
    const joinUrl = normalizeJoinUrl(link)
    if (!joinUrl.ok)
      throw new JoinlinkError('invalid_request', `Not an attendee join link: ${joinUrl.reason}`)
    const caller = init.signal
    caller?.throwIfAborted()
    const body = JSON.stringify({ attendeeJoinUrl: joinUrl.canonicalUrl })
    for (let attempt = 0; ; attempt++) {
      // One controller and one timer per attempt, cleared as soon as it ends: far cheaper per call
      // than AbortSignal.timeout + AbortSignal.any (weakly tracked signals, a timer left running).
      const controller = new AbortController()
      let timedOut = false
      const timer = setTimeout(() => {
        timedOut = true
        controller.abort(new DOMException(`timed out after ${timeoutMs} ms`, 'TimeoutError'))
      }, timeoutMs)
      const onAbort = () => controller.abort(caller?.reason)
      caller?.addEventListener('abort', onAbort)
      let error: JoinlinkError
      try {
        // A fresh Request per attempt (a body is never reused); globalThis.fetch is read per call,
        // so a fetch patched after the client was made (MSW, a test spy) is the one used.
        const request = new Request(url, {
          method: 'POST',
          headers: { ...fixed, ...init.headers },
          body,
          signal: controller.signal,
        })
        const response = await (fetch ? fetch(request) : globalThis.fetch(request))
        return await readAnswer(validate === 'strict', response, await response.text())
      } catch (cause) {
        caller?.throwIfAborted()
        error =
          cause instanceof JoinlinkError
            ? cause
            : new JoinlinkError(
                timedOut ? 'timeout' : 'network',
                timedOut ? `${baseUrl} timed out (timeoutMs ${timeoutMs})` : unreachable(baseUrl, cause),
                { cause },
              )
      } finally {
        clearTimeout(timer)
        caller?.removeEventListener('abort', onAbort)
      }
      // Network failures, timeouts, 429 and 5xx other than 501 are worth another attempt.
      const wait = [429, 500, 502, 503, 504].includes(error.httpStatus ?? 500)
        ? (error.retryAfterMs ?? backoffMs(attempt))
        : MAX_RETRY_AFTER_MS + 1
      if (attempt >= retries || wait > MAX_RETRY_AFTER_MS) throw error
      await sleep(wait, caller)
    }
  }

  return {
    lookup,
    async getConference(link, init) {
      return (await lookup(link, init)).result[0] as Conference
    },
  }
}

/**
 * What a failed `fetch` means. Node's undici hides the telling part (ECONNREFUSED, ENOTFOUND, a
 * TLS error) one level down. A browser says only "Failed to fetch", for a server that is down and
 * for one that refused this page's origin (CORS) alike, so the message names both.
 */
function unreachable(baseUrl: string, cause: unknown): string {
  const code = (cause as { cause?: { code?: string } }).cause?.code
  const page = (globalThis as { location?: { origin?: string } }).location?.origin
  const crossOrigin = page && page !== 'null' && page !== new URL(baseUrl).origin
  return crossOrigin
    ? `${baseUrl} is unreachable, or it refused this page's origin (CORS): ${cause}. If it is up, its operator must allow ${page} (JOINLINK_CORS_ORIGINS=${page} on a Joinlink edge); the browser console names the cause.`
    : `${baseUrl} is unreachable: ${code ?? cause}`
}

async function readAnswer(strict: boolean, response: Response, text: string): Promise<LookupSuccess> {
  const details: JoinlinkErrorDetails = { httpStatus: response.status }
  const invalid = (what: string, advice: string) =>
    new JoinlinkError('invalid_response', `HTTP ${response.status} with ${what}; ${advice}`, details)
  let envelope: Envelope | undefined
  try {
    envelope = JSON.parse(text)
  } catch (cause) {
    details.cause = cause
  }
  const { status, msg, request_id: requestId, result } = envelope ?? {}
  if (typeof status !== 'number') {
    throw invalid(
      `no Joinlink envelope (${response.headers.get('content-type')})`,
      'check that baseUrl points at a Joinlink server',
    )
  }
  Object.assign(details, { status, requestId })
  const report = `${OUTSIDE_SPEC}${typeof requestId === 'string' ? ` (request id ${requestId})` : ''}`
  if (strict) {
    strictCheck ??= import('./strict.ts')
    const problems = (await strictCheck).checkEnvelope(envelope)
    if (problems) throw invalid(`an answer outside the spec: ${problems}`, report)
  }
  if (!status) {
    if (response.ok && (result as unknown[] | undefined)?.[0] instanceof Object)
      return envelope as LookupSuccess
    throw invalid('status 0 but no conference', report)
  }
  details.msg = msg as string | undefined
  details.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
  throw new JoinlinkError(
    kindFor(response.status, status),
    `${msg ?? 'Lookup failed'} (HTTP ${response.status}, code ${status})`,
    details,
  )
}
