import { conferenceSchema, normalizeJoinUrl } from '@joinlink/validation'
import { expect, it } from 'vitest'
import { codeFor, generatedConference } from './generate.ts'

it('generates valid conferences with unique codes that the join-link parser finds', () => {
  const codes = new Set<string>()
  for (const i of [0, 1, 2, 13, 14, 999, 1_000_000, 36 ** 8 - 1]) {
    const conference = generatedConference(i)
    expect(conferenceSchema.safeParse(conference).success, `conference ${i}`).toBe(true)
    const link = normalizeJoinUrl(conference.attendeeJoinUrl)
    expect(link.ok && link.code).toBe(codeFor(i))
    codes.add(codeFor(i))
  }
  expect(codes.size).toBe(8)
})
