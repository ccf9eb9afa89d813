// The public profile over every fixture, judged against a hand-written list of what an attendee
// link must not see (never the spec's own marks, so un-marking a field in the spec fails here).
import type { Conference } from '@joinlink/types'
import { describe, expect, it } from 'vitest'
import { driftedVendorAnswers, seedResponse, validConferences } from './fixtures/index.ts'
import { lookupSuccessSchema, toPublicConference, toPublicLookupSuccess } from './index.ts'

/** Other people's identity and contact fields in `attendList`, and each one's empty value. */
const ATTENDEE_IDENTITY: Record<string, '' | null> = {
  user: '',
  phoneName: '',
  phoneEmail: '',
  countryCode: '',
  companyName: '',
  orgName: '',
  mobileNumber: '',
  officePhone: '',
  cityCode: '',
  displayName: '',
  contactId: '',
  userProfile: null,
}
/** Conference fields that are never public, and their empty values. */
const CONFERENCE_SECRETS: Record<string, '' | 0> = {
  pcode1: '',
  hostId: 0,
  hostMobile: '',
  hostJoinUrl: '',
  livePullPwd: '',
  wcallurl: '',
}

const fixtures: [string, Conference][] = [
  ...validConferences.map((f) => [`conference/${f.name}`, f.conference] as [string, Conference]),
  ...driftedVendorAnswers.map(
    (f) => [`drift/${f.name}`, lookupSuccessSchema.parse(f.envelope).result[0]] as [string, Conference],
  ),
]

/** The non-empty string values of the hidden fields of a record, to search the public JSON for. */
function hiddenValues(c: Conference): string[] {
  const values: unknown[] = [
    ...Object.keys(CONFERENCE_SECRETS).map((k) => c[k as keyof Conference]),
    c.calExtraInfo.eventWatchword,
    ...c.attendList.flatMap((a) => Object.keys(ATTENDEE_IDENTITY).map((k) => a[k as keyof typeof a])),
    ...[...c.houseList, ...c.equipList, ...(c.detailHouseList ?? [])].map((room) => room.ApplyUserId),
  ]
  return values
    .flatMap((v) => (typeof v === 'object' && v !== null ? Object.values(v) : [v]))
    .filter((v) => (typeof v === 'string' && v !== '') || (typeof v === 'number' && v !== 0))
    .map((v) => JSON.stringify(v))
}

describe('the public profile of every fixture', () => {
  it.each(fixtures)(
    '%s: no other attendee identity, no livePullPwd, no host secret; shape unchanged',
    (_name, c) => {
      const pub = toPublicConference(c)
      expect(Object.keys(pub).sort()).toEqual(Object.keys(c).sort())
      for (const [field, empty] of Object.entries(CONFERENCE_SECRETS))
        expect(pub[field as keyof Conference], field).toBe(empty)
      if (c.calExtraInfo.eventWatchword !== undefined) expect(pub.calExtraInfo.eventWatchword).toBe('')
      expect(pub.attendList).toHaveLength(c.attendList.length)
      for (const [i, attendee] of pub.attendList.entries()) {
        const original = c.attendList[i] as Record<string, unknown>
        expect(Object.keys(attendee).sort()).toEqual(Object.keys(original).sort())
        for (const [field, empty] of Object.entries(ATTENDEE_IDENTITY))
          if (field in original)
            expect((attendee as Record<string, unknown>)[field], `attendList[${i}].${field}`).toBe(empty)
        expect(attendee.userType).toBe(original.userType)
        expect(attendee.status).toBe(original.status)
      }
      for (const room of [...pub.houseList, ...pub.equipList, ...(pub.detailHouseList ?? [])])
        if (room.ApplyUserId !== undefined) expect(room.ApplyUserId).toBe(0)
      const text = JSON.stringify(pub)
      for (const value of hiddenValues(c)) {
        // A hidden value may coincide with a public one (the seed's host id is also its attendee id): only
        // values that no public field holds must be absent.
        if (!publicValues(pub).has(value)) expect(text, `${value} in the public profile`).not.toContain(value)
      }
    },
  )

  it('the vendor reqid (an internal address) is empty for public callers, present otherwise', () => {
    expect(seedResponse.reqid).toMatch(/172\.10\./)
    const pub = toPublicLookupSuccess(structuredClone(seedResponse) as never)
    expect(pub.reqid).toBe('')
    expect(JSON.stringify(pub)).not.toContain(seedResponse.reqid)
    const { reqid: _none, ...withoutReqid } = structuredClone(seedResponse)
    expect('reqid' in toPublicLookupSuccess(withoutReqid as never)).toBe(false)
  })

  it('does not modify the record it is given', () => {
    const c = structuredClone(validConferences.at(-1)?.conference) as Conference
    const before = JSON.stringify(c)
    toPublicConference(c)
    expect(JSON.stringify(c)).toBe(before)
  })
})

/**
 * JSON-encoded values of the public profile's other fields (the hidden ones removed), so a hidden
 * value that some public field legitimately holds too is not taken for a leak.
 */
function publicValues(pub: Conference): Set<string> {
  const copy = structuredClone(pub) as Record<string, unknown> & Conference
  for (const field of Object.keys(CONFERENCE_SECRETS)) delete copy[field]
  delete copy.calExtraInfo.eventWatchword
  for (const attendee of copy.attendList as Record<string, unknown>[])
    for (const field of Object.keys(ATTENDEE_IDENTITY)) delete attendee[field]
  for (const room of [...copy.houseList, ...copy.equipList, ...(copy.detailHouseList ?? [])] as Record<
    string,
    unknown
  >[])
    delete room.ApplyUserId
  const out = new Set<string>()
  const stack: unknown[] = [copy]
  while (stack.length) {
    const node = stack.pop()
    if (Array.isArray(node)) stack.push(...node)
    else if (typeof node === 'object' && node !== null) stack.push(...Object.values(node))
    else if (node !== '' && node !== 0 && node !== null) out.add(JSON.stringify(node))
  }
  return out
}

// Links in a record are http(s) or empty, in the schema and in the projection alike (a record that
// never went through the schema — an operator's dataset file, say — is projected safely too).
describe('links in a record: http(s) or empty', () => {
  const HOSTILE = [
    'javascript:alert(1)',
    'JavaScript:alert(1)',
    'data:text/html,<b>',
    'vbscript:x',
    'https:x',
  ]
  const seed = seedResponse.result[0] as unknown as Conference
  it.each(['webRTCUrl', 'livePullUrl', 'attendeeJoinUrl'] as const)(
    'the public projection empties a non-http(s) %s and keeps an http(s) one',
    (field) => {
      for (const value of HOSTILE) expect(toPublicConference({ ...seed, [field]: value })[field]).toBe('')
      expect(toPublicConference({ ...seed, [field]: 'HTTPS://s.qsh1.cn/k/abcdef?x=1' })[field]).toBe(
        'HTTPS://s.qsh1.cn/k/abcdef?x=1',
      )
    },
  )
  it.each(['webRTCUrl', 'livePullUrl', 'attendeeJoinUrl', 'hostJoinUrl', 'wcallurl'] as const)(
    'the schema refuses a record whose %s is not http(s)',
    (field) => {
      for (const value of HOSTILE) {
        const answer = { ...seedResponse, result: [{ ...seedResponse.result[0], [field]: value }] }
        expect(lookupSuccessSchema.safeParse(answer).success, value).toBe(false)
      }
    },
  )
})
