import type { Conference } from '@joinlink/types'
import { DEFAULT_ALLOWED_HOSTS } from '@joinlink/validation'
import { seedConference } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { createDatasetSource, DatasetError, indexConferences, joinLink } from './source.ts'

const on = (host: string, title: string): Conference => ({
  ...seedConference,
  title,
  attendeeJoinUrl: `https://${host}/k/mkIW3Txa0Uk`,
})

describe('the dataset source keys on host and code', () => {
  it('the same short code on a test host and on production is two conferences', async () => {
    const index = indexConferences(
      [on('mtest.qsh1.cn', 'test'), on('s.qsh1.cn', 'production')],
      'pair',
      DEFAULT_ALLOWED_HOSTS,
    )
    const source = createDatasetSource(index)
    const found = async (host: string) => {
      const outcome = await source.lookup(joinLink(host, 'mkIW3Txa0Uk', `https://${host}/k/mkIW3Txa0Uk`), {})
      return outcome.kind === 'found' ? outcome.conference.title : outcome.kind
    }
    expect(await found('mtest.qsh1.cn')).toBe('test')
    expect(await found('s.qsh1.cn')).toBe('production')
    expect(await found('stest.qsh1.cn')).toBe('not_found')
  })

  it('a second record for the same host and code is refused, naming both', () => {
    expect(() =>
      indexConferences([on('s.qsh1.cn', 'a'), on('S.QSH1.CN', 'b')], 'dup', DEFAULT_ALLOWED_HOSTS),
    ).toThrow(new DatasetError('dup: record 2: attendeeJoinUrl: s.qsh1.cn/mkIW3Txa0Uk appears twice'))
  })

  it('a record outside the allowed hosts is refused', () => {
    expect(() => indexConferences([on('example.com', 'x')], 'foreign', DEFAULT_ALLOWED_HOSTS)).toThrow(
      /record 1: attendeeJoinUrl: the host example\.com/,
    )
  })
})
