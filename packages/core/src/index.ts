/**
 * The Joinlink lookup, framework-free: given a request (method, content type, body, request id)
 * and a source of conferences, it answers with the status, the envelope and the headers the spec
 * defines, and owns the error catalogue. The edge (Hono, four runtimes), the client's test `fetch`
 * and the bench's floor are adapters around it. No framework, no `process.env`, no runtime API
 * beyond the web platform's.
 *
 * @example
 * ```ts
 * import { createDatasetSource, createLookupCore, indexConferences, requestIdFrom } from '@joinlink/core'
 * const core = createLookupCore({ source: createDatasetSource(indexConferences(conferences, 'my data', ['qsh1.cn'])) })
 * const answer = await core.handle({ method, path, contentType, body, requestId: requestIdFrom(id), startedAt: performance.now() })
 * ```
 * @module
 */
export { type Answer, answerText, errorAnswer, type RequestMeta, successAnswer } from './answer.ts'
export { errorMessage, LookupError, type LookupErrorOptions, lookupError } from './errors.ts'
export {
  type CoreRequest,
  createLookupCore,
  LOOKUP_ROUTES,
  type LookupCore,
  type LookupCoreOptions,
} from './lookup.ts'
export { requestIdFrom } from './request-id.ts'
export { parseRetryAfter } from './retry-after.ts'
export {
  type AnswerFields,
  answerBytes,
  type ServedRecord,
  servedConference,
  servedSize,
  serveRecord,
} from './served.ts'
export {
  addToIndex,
  type CacheState,
  type ConferenceIndex,
  type ConferenceSource,
  createDatasetSource,
  DatasetError,
  embeddedDatasetSource,
  indexConferences,
  type JoinLink,
  joinLink,
  type LookupContext,
  type LookupOutcome,
} from './source.ts'
