import { DatasetError, servedConference } from '@joinlink/core'
import type { Conference } from '@joinlink/types'
import { DEFAULT_ALLOWED_HOSTS } from '@joinlink/validation'
import { dataset, seedConference, seedResponse } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { type DatasetRecord, indexDataset, readDataset } from './fixtures.ts'

const envelope = (...result: unknown[]) => ({ ...seedResponse, result })
const json = (value: unknown) => JSON.stringify(value)
const lines = (...values: unknown[]) => values.map((v) => (typeof v === 'string' ? v : json(v))).join('\n')
const other: Conference = { ...seedConference, attendeeJoinUrl: 'https://mtest.qsh1.cn/k/jlOther0001' }

/** Text as a stream would deliver it: in pieces of `size` characters, lines split anywhere. */
async function* chunked(text: string, size = 7): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size)
}
/** Text cut at the given offsets. */
async function* split(text: string, cuts: number[]): AsyncGenerator<string> {
  let start = 0
  for (const cut of [...cuts, text.length]) {
    yield text.slice(start, cut)
    start = cut
  }
}
const collect = async (records: AsyncIterable<DatasetRecord>) => {
  const out: DatasetRecord[] = []
  for await (const record of records) out.push(record)
  return out
}
/** readDataset + indexDataset, parsed back: what a file source serves. */
const streamed = async (text: string, file: string, size?: number) => {
  const index = await indexDataset(readDataset(chunked(text, size), file), file, DEFAULT_ALLOWED_HOSTS)
  return [...index.values()].map((record) => servedConference(record).conference)
}

describe('readDataset + indexDataset: accepted shapes', () => {
  const cases: { name: string; file: string; text: string; expected: Conference[] }[] = [
    { name: 'one bare conference', file: 'a.json', text: json(seedConference), expected: [seedConference] },
    {
      name: 'an array of conferences',
      file: 'a.json',
      text: json([seedConference, other]),
      expected: [seedConference, other],
    },
    { name: 'one vendor envelope', file: 'a.json', text: json(seedResponse), expected: [seedConference] },
    {
      name: 'an array of envelopes',
      file: 'a.json',
      text: json([envelope(seedConference), envelope(other)]),
      expected: [seedConference, other],
    },
    {
      name: 'NDJSON of envelopes and bare records, blank lines skipped',
      file: 'a.ndjson',
      text: `${lines(seedResponse, '', other)}\n\n`,
      expected: [seedConference, other],
    },
    {
      name: 'the .jsonl extension as NDJSON',
      file: 'A.JSONL',
      text: lines(seedConference, other),
      expected: [seedConference, other],
    },
    {
      name: 'the whole embedded dataset as NDJSON',
      file: 'all.ndjson',
      text: lines(...dataset),
      expected: [...dataset],
    },
  ]
  for (const { name, file, text, expected } of cases) {
    for (const size of [1, 64, 1 << 16])
      it(`${name}: streamed in ${size}-character chunks`, async () => {
        expect(await streamed(text, file, size)).toEqual(expected)
      })
  }
})

