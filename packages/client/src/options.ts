import type { Conference, LookupSuccess, paths } from '@joinlink/types'
import type { Client } from 'openapi-fetch'
import { JoinlinkError } from './errors.ts'

/** Options of {@link createJoinlinkClient}. Only `baseUrl` is required. */
export interface JoinlinkClientOptions {
  /** Where the Joinlink server is, e.g. `http://127.0.0.1:8787` or `https://joinlink.example.com`. */
  baseUrl: string
  /** A Joinlink edge API key, sent as `Authorization: Bearer <key>`; scope `full` returns unredacted records. */
  apiKey?: string
  /**
   * The vendor's access token, sent as the `token` header; for server-side calls straight to the vendor API.
   * @see https://github.com/joinlink/joinlink/blob/main/spec/openapi.yaml (securitySchemes.vendorToken)
   */
  token?: string
  /** How long one attempt may take, in milliseconds, before it is abandoned (and retried); default 10 000. */
  timeoutMs?: number
  /** How many times to retry after a network error, a timeout, a 5xx or a 429; default 2 (3 attempts in all). */
  retries?: number
  /** `'strict'` checks every answer against the spec's zod schemas (loaded lazily); default `'off'`. */
  validate?: 'off' | 'strict'
  /**
   * The `fetch` to use; default `globalThis.fetch`. Pass one to test without a server.
   * @see https://developer.mozilla.org/docs/Web/API/Window/fetch
   */
  fetch?: (request: Request) => Promise<Response>
  /** Extra headers sent with every request, e.g. `{ 'X-Request-Id': id }`. */
  headers?: Record<string, string>
}

/** Per-call options of `getConference` and `lookup`. */
export interface JoinlinkRequestInit {
  /** Aborts the call, retries included; the call then rejects with the signal's reason. */
  signal?: AbortSignal
  /** Extra headers for this call only. */
  headers?: Record<string, string>
}

/** A Joinlink client; make one with {@link createJoinlinkClient}. */
export interface JoinlinkClient {
  /** Resolves to the conference the attendee join link belongs to, or rejects with a `JoinlinkError`. */
  getConference(link: string, init?: JoinlinkRequestInit): Promise<Conference>
  /** Resolves to the whole success envelope (`result`, `request_id`, `timestamp`, …). */
  lookup(link: string, init?: JoinlinkRequestInit): Promise<LookupSuccess>
  /**
   * The underlying openapi-fetch client, with base URL and auth headers set; no retries or envelope checks.
   * @see https://openapi-ts.dev/openapi-fetch/
   */
  readonly raw: Client<paths>
}

/** The options after checking, with defaults filled in. */
export interface ResolvedOptions {
  baseUrl: string
  timeoutMs: number
  retries: number
  strict: boolean
  headers: Record<string, string>
  fetch: ((request: Request) => Promise<Response>) | undefined
}

function refuse(name: string, wanted: string, got: unknown): never {
  throw new JoinlinkError('invalid_request', `${name} must be ${wanted}; got ${String(got)}`)
}

/** Checks the options once, at creation, and throws a `JoinlinkError` (`invalid_request`) that says what to fix. */
export function resolveOptions(options: JoinlinkClientOptions): ResolvedOptions {
  const {
    baseUrl,
    apiKey,
    token,
    timeoutMs = 10_000,
    retries = 2,
    validate = 'off',
    fetch,
    headers,
  } = options ?? {}
  let protocol: string | undefined
  try {
    protocol = new URL(baseUrl).protocol
  } catch {}
  if (protocol !== 'http:' && protocol !== 'https:') {
    refuse('baseUrl', 'an absolute http(s) URL such as http://127.0.0.1:8787', baseUrl)
  }
  if (!Number.isInteger(retries) || retries < 0) refuse('retries', 'a whole number, 0 or more', retries)
  if (!(timeoutMs > 0 && timeoutMs < 2 ** 31))
    refuse('timeoutMs', 'a positive number of milliseconds', timeoutMs)
  if (validate !== 'off' && validate !== 'strict') refuse('validate', "'off' or 'strict'", validate)
  if (fetch !== undefined && typeof fetch !== 'function')
    refuse('fetch', 'a function like globalThis.fetch', fetch)
  for (const [name, value] of Object.entries({ apiKey, token })) {
    if (value !== undefined && (typeof value !== 'string' || !value))
      refuse(name, 'a non-empty string', value)
  }
  const all: Record<string, string> = { ...headers }
  if (apiKey) all.Authorization = `Bearer ${apiKey}`
  if (token) all.token = token
  return { baseUrl, timeoutMs, retries, strict: validate === 'strict', headers: all, fetch }
}
