// z.infer of each generated schema equals the matching @joinlink/types type, both ways.
import type * as T from '@joinlink/types'
import { describe, expectTypeOf, it } from 'vitest'
import type * as z from 'zod/mini'
import type * as S from './index.ts'

describe('zod schemas and generated types agree', () => {
  it('for every component', () => {
    expectTypeOf<z.infer<typeof S.lookupRequestSchema>>().toEqualTypeOf<T.LookupRequest>()
    expectTypeOf<z.infer<typeof S.lookupSuccessSchema>>().toEqualTypeOf<T.LookupSuccess>()
    expectTypeOf<z.infer<typeof S.errorEnvelopeSchema>>().toEqualTypeOf<T.ErrorEnvelope>()
    expectTypeOf<z.infer<typeof S.upstreamFailureSchema>>().toEqualTypeOf<T.UpstreamFailure>()
    expectTypeOf<z.infer<typeof S.errorCodeSchema>>().toEqualTypeOf<T.ErrorCode>()
    expectTypeOf<z.infer<typeof S.conferenceSchema>>().toEqualTypeOf<T.Conference>()
    expectTypeOf<z.infer<typeof S.attendeeSchema>>().toEqualTypeOf<T.Attendee>()
    expectTypeOf<z.infer<typeof S.deviceSchema>>().toEqualTypeOf<T.Device>()
    expectTypeOf<z.infer<typeof S.meetingRoomSchema>>().toEqualTypeOf<T.MeetingRoom>()
    expectTypeOf<z.infer<typeof S.detailRoomSchema>>().toEqualTypeOf<T.DetailRoom>()
    expectTypeOf<z.infer<typeof S.subDeviceSchema>>().toEqualTypeOf<T.SubDevice>()
    expectTypeOf<z.infer<typeof S.deviceTypeSchema>>().toEqualTypeOf<T.DeviceType>()
    expectTypeOf<z.infer<typeof S.roomRoleSchema>>().toEqualTypeOf<T.RoomRole>()
    expectTypeOf<z.infer<typeof S.approvalStatusSchema>>().toEqualTypeOf<T.ApprovalStatus>()
    expectTypeOf<z.infer<typeof S.extraSettingsSchema>>().toEqualTypeOf<T.ExtraSettings>()
  })

  it('for the error codes by name', () => {
    expectTypeOf<S.ErrorCodeValue>().toEqualTypeOf<T.ErrorCode>()
  })
})
