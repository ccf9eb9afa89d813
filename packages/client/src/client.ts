import { parseRetryAfter } from '@joinlink/core/retry-after'
import type { Conference, LookupSuccess, paths } from '@joinlink/types'
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import { normalizeJoinUrl } from '@joinlink/validation/join-url'
import createClient from 'openapi-fetch'
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
  const raw = createClient<paths>({
    baseUrl,
    // openapi-fetch skips headers whose value is undefined.
    headers: { ...headers, Authorization: apiKey && `Bearer ${apiKey}`, token },
    ...(fetch && { fetch }),
  })

  async function lookup(link: string, init: JoinlinkRequestInit = {}): Promise<LookupSuccess> {
    const joinUrl = normalizeJoinUrl(link)
    if (!joinUrl.ok)
      throw new JoinlinkError('invalid_request', `Not an attendee join link: ${joinUrl.reason}`)
    const caller = init.signal
    caller?.throwIfAborted()
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
        const {
          data,
          error: failure,
          response,
        } = await raw.POST(LOOKUP_PATH, {
          ...init,
          body: { attendeeJoinUrl: joinUrl.canonicalUrl },
          signal: controller.signal,
          parseAs: 'text',
        })
        return await readAnswer(validate === 'strict', response, response.ok ? data : failure)
      } catch (cause) {
        caller?.throwIfAborted()
        // Node's undici hides the telling part (ECONNREFUSED, ENOTFOUND, a TLS error) one level down.
        const code = (cause as { cause?: { code?: string } }).cause?.code
        error =
          cause instanceof JoinlinkError
            ? cause
            : new JoinlinkError(
                timedOut ? 'timeout' : 'network',
                `${baseUrl} ${timedOut ? `timed out (timeoutMs ${timeoutMs})` : `is unreachable: ${code ?? cause}`}`,
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
    raw,
  }
}

async function readAnswer(strict: boolean, response: Response, payload: unknown): Promise<LookupSuccess> {
  const details: JoinlinkErrorDetails = { httpStatus: response.status }
  const invalid = (what: string) =>
    new JoinlinkError('invalid_response', `HTTP ${response.status} with ${what}; check baseUrl`, details)
  let envelope: Envelope | undefined
  // openapi-fetch hands over text for a success (parseAs) and its own JSON.parse attempt for a failure.
  try {
    envelope = typeof payload === 'string' ? JSON.parse(payload) : payload
  } catch (cause) {
    details.cause = cause
  }
  const { status, msg, request_id: requestId, result } = envelope ?? {}
  if (typeof status !== 'number')
    throw invalid(`no Joinlink envelope (${response.headers.get('content-type')})`)
  Object.assign(details, { status, requestId })
  if (strict) {
    strictCheck ??= import('./strict.ts')
    const problems = (await strictCheck).checkEnvelope(envelope)
    if (problems) throw invalid(`an envelope outside the spec: ${problems}`)
  }
  if (!status) {
    if (response.ok && (result as unknown[] | undefined)?.[0] instanceof Object)
      return envelope as LookupSuccess
    throw invalid('no conference')
  }
  details.msg = msg as string | undefined
  details.retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
  throw new JoinlinkError(
    kindFor(response.status, status),
    `${msg ?? 'Lookup failed'} (HTTP ${response.status}, code ${status})`,
    details,
  )
}
