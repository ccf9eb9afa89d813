import { describe, expect, it } from 'vitest'
import { cpuSeconds, parseProcStat, rssBytes } from './proc.ts'

// A real line from /proc/<pid>/stat, with utime 1234, stime 56 and rss 20480 pages.
const line = (comm: string) =>
  `4242 (${comm}) S 1 4242 4242 0 -1 4194560 12000 0 0 0 1234 56 0 0 20 0 11 0 3000 1500000000 20480 18446744073709551615 1 1 0 0 0 0 0 16781312 17922 0 0 0 17 1 0 0 0 0 0`

describe('parseProcStat', () => {
  it.each(['node', 'my server', 'a) b (c', ')'])(
    'reads utime, stime and rss past a command named %j',
    (comm) => {
      expect(parseProcStat(line(comm))).toEqual({ utimeTicks: 1234, stimeTicks: 56, rssPages: 20480 })
    },
  )

  it('refuses text that is not a stat line', () => {
    expect(() => parseProcStat('nonsense')).toThrow(/not a \/proc/)
  })

  it('reads this very process', () => {
    expect(cpuSeconds(process.pid)).toBeGreaterThan(0)
    expect(rssBytes(process.pid)).toBeGreaterThan(10 * 2 ** 20)
  })
})
