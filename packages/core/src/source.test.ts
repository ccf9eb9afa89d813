import type { Conference } from '@joinlink/types'
import { DEFAULT_ALLOWED_HOSTS } from '@joinlink/validation'
import { dataset, seedConference, sentinelConference } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import type { ServedRecord } from './served.ts'
import { servedConference } from './served.ts'
import {
  createDatasetSource,
  DatasetError,
  embeddedDatasetSource,
  indexConferences,
  joinLink,
} from './source.ts'

const conferenceOf = (record: ServedRecord | undefined) => record && servedConference(record).conference

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
      return outcome.kind === 'found' ? servedConference(outcome.record).conference.title : outcome.kind
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

describe('indexConferences', () => {
  const other: Conference = { ...seedConference, attendeeJoinUrl: 'https://mtest.qsh1.cn/k/jlOther0001' }

  it('indexes the embedded dataset by host and code, one entry per record', () => {
    const index = indexConferences(dataset, 'the embedded dataset', DEFAULT_ALLOWED_HOSTS)
    expect(index.size).toBe(dataset.length)
    expect(conferenceOf(index.get('mtest.qsh1.cn/mkIW3Txa0Uk'))).toEqual(seedConference)
    expect(conferenceOf(index.get('mtest.qsh1.cn/jlSentinel01'))).toEqual(sentinelConference)
  })

  const cases: { name: string; records: Conference[]; hosts?: string[]; message: RegExp }[] = [
    {
      name: 'the same link twice',
      records: [seedConference, other, seedConference],
      message: /^src: record 3: attendeeJoinUrl: mtest\.qsh1\.cn\/mkIW3Txa0Uk appears twice/,
    },
    {
      name: 'the same link in another form (scheme, case, slash, /a/ for /k/)',
      records: [seedConference, { ...other, attendeeJoinUrl: 'http://MTEST.qsh1.cn/a/mkIW3Txa0Uk/' }],
      message: /^src: record 2: .*appears twice/,
    },
    {
      name: 'a host outside the allow-list',
      records: [{ ...other, attendeeJoinUrl: 'https://example.com/k/jlOther0001' }],
      message: /^src: record 1: attendeeJoinUrl: /,
    },
    {
      name: 'a host outside a custom allow-list',
      records: [seedConference],
      hosts: ['example.com'],
      message: /^src: record 1: attendeeJoinUrl: /,
    },
  ]
  for (const { name, records, hosts, message } of cases) {
    it(`refuses ${name}`, () => {
      expect(() => indexConferences(records, 'src', hosts ?? DEFAULT_ALLOWED_HOSTS)).toThrow(message)
    })
  }

  it('a custom allow-list admits its own hosts', () => {
    const record = { ...other, attendeeJoinUrl: 'https://meet.example.com/k/jlOther0001' }
    const index = indexConferences([record], 'src', ['example.com'])
    expect(conferenceOf(index.get('meet.example.com/jlOther0001'))).toEqual(record)
  })
})

describe('embeddedDatasetSource (createDatasetSource over the embedded dataset)', () => {
  const source = embeddedDatasetSource()
  for (const record of dataset) {
    const url = new URL(record.attendeeJoinUrl)
    const code = url.pathname.split('/').at(-1) as string
    it(`finds ${url.host}/${code}`, async () => {
      const link = joinLink(url.host, code, record.attendeeJoinUrl)
      const outcome = await source.lookup(link, {})
      expect(outcome.kind === 'found' && servedConference(outcome.record)).toEqual({ conference: record })
    })
  }
  it('answers not_found for an unknown link', async () => {
    const link = joinLink('mtest.qsh1.cn', 'zzzz0000', 'https://mtest.qsh1.cn/k/zzzz0000')
    expect(await source.lookup(link, {})).toEqual({ kind: 'not_found' })
  })
})
