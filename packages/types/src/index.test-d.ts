import { describe, expectTypeOf, it } from 'vitest'
import type {
  Attendee,
  Conference,
  DeviceType,
  ErrorCode,
  ErrorEnvelope,
  GetConferenceByAttendeeJoinUrlError,
  GetConferenceByAttendeeJoinUrlRequest,
  GetConferenceByAttendeeJoinUrlResponse,
  LookupRequest,
  LookupSuccess,
} from './index.ts'

describe('@joinlink/types', () => {
  it('accepts the vendor example response verbatim', () => {
    const seed = {
      status: 0,
      result: [
        {
          conferenceId: '239719428',
          pcode1: '201501000037434973',
          pcode2: '201501000037434974',
          billingcode: '95397103',
          eventId: 566390,
          attendeeJoinUrl: 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk',
          hostJoinUrl: 'https://mtest.qsh1.cn/k/mkIW3H0GXqq',
          wcallurl:
            'http://meetservicem.quanshi.com/m-wcall/?pcode=64f8da5973e4e4798414ea4c929a66242d10e20865e743ea907af626c6397701&env=E&billingcode=b775327d595bea61f77a6041cf63a612&summit=1&prod=meetnow&uc_lang=cn&callin',
          hostId: 88610849,
          hostName: 'pxytest24',
          hostMobile: '',
          startTime: 1654608600,
          endTime: 1654610400,
          length: 30,
          status: 1,
          title: '哦',
          confMode: 0,
          calType: 'E',
          roomId: '',
          attendList: [
            {
              cityCode: '',
              companyName: '',
              contactId: '',
              countryCode: '',
              displayName: '',
              mobileNumber: '',
              officePhone: '',
              orgName: '',
              phoneEmail: '',
              phoneName: '',
              productStatus: 1,
              status: 'W',
              user: '88610849',
              userProfile: null,
              userType: 1,
            },
          ],
          livePullUrl: '',
          livePullPwd: '',
          CreateTime: 1654567956,
          modifyTime: 1654568076,
          timezone: 'Asia/Shanghai',
          joinLogin: 0,
          joinConfSelTag: 0,
          joinConfTags: '',
          webRTCUrl: 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk?priority=web',
          calExtraInfo: {},
          confNodeType: 1,
          houseList: [],
          equipList: [],
          detailHouseList: null,
        },
      ],
      request_id: 'uniformserver-172.10.87.161-1654580475.515398022.629',
      reqid: 'confopenapiserver-172.10.248.48-1654580475.434889524.59',
      timestamp: 1654580475434,
      request_duration: '125.711156ms',
    } satisfies LookupSuccess
    expectTypeOf(seed).toExtend<LookupSuccess>()
  })

  it('names the operation request and responses', () => {
    expectTypeOf<GetConferenceByAttendeeJoinUrlRequest>().toEqualTypeOf<LookupRequest>()
    expectTypeOf<GetConferenceByAttendeeJoinUrlResponse>().toEqualTypeOf<LookupSuccess>()
    expectTypeOf<GetConferenceByAttendeeJoinUrlError>().toEqualTypeOf<ErrorEnvelope>()
  })

  it('types the vendor contradictions as settled in the spec', () => {
    expectTypeOf<Conference['eventId']>().toEqualTypeOf<number | string>()
    expectTypeOf<Conference['startTime']>().toEqualTypeOf<number>()
    // @ts-expect-error title is a string, never a number
    const _bad: Conference['title'] = 42
  })

  it('types vendor enums as extensible: known literals kept, any other value of the base type accepted', () => {
    expectTypeOf<Conference['status']>().toEqualTypeOf<0 | 1 | 4 | (number & {})>()
    expectTypeOf<Conference['calType']>().toEqualTypeOf<'E' | 'M' | (string & {})>()
    expectTypeOf<Attendee['userType']>().toEqualTypeOf<1 | 2 | 3 | (number & {})>()
    expectTypeOf<DeviceType>().toEqualTypeOf<2 | 3 | (number & {})>()
    expectTypeOf<Extract<Conference['status'], 0 | 1 | 4>>().toEqualTypeOf<0 | 1 | 4>()
    const drifted: Conference['status'] = 2
    const newKind: Conference['calType'] = 'W'
    expectTypeOf(drifted).toExtend<number>()
    expectTypeOf(newKind).toExtend<string>()
    // @ts-expect-error the base type stays: a status is never a string
    const _wrongBase: Conference['status'] = '1'
    // Our own codes stay closed.
    // @ts-expect-error 40004 is not a Joinlink error code
    const _code: ErrorCode = 40004
  })
})