describe('readDataset + indexDataset: refusals name the file, the record and the field', () => {
  const cases: { name: string; file: string; text: string; message: string | RegExp }[] = [
    { name: 'not JSON', file: 'd.json', text: '{', message: /^d\.json: not valid JSON/ },
    { name: 'empty array', file: 'd.json', text: '[]', message: 'd.json: no conference records found' },
    {
      name: 'empty NDJSON',
      file: 'd.ndjson',
      text: '\n\n',
      message: 'd.ndjson: no conference records found',
    },
    {
      name: 'record 2 with a numeric title',
      file: 'd.json',
      text: json([seedConference, { ...other, title: 42 }]),
      message: /^d\.json: record 2: title: expected string, got number/,
    },
    {
      name: 'envelope result[1] without startTime',
      file: 'd.json',
      text: json(envelope(seedConference, { ...other, startTime: undefined })),
      message: /^d\.json: record 1: result\[1\]\.startTime: is required/,
    },
    {
      // An unlisted userType (9) is a value the vendor may add; a string is no userType at all.
      name: 'an attendee with a userType of the wrong type',
      file: 'd.json',
      text: json({ ...seedConference, attendList: [{ ...seedConference.attendList[0], userType: 'nine' }] }),
      message: /^d\.json: record 1: attendList\[0\]\.userType/,
    },
    {
      name: 'NDJSON line 3 not JSON',
      file: 'd.ndjson',
      text: lines(seedConference, '', '{oops'),
      message: /^d\.ndjson: line 3: not valid JSON/,
    },
    {
      name: 'NDJSON line 2 envelope with a string startTime',
      file: 'd.ndjson',
      text: lines(seedResponse, envelope({ ...other, startTime: 'soon' })),
      message: /^d\.ndjson: line 2: result\[0\]\.startTime: expected number, got string/,
    },
    {
      name: 'a vendor error envelope',
      file: 'd.ndjson',
      text: lines({ status: 10001, msg: 'token expired', result: [] }),
      message: /^d\.ndjson: line 1: a vendor envelope with status 10001/,
    },
    {
      name: 'an envelope whose result is not an array',
      file: 'd.json',
      text: json({ status: 0, result: seedConference }),
      message: /^d\.json: record 1: result: expected an array/,
    },
  ]
  for (const { name, file, text, message } of cases) {
    it(name, async () => {
      await expect(streamed(text, file)).rejects.toThrow(DatasetError)
      await expect(streamed(text, file)).rejects.toThrow(message)
    })
  }
})

describe('readDataset: NDJSON line by line as the text arrives', () => {
  it('joins a line split across chunks, and yields each record with its line', async () => {
    const text = lines(seedConference, other)
    const cut = text.indexOf('attendeeJoinUrl', text.indexOf('\n'))
    const records = await collect(readDataset(split(text, [5, text.indexOf('\n'), cut]), 'd.ndjson'))
    expect(records.map((r) => r.where)).toEqual(['d.ndjson: line 1: ', 'd.ndjson: line 2: '])
    expect(records.map((r) => r.conference)).toEqual([seedConference, other])
  })

  it('reads a CRLF file, blank CRLF lines skipped, the last line without an end', async () => {
    const text = `${json(seedResponse)}\r\n\r\n${json(other)}`
    expect(await streamed(text, 'crlf.ndjson', 10)).toEqual([seedConference, other])
  })

  it('stops at a malformed line in the middle, naming it, and reads no further', async () => {
    let pulled = 0
    const text = lines(seedConference, other, '{"conferenceId": 7', ...dataset)
    async function* source() {
      for await (const chunk of chunked(text, 100)) {
        pulled += chunk.length
        yield chunk
      }
    }
    await expect(collect(readDataset(source(), 'mid.ndjson'))).rejects.toThrow(
      /^mid\.ndjson: line 3: not valid JSON/,
    )
    expect(pulled).toBeLessThan(text.length / 2)
  })

  it('refuses an empty file, and one of blank lines', async () => {
    for (const text of ['', '\n', '\r\n  \n'])
      await expect(streamed(text, 'empty.ndjson')).rejects.toThrow(
        'empty.ndjson: no conference records found',
      )
  })

  it('reads a .json file whole, from chunks', async () => {
    expect(await streamed(json([seedConference, other]), 'whole.json', 3)).toEqual([seedConference, other])
  })

  it('keeps only the fields of the spec (zod output), dropping unknown ones', async () => {
    const [record] = await streamed(json({ ...seedConference, extra: 'x' }), 'extra.ndjson')
    expect(record).toEqual(seedConference)
    expect(record).not.toHaveProperty('extra')
  })
})

describe('indexDataset', () => {
  it('names the file and line of a second record for the same link', async () => {
    const records = readDataset(chunked(lines(seedResponse, seedConference)), 'data.ndjson')
    await expect(indexDataset(records, 'data.ndjson', DEFAULT_ALLOWED_HOSTS)).rejects.toThrow(
      /^data\.ndjson: line 2: attendeeJoinUrl: mtest\.qsh1\.cn\/mkIW3Txa0Uk appears twice/,
    )
  })
})
