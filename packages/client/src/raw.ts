/**
 * The lookup as a plain openapi-fetch client, typed from the spec: base URL and auth headers set,
 * no retries, no envelope checks, no link normalisation. A separate entry point, so apps that use
 * only `createJoinlinkClient` do not bundle openapi-fetch.
 *
 * @example
 * ```ts
 * import { createRawClient } from '@joinlink/client/raw'
 * const raw = createRawClient({ baseUrl: 'http://127.0.0.1:8787' })
 * const { data, error, response } = await raw.POST('/confopenapi/conference/getConferenceByAttendeeJoinUrl', {
 *   body: { attendeeJoinUrl: 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk' },
 * })
 * ```
 * @see https://openapi-ts.dev/openapi-fetch/
 * @module
 */
import type { paths } from '@joinlink/types'
import createClient, { type Client } from 'openapi-fetch'
import { checkOptions, type JoinlinkClientOptions } from './options.ts'

/** Options of {@link createRawClient}: the connection options of `createJoinlinkClient`. */
export type RawClientOptions = Pick<
  JoinlinkClientOptions,
  'baseUrl' | 'apiKey' | 'token' | 'fetch' | 'headers'
>

/** An openapi-fetch client for the Joinlink spec (`POST`, typed by path), with base URL and auth headers set. */
export function createRawClient(options: RawClientOptions): Client<paths> {
  checkOptions(options)
  const { baseUrl, apiKey, token, fetch, headers } = options
  return createClient<paths>({
    baseUrl,
    // openapi-fetch skips headers whose value is undefined.
    headers: { ...headers, Authorization: apiKey && `Bearer ${apiKey}`, token },
    // Read per call, as the client does, so a fetch patched later (MSW) is the one used.
    fetch: (request) => (fetch ? fetch(request) : globalThis.fetch(request)),
  })
}
