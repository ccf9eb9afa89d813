import { seedConference, validConferences } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { formatConference, formatWhen } from './format.ts'

const named = (name: string) => {
  const fixture = validConferences.find((f) => f.name === name)
  if (!fixture) throw new Error(`no fixture ${name}`)
  return fixture.conference
}

describe('formatConference', () => {
  it('summarises the seed in its own time zone', () => {
    expect(formatConference(seedConference)).toBe(
      [
        '哦',
        '  when    2022-06-07 21:30 – 22:00 (Asia/Shanghai)',
        '  length  30 min',
        '  status  created',
        '  host    pxytest24',
        '  rooms   none',
        '  link    https://mtest.qsh1.cn/k/mkIW3Txa0Uk',
      ].join('\n'),
    )
  })

  it.each([
    ['cancelled', 'cancelled'],
    ['ended', 'ended'],
  ])('names status of %s as %s', (name, word) => {
    expect(formatConference(named(name))).toContain(`  status  ${word}\n`)
  })

  it('lists the rooms of houseList', () => {
    const conference = named('rooms-and-devices')
    const line = formatConference(conference)
      .split('\n')
      .find((l) => l.startsWith('  rooms'))
    for (const room of conference.houseList) expect(line).toContain(room.DeviceName)
  })

  it('uses the conference time zone, falling back to Asia/Shanghai for none or an unknown one', () => {
    expect(formatWhen({ ...seedConference, timezone: 'Europe/London' })).toBe(
      '2022-06-07 14:30 – 15:00 (Europe/London)',
    )
    const { timezone: _, ...zoneless } = seedConference
    expect(formatWhen(zoneless)).toContain('21:30 – 22:00 (Asia/Shanghai)')
    expect(formatWhen({ ...seedConference, timezone: 'Mars/Olympus' })).toContain('(Asia/Shanghai)')
  })

  it('shows the end date when the conference ends on another day', () => {
    const overnight = { ...seedConference, endTime: seedConference.startTime + 6 * 3600 }
    expect(formatWhen(overnight)).toBe('2022-06-07 21:30 – 2022-06-08 03:30 (Asia/Shanghai)')
  })

  it('never prints secrets', () => {
    const sentinel = validConferences.map((f) => formatConference(f.conference)).join('\n')
    expect(sentinel).not.toContain('SENTINEL')
  })
})
