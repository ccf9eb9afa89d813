import type { Conference, LookupSuccess, paths } from '@joinlink/types'
import { normalizeJoinUrl } from '@joinlink/validation/join-url'
import createClient from 'openapi-fetch'
import { JoinlinkError, type JoinlinkErrorDetails, kindFor } from './errors.ts'
import {
  type JoinlinkClient,
  type JoinlinkClientOptions,
  type JoinlinkRequestInit,
  resolveOptions,
} from './options.ts'
import { backoffMs, MAX_RETRY_AFTER_MS, parseRetryAfter, sleep } from './retry.ts'

const LOOKUP_PATH = '/confopenapi/conference/getConferenceByAttendeeJoinUrl'
const RETRY_STATUSES = [500, 502, 503, 504]

type Envelope = Record<string, unknown> & { status: number }

let validation: Promise<typeof import('@joinlink/validation')> | undefined

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
  const config = resolveOptions(options)
  const raw = createClient<paths>({
    baseUrl: config.baseUrl,
    headers: config.headers,
    ...(config.fetch && { fetch: config.fetch }),
  })

  async function lookup(link: string, init: JoinlinkRequestInit = {}): Promise<LookupSuccess> {
    const joinUrl = normalizeJoinUrl(link)
    if (!joinUrl.ok) {
      throw new JoinlinkError('invalid_request', `Not an attendee join link: ${joinUrl.reason}.`)
    }
    const caller = init.signal
    for (let attempt = 0; ; attempt++) {
      caller?.throwIfAborted()
      const timeout = AbortSignal.timeout(config.timeoutMs)
      let error: JoinlinkError
      try {
        const {
          data,
          error: failure,
          response,
        } = await raw.POST(LOOKUP_PATH, {
          body: { attendeeJoinUrl: joinUrl.canonicalUrl },
          signal: caller ? AbortSignal.any([caller, timeout]) : timeout,
          parseAs: 'text',
          ...(init.headers && { headers: init.headers }),
        })
        return await readAnswer(config.strict, response, response.ok ? data : failure)
      } catch (cause) {
        if (caller?.aborted) throw caller.reason
        if (cause instanceof JoinlinkError) error = cause
        else {
          const where = `${config.baseUrl} (attempt ${attempt + 1} of ${config.retries + 1})`
          // Node's undici hides the telling part (ECONNREFUSED, ENOTFOUND, bad port) one level down.
          const inner = (cause as { cause?: { code?: string; message?: string } }).cause
          const reason = String(inner?.code ?? inner?.message ?? cause)
          error = timeout.aborted
            ? new JoinlinkError(
                'timeout',
                `No answer from ${where} within ${config.timeoutMs} ms. Raise timeoutMs or check the server.`,
                { cause },
              )
            : new JoinlinkError(
                'network',
                `Could not reach ${where}: ${reason}. Check baseUrl and the network.`,
                { cause },
              )
        }
      }
      const retryable =
        ['network', 'timeout', 'rate_limited'].includes(error.kind) ||
        RETRY_STATUSES.includes(error.httpStatus ?? 0)
      if (attempt >= config.retries || !retryable) throw error
      const wait = error.retryAfterMs ?? backoffMs(attempt)
      if (wait > MAX_RETRY_AFTER_MS) throw error
      await sleep(wait, caller)
    }
  }

  return {
    lookup,
    async getConference(link, init) {
      const envelope = await lookup(link, init)
      return envelope.result[0] as Conference
    },
    raw,
  }
}

async function readAnswer(strict: boolean, response: Response, payload: unknown): Promise<LookupSuccess> {
  const { status: httpStatus, headers } = response
  const details: JoinlinkErrorDetails = { httpStatus, requestId: headers.get('x-request-id') ?? undefined }
  const invalid = (what: string, cause?: unknown) =>
    new JoinlinkError(
      'invalid_response',
      `The server answered HTTP ${httpStatus} with ${what}. Check that baseUrl points at a Joinlink server.`,
      cause === undefined ? details : { ...details, cause },
    )
  let body = payload
  // openapi-fetch hands over text for a success (parseAs) and its own JSON.parse attempt for a failure.
  if (typeof body !== 'object') {
    try {
      body = JSON.parse(String(payload ?? ''))
    } catch (cause) {
      throw invalid(`a body that is not JSON (${headers.get('content-type')})`, cause)
    }
  }
  const envelope = body as Envelope | null
  if (typeof envelope?.status !== 'number') throw invalid('JSON that is not a Joinlink envelope')
  details.status = envelope.status
  if (typeof envelope.request_id === 'string') details.requestId = envelope.request_id
  if (strict) {
    validation ??= import('@joinlink/validation')
    const { lookupSuccessSchema, errorEnvelopeSchema, describeIssues } = await validation
    const checked = (envelope.status ? errorEnvelopeSchema : lookupSuccessSchema).safeParse(envelope)
    if (!checked.success)
      throw invalid(`an envelope outside the spec: ${describeIssues(checked.error.issues)}`)
  }
  if (!envelope.status) {
    const [first] = Array.isArray(envelope.result) ? envelope.result : []
    if (response.ok && typeof first === 'object' && first) return envelope as unknown as LookupSuccess
    throw invalid('status 0 but no conference in result')
  }
  const msg = typeof envelope.msg === 'string' ? envelope.msg : undefined
  const id = details.requestId ? `, request id ${details.requestId}` : ''
  throw new JoinlinkError(
    kindFor(httpStatus, envelope.status),
    `${msg ?? 'The lookup failed'} (HTTP ${httpStatus}, code ${envelope.status}${id})`,
    { ...details, msg, retryAfterMs: parseRetryAfter(headers.get('retry-after')) },
  )
}
