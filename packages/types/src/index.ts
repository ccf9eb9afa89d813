/**
 * Types for the Joinlink conference lookup, generated from `spec/openapi.yaml`.
 *
 * @example
 * ```ts
 * import type { Conference, LookupSuccess } from '@joinlink/types'
 * ```
 * @module
 */
import type { operations } from './openapi.gen.ts'

export type {
  ApprovalStatus,
  Attendee,
  Conference,
  components,
  DetailRoom,
  Device,
  DeviceType,
  ErrorCode,
  ErrorEnvelope,
  ExtraSettings,
  LookupRequest,
  LookupSuccess,
  MeetingRoom,
  operations,
  paths,
  RoomRole,
  SubDevice,
  UpstreamFailure,
} from './openapi.gen.ts'

type LookupOperation = operations['getConferenceByAttendeeJoinUrl']

/** The JSON body of the lookup operation (`getConferenceByAttendeeJoinUrl`). */
export type GetConferenceByAttendeeJoinUrlRequest =
  LookupOperation['requestBody']['content']['application/json']

/** The JSON body of a 200 answer to the lookup. */
export type GetConferenceByAttendeeJoinUrlResponse =
  LookupOperation['responses']['200']['content']['application/json']

/** The JSON body of any failed answer to the lookup. */
export type GetConferenceByAttendeeJoinUrlError =
  LookupOperation['responses']['400']['content']['application/json']
