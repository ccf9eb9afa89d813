import {
  type ConferenceSource,
  DatasetError,
  joinLink,
  type LookupOutcome,
  servedConference,
} from '@joinlink/core'
import type { Conference } from '@joinlink/types'
import { seedConference } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config/config.ts'
import { createSource } from './index.ts'

/** A lookup outcome with its served record read back (conference, reqid), for matching. */
const seen = (outcome: LookupOutcome | undefined) =>
  outcome?.kind === 'found' ? { ...outcome, record: undefined, ...servedConference(outcome.record) } : outcome

const bytesOf = (text: string, cuts: number[]): ReadableStream<Uint8Array> => {
  const bytes = new TextEncoder().encode(text)
  const pieces = [0, ...cuts, bytes.length].slice(1).map((end, i, ends) => bytes.slice(ends[i - 1] ?? 0, end))
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(piece)
      controller.close()
    },
  })
}
const fileSource = async (path: string, readStream: (path: string) => ReadableStream<Uint8Array>) =>
  (await createSource(await parseConfig({ JOINLINK_DATA: path }), { readStream })) as ConferenceSource

describe('createSource with JOINLINK_DATA', () => {
  it('decodes UTF-8 split inside a character and serves the records', async () => {
    const record: Conference = { ...seedConference, title: '杏花村 — 西安' }
    const text = `${JSON.stringify(record)}\n`
    const inside = new TextEncoder().encode(text.slice(0, text.indexOf('花'))).length + 1
    const source = await fileSource('utf8.ndjson', (path) => {
      expect(path).toBe('utf8.ndjson')
      return bytesOf(text, [inside])
    })
    expect(
      seen(await source.lookup(joinLink('mtest.qsh1.cn', 'mkIW3Txa0Uk', record.attendeeJoinUrl), {})),
    ).toEqual({
      kind: 'found',
      conference: record,
    })
  })

  it('a file that cannot be opened or read names the path and the cause', async () => {
    const failing = (error: unknown) => () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          controller.error(error)
        },
      })
    for (const error of [
      Object.assign(new Error('no such file'), { code: 'ENOENT' }),
      new Error('disk on fire'),
    ]) {
      const refused = fileSource('/srv/x.ndjson', failing(error))
      await expect(refused).rejects.toThrow(DatasetError)
      await expect(fileSource('/srv/x.ndjson', failing(error))).rejects.toThrow(
        /^JOINLINK_DATA=\/srv\/x\.ndjson: cannot read the file \((ENOENT|disk on fire)\)$/,
      )
    }
  })

  it('a malformed record stops start-up and cancels the read', async () => {
    let cancelled = false
    const text = `${JSON.stringify(seedConference)}\n{oops\n`
    const stream = () =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(text))
        },
        cancel() {
          cancelled = true
        },
      })
    await expect(fileSource('bad.ndjson', stream)).rejects.toThrow(/^bad\.ndjson: line 2: not valid JSON/)
    expect(cancelled).toBe(true)
  })
})

describe('createSource with JOINLINK_UPSTREAM_TOKEN_FILE', () => {
  const env = {
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: 'https://vendor.example',
    JOINLINK_UPSTREAM_TOKEN_FILE: '/run/secrets/token',
  }

  it('is refused where the runtime cannot read files (Workers), naming the variable', async () => {
    await expect(createSource(await parseConfig(env))).rejects.toThrow(
      /^Invalid configuration:\n {2}- JOINLINK_UPSTREAM_TOKEN_FILE=\/run\/secrets\/token: this runtime has no file system/,
    )
  })

  it("reads the file at start-up with the entry's readTextFile", async () => {
    const paths: string[] = []
    const readTextFile = async (path: string) => {
      paths.push(path)
      return 'tok-from-file\n'
    }
    await createSource(await parseConfig(env), { readTextFile })
    expect(paths).toEqual(['/run/secrets/token'])
  })
})
