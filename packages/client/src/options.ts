import type { Conference, LookupSuccess } from '@joinlink/types'
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
   * The `fetch` to use; default `globalThis.fetch`, read at each call (so MSW's `setupServer`
   * intercepts it even when it starts after the client was made). Pass one to test without a server.
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
}

type Rule = [name: keyof JoinlinkClientOptions, wanted: string, ok: (value: never) => unknown]

// An optional option may also be left out (undefined); baseUrl may not.
const RULES: Rule[] = [
  ['baseUrl', 'an http(s) URL', (url: string) => /^https?:/i.test(url) && URL.canParse(url)],
  ['retries', 'an integer >= 0', (n: number) => Number.isInteger(n) && n >= 0],
  ['timeoutMs', 'a number > 0', (n: number) => n > 0 && n < 2 ** 31],
  ['validate', "'off' or 'strict'", (mode: string) => mode === 'off' || mode === 'strict'],
  ['fetch', 'a function', (fetch: unknown) => typeof fetch === 'function'],
  ['apiKey', 'a non-empty string', (key: unknown) => key && typeof key === 'string'],
  ['token', 'a non-empty string', (token: unknown) => token && typeof token === 'string'],
]

/** Checks the options once, at creation, and throws a `JoinlinkError` (`invalid_request`) that says what to fix. */
export function checkOptions(options: JoinlinkClientOptions): void {
  for (const [name, wanted, ok] of RULES) {
    const value = options?.[name]
    if ((value !== undefined || name === 'baseUrl') && !ok(value as never))
      throw new JoinlinkError('invalid_request', `${name} must be ${wanted}; got ${String(value)}`)
  }
}
