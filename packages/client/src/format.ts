import type { Conference } from '@joinlink/types'

const STATUS_WORDS: Record<number, string> = { 0: 'cancelled', 1: 'created', 4: 'ended' }
const ROOM_ROLES: Record<number, string> = { 1: 'main venue', 2: 'branch venue' }

/** The zone used when a conference names none, or one this runtime does not know. */
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai'

function zoneOf(conference: Conference): string {
  const zone = conference.timezone || DEFAULT_TIME_ZONE
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone })
    return zone
  } catch {
    return DEFAULT_TIME_ZONE
  }
}

/** Start and end in the conference's own time zone, e.g. `2022-06-07 21:30 – 22:00 (Asia/Shanghai)`. */
export function formatWhen(conference: Conference, locale = 'sv-SE'): string {
  const timeZone = zoneOf(conference)
  const day = new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'short' })
  const time = new Intl.DateTimeFormat(locale, { timeZone, timeStyle: 'short', hourCycle: 'h23' })
  const start = new Date(conference.startTime * 1000)
  const end = new Date(conference.endTime * 1000)
  const endText =
    day.format(start) === day.format(end) ? time.format(end) : `${day.format(end)} ${time.format(end)}`
  return `${day.format(start)} ${time.format(start)} – ${endText} (${timeZone})`
}

/**
 * A readable summary of a conference for a terminal: title, local start and end, status, host and
 * rooms. Secrets (passcodes, phone numbers) are never printed.
 */
export function formatConference(conference: Conference, locale?: string): string {
  const rooms = conference.houseList.map((room) => {
    const role = ROOM_ROLES[room.IsMainRoom]
    const where = [room.City, room.Location].filter(Boolean).join(', ')
    return [room.DeviceName, where && `(${where})`, role && `[${role}]`].filter(Boolean).join(' ')
  })
  const lines = [
    conference.title || '(untitled)',
    `  when    ${formatWhen(conference, locale)}`,
    `  length  ${conference.length} min`,
    `  status  ${STATUS_WORDS[conference.status] ?? `unknown (${conference.status})`}`,
    `  host    ${conference.hostName || '(unknown)'}`,
    `  rooms   ${rooms.length ? rooms.join('; ') : 'none'}`,
    `  link    ${conference.attendeeJoinUrl}`,
  ]
  return lines.join('\n')
}
