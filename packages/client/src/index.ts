/**
 * The typed client for the Joinlink conference lookup: envelope-aware errors with the spec's
 * error codes, per-attempt timeouts, retries and optional strict validation.
 *
 * @example
 * ```ts
 * import { createJoinlinkClient, ErrorCode, JoinlinkError } from '@joinlink/client'
 * const client = createJoinlinkClient({ baseUrl: 'http://127.0.0.1:8787' })
 * const conference = await client.getConference('https://mtest.qsh1.cn/k/mkIW3Txa0Uk')
 * ```
 * @module
 */
export type { Conference, LookupSuccess } from '@joinlink/types'
export { createJoinlinkClient } from './client.ts'
export { ErrorCode, JoinlinkError, type JoinlinkErrorDetails, type JoinlinkErrorKind } from './errors.ts'
export type { JoinlinkClient, JoinlinkClientOptions, JoinlinkRequestInit } from './options.ts'
