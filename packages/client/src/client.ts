import type { Conference, LookupSuccess, paths } from '@joinlink/types'
import { normalizeJoinUrl } from '@joinlink/validation/join-url'
import createClient from 'openapi-fetch'
import { JoinlinkError, kindFor } from './errors.ts'
import {
  type JoinlinkClient,
  type JoinlinkClientOptions,
  type JoinlinkRequestInit,
  type ResolvedOptions,
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
        const { data, error: failure, response } = await raw.POST(LOOKUP_PATH, {
          body: { attendeeJoinUrl: joinUrl.canonicalUrl },
          signal: caller ? AbortSignal.any([caller, timeout]) : timeout,
          parseAs: 'text',
          ...(init.headers && { headers: init.headers }),
        })
        return await readAnswer(config, response, response.ok ? data : failure)
      } catch (cause) {
        if (caller?.aborted) throw caller.reason
        error = cause instanceof JoinlinkError ? cause : transportError(config, cause, timeout.aborted, attempt)
      }
      const retryable =
        ['network', 'timeout', 'rate_limited'].includes(error.kind) || RETRY_STATUSES.includes(error.httpStatus ?? 0)
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

function transportError(config: ResolvedOptions, cause: unknown, timedOut: boolean, attempt: number): JoinlinkError {
  const tries = `attempt ${attempt + 1} of ${config.retries + 1}`
  if (timedOut) {
    return new JoinlinkError(
      'timeout',
      `No answer from ${config.baseUrl} within ${config.timeoutMs} ms (${tries}). Raise timeoutMs or check that the server is up.`,
      { cause },
    )
  }
  // Node's undici hides the useful part (ECONNREFUSED, ENOTFOUND) one level down.
  const inner = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code
  const reason = `${cause instanceof Error ? cause.message : String(cause)}${typeof inner === 'string' ? `: ${inner}` : ''}`
  return new JoinlinkError(
    'network',
    `Could not reach ${config.baseUrl} (${reason}; ${tries}). Check baseUrl and the network.`,
    { cause },
  )
}

async function readAnswer(config: ResolvedOptions, response: Response, text: unknown): Promise<LookupSuccess> {
  const httpStatus = response.status
  const header = { httpStatus, requestId: response.headers.get('x-request-id') ?? undefined }
  const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'))
  let body: unknown = text
  if (typeof text === 'string' || text === undefined) {
    try {
      body = JSON.parse(text ?? '')
    } catch (cause) {
      const type = response.headers.get('content-type') ?? 'no content type'
      throw unexpected(`HTTP ${httpStatus} with a body that is not JSON (${type})`, { ...header, cause })
    }
  }
  if (typeof body !== 'object' || body === null || typeof (body as Envelope).status !== 'number') {
    throw unexpected(`HTTP ${httpStatus} with JSON that is not a Joinlink envelope`, header)
  }
  const envelope = body as Envelope
  const requestId = typeof envelope.request_id === 'string' ? envelope.request_id : header.requestId
  const details = { httpStatus, requestId, status: envelope.status }
  if (config.strict) {
    const { lookupSuccessSchema, errorEnvelopeSchema, describeIssues } = await (validation ??=
      import('@joinlink/validation'))
    const checked = (envelope.status === 0 ? lookupSuccessSchema : errorEnvelopeSchema).safeParse(envelope)
    if (!checked.success) {
      throw unexpected(`HTTP ${httpStatus} with an envelope outside the spec: ${describeIssues(checked.error.issues)}`, details)
    }
  }
  if (envelope.status === 0) {
    const result = envelope.result
    if (response.ok && Array.isArray(result) && typeof result[0] === 'object' && result[0] !== null) {
      return envelope as unknown as LookupSuccess
    }
    throw unexpected(`HTTP ${httpStatus} with status 0 but no conference in result`, details)
  }
  const msg = typeof envelope.msg === 'string' ? envelope.msg : undefined
  const where = [`HTTP ${httpStatus}`, `code ${envelope.status}`, requestId && `request id ${requestId}`]
  const message = `${msg ?? 'The lookup failed'} (${where.filter(Boolean).join(', ')})`
  throw new JoinlinkError(kindFor(httpStatus, envelope.status), message, { ...details, msg, retryAfterMs })
}

function unexpected(what: string, details: ConstructorParameters<typeof JoinlinkError>[2]): JoinlinkError {
  return new JoinlinkError(
    'invalid_response',
    `The server answered ${what}. Check that baseUrl points at a Joinlink server.`,
    details,
  )
}
