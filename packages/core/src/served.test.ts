import type { Conference, LookupSuccess } from '@joinlink/types'
import { toPublicLookupSuccess } from '@joinlink/validation'
import { dataset, seedConference } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { answerBytes, servedConference, servedSize, serveRecord } from './served.ts'

const decoder = new TextDecoder()

/** The answer as the envelope object would serialize whole: what every request built before. */
function wholeAnswer(
  conference: Conference,
  profile: 'public' | 'full',
  fields: { requestId: string; timestamp: number; duration: string },
  reqid?: string,
): string {
  const envelope: LookupSuccess = {
    status: 0,
    result: [conference],
    request_id: fields.requestId,
    timestamp: fields.timestamp,
    request_duration: fields.duration,
  }
  if (reqid !== undefined) envelope.reqid = reqid
  return JSON.stringify(profile === 'full' ? envelope : toPublicLookupSuccess(envelope))
}

// A record whose own content looks like the envelope's per-request fields, and one in CJK text.
const lookalike: Conference = {
  ...seedConference,
  attendList: seedConference.attendList.map((a) => ({
    ...a,
    userProfile: { request_id: '\u0000id', timestamp: -1, request_duration: '\u0000duration' },
  })),
}
const cjk: Conference = { ...seedConference, title: '季度评审会议 — 第二场 😀', hostName: '张三' }
const records = [
  ...dataset.map((conference) => ({ name: conference.attendeeJoinUrl, conference })),
  { name: 'a record that holds the per-request field names', conference: lookalike },
  { name: 'a record in CJK text with an astral character', conference: cjk },
]
const requests = [
  { requestId: 'req-1', timestamp: 1_764_000_000_000, duration: '0.123ms' },
  { requestId: '0b9e4a1c-5c7e-4b55-9a3f-1f2e3d4c5b6a', timestamp: 0, duration: '12345.678ms' },
  { requestId: 'quote"and\\back', timestamp: 17, duration: '1.000ms' },
]

describe('a served record answers with the bytes of the whole envelope', () => {
  for (const { name, conference } of records) {
    for (const reqid of [undefined, 'vendor-reqid-42']) {
      it(`${name}${reqid ? ' with a reqid' : ''}: both profiles, every request`, () => {
        const record = serveRecord(conference, reqid)
        for (const fields of requests) {
          for (const profile of ['public', 'full'] as const) {
            const bytes = answerBytes(record, profile, fields)
            expect(decoder.decode(bytes), `${profile} ${fields.requestId}`).toBe(
              wholeAnswer(conference, profile, fields, reqid),
            )
          }
        }
        expect(servedConference(record)).toEqual(reqid ? { conference, reqid } : { conference })
      })
    }
  }
})

describe('answers cut from the shared slab', () => {
  it('stay intact while later answers are made, small and large alike', () => {
    const small = serveRecord(seedConference)
    const large = serveRecord(cjk)
    const made = Array.from({ length: 200 }, (_, i) => {
      const fields = { requestId: `r-${i}`, timestamp: i, duration: `${i}.000ms` }
      const record = i % 7 === 0 ? large : small
      const conference = i % 7 === 0 ? cjk : seedConference
      return {
        bytes: answerBytes(record, 'public', fields),
        expected: wholeAnswer(conference, 'public', fields),
      }
    })
    for (const { bytes, expected } of made) expect(decoder.decode(bytes)).toBe(expected)
  })
})

describe('servedSize', () => {
  it('is the bytes held, both profiles, plus a fixed overhead', () => {
    const record = serveRecord(cjk)
    const fields = { requestId: '', timestamp: 0, duration: '' }
    const both =
      answerBytes(record, 'public', fields).byteLength + answerBytes(record, 'full', fields).byteLength
    expect(record.bytes.byteLength).toBeLessThan(both)
    expect(servedSize(record) - record.bytes.byteLength).toBeGreaterThan(0)
    expect(servedSize(record) - record.bytes.byteLength).toBeLessThanOrEqual(512)
  })

  it('a fat userProfile counts in full: its bytes, not its parsed objects', () => {
    const fat: Conference = {
      ...seedConference,
      attendList: seedConference.attendList.map((a, i) =>
        i === 0 ? { ...a, userProfile: { p: Array.from({ length: 24_000 }, () => ({})) } } : a,
      ),
    }
    const record = serveRecord(fat)
    // The full answer holds the 24,000 `{}`; the public one has userProfile null.
    expect(record.bytes.byteLength - record.fullHead).toBeGreaterThan(3 * 24_000)
    expect(record.fullHead).toBeLessThan(
      JSON.stringify(
        toPublicLookupSuccess({
          status: 0,
          result: [fat],
          request_id: '',
          timestamp: 0,
          request_duration: '',
        }),
      ).length * 2,
    )
  })
})
