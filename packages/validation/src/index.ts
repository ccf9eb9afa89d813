/**
 * What is valid for the Joinlink lookup, in code: zod/mini schemas derived from
 * `spec/openapi.yaml`, the one join-link parser, the spec's error codes and the public profile.
 *
 * @example
 * ```ts
 * import { lookupRequestSchema, normalizeJoinUrl } from '@joinlink/validation'
 * const body = lookupRequestSchema.parse(JSON.parse(text))
 * const link = normalizeJoinUrl(body.attendeeJoinUrl)
 * ```
 * @module
 */

export { type DriftFinding, findDrift, MAX_DRIFT_FINDINGS } from './drift.ts'
export {
  BODY_LIMIT_BYTES,
  ERRORS,
  ErrorCode,
  type ErrorCodeName,
  type ErrorCodeValue,
  type ErrorParams,
  LOOKUP_PATH,
  OPERATION_ID,
  SECRET_FIELDS,
} from './facts.gen.ts'
export { describeIssues } from './issues.ts'
export {
  DEFAULT_ALLOWED_HOSTS,
  type JoinUrlResult,
  joinUrlPattern,
  MAX_JOIN_URL_LENGTH,
  normalizeJoinUrl,
} from './join-url.ts'
export {
  approvalStatusSchema,
  attendeeSchema,
  conferenceSchema,
  detailRoomSchema,
  deviceSchema,
  deviceTypeSchema,
  errorCodeSchema,
  errorEnvelopeSchema,
  extraSettingsSchema,
  lookupRequestSchema,
  lookupSuccessSchema,
  meetingRoomSchema,
  roomRoleSchema,
  subDeviceSchema,
  upstreamFailureSchema,
} from './schemas.gen.ts'
export { toPublicConference, toPublicLookupSuccess } from './spec.gen.ts'
