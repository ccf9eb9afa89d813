import { execFileSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { DatasetError, joinLink, type LookupOutcome, servedConference } from '@joinlink/core'
import type { Conference } from '@joinlink/types'
import { DEFAULT_ALLOWED_HOSTS, normalizeJoinUrl } from '@joinlink/validation'
import { dataset, seedConference } from '@joinlink/validation/fixtures'
import { afterAll, describe, expect, it } from 'vitest'
import { indexDataset, readDataset } from './fixtures.ts'
import { importDataset, openIndexIfSqlite, openIndexSource } from './sqlite.ts'

/** A lookup outcome with its served record read back (conference, reqid), for matching. */
const seen = (outcome: LookupOutcome | undefined) =>
  outcome?.kind === 'found' ? { ...outcome, record: undefined, ...servedConference(outcome.record) } : outcome

const dir = mkdtempSync(join(tmpdir(), 'joinlink-index-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const ndjson = (records: unknown[]) =>
  records.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n')
async function* once(text: string): AsyncGenerator<string> {
  yield text
}
let files = 0
/** Imports `text` as `<name>` into a fresh index; resolves to the index's path. */
async function imported(text: string, name = 'data.ndjson', hosts = DEFAULT_ALLOWED_HOSTS) {
  const out = join(dir, `index-${++files}.sqlite`)
  await importDataset(readDataset(once(text), name), name, out, hosts)
  return out
}
const linkOf = (conference: Conference) => {
  const link = normalizeJoinUrl(conference.attendeeJoinUrl, DEFAULT_ALLOWED_HOSTS)
  if (!link.ok) throw new Error(link.reason)
  return joinLink(link.host, link.code, link.canonicalUrl)
}

describe('the on-disk index', () => {
  it('finds every conference of the embedded dataset by host and code, unchanged', async () => {
    const source = openIndexSource(await imported(ndjson([...dataset])), DEFAULT_ALLOWED_HOSTS)
    for (const conference of dataset) {
      const outcome = await source.lookup(linkOf(conference), {})
      expect(seen(outcome), conference.attendeeJoinUrl).toEqual({ kind: 'found', conference })
    }
    // Its summary: the count, and a link the index finds (for the ready line).
    expect(source.summary?.conferences).toBe(dataset.length)
    const sample = dataset.find((c) => c.attendeeJoinUrl === source.summary?.sampleLink)
    expect(sample, `sample ${source.summary?.sampleLink}`).toBeDefined()
  })

  it('keys on host and code: the same code on another host is another conference, or none', async () => {
    const on = (host: string, title: string) => ({
      ...seedConference,
      title,
      attendeeJoinUrl: `https://${host}/k/mkIW3Txa0Uk`,
    })
    const source = openIndexSource(
      await imported(ndjson([on('mtest.qsh1.cn', 'test'), on('s.qsh1.cn', 'production')])),
      DEFAULT_ALLOWED_HOSTS,
    )
    const title = async (host: string) => {
      const outcome = await source.lookup(joinLink(host, 'mkIW3Txa0Uk', `https://${host}/k/mkIW3Txa0Uk`), {})
      return outcome.kind === 'found' ? servedConference(outcome.record).conference.title : outcome.kind
    }
    expect(await title('mtest.qsh1.cn')).toBe('test')
    expect(await title('s.qsh1.cn')).toBe('production')
    expect(await title('stest.qsh1.cn')).toBe('not_found')
  })

  // The oracle is today's start-up reader (readDataset + indexDataset): an import must stop with
  // the very message a start-up from the same file stops with.
  const bad: { name: string; text: string }[] = [
    { name: 'a line that is not JSON', text: ndjson([seedConference, '{"title":']) },
    {
      name: 'a record missing a field',
      text: ndjson([seedConference, { ...seedConference, title: undefined }]),
    },
    { name: 'a field of the wrong type', text: ndjson([{ ...seedConference, startTime: 'soon' }]) },
    {
      name: 'the same link twice (another form)',
      text: ndjson([
        seedConference,
        { ...seedConference, attendeeJoinUrl: 'HTTP://MTEST.qsh1.cn/a/mkIW3Txa0Uk/' },
      ]),
    },
    {
      name: 'a host outside the allow-list',
      text: ndjson([{ ...seedConference, attendeeJoinUrl: 'https://example.com/k/mkIW3Txa0Uk' }]),
    },
    { name: 'no records at all', text: '\n\n' },
  ]
  it.each(bad)('refuses $name with the start-up reader’s message, leaving no file', async ({ text }) => {
    const file = 'conferences.ndjson'
    const expected = await indexDataset(readDataset(once(text), file), file, DEFAULT_ALLOWED_HOSTS).then(
      () => 'accepted',
      (error: Error) => error.message,
    )
    expect(expected).not.toBe('accepted')
    const out = join(dir, 'refused.sqlite')
    await expect(
      importDataset(readDataset(once(text), file), file, out, DEFAULT_ALLOWED_HOSTS),
    ).rejects.toThrow(new DatasetError(expected))
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false)
  })

  it('is refused at start-up when it is not an index, of another format, or for other hosts', async () => {
    const index = await imported(ndjson([seedConference]))
    expect(() => openIndexSource(index, ['quanshi.com'])).toThrow(
      /JOINLINK_ALLOWED_HOSTS .* leaves out qsh1\.cn/,
    )
    const other = join(dir, 'other.sqlite')
    new DatabaseSync(other).exec(
      "CREATE TABLE meta (name TEXT, value TEXT); INSERT INTO meta VALUES ('format', '0')",
    )
    expect(() => openIndexSource(other, DEFAULT_ALLOWED_HOSTS)).toThrow(
      /index format 0, this version reads 1/,
    )
    const empty = join(dir, 'empty.sqlite')
    new DatabaseSync(empty).close()
    expect(() => openIndexSource(empty, DEFAULT_ALLOWED_HOSTS)).toThrow(/not a Joinlink index/)
    expect(() => openIndexSource(join(dir, 'missing.sqlite'), DEFAULT_ALLOWED_HOSTS)).toThrow(/no such file/)
  })

  it('openIndexIfSqlite opens an index and leaves any other file to the dataset reader', async () => {
    const text = join(dir, 'plain.ndjson')
    writeFileSync(text, ndjson([seedConference]))
    expect(openIndexIfSqlite(text, DEFAULT_ALLOWED_HOSTS)).toBeUndefined()
    expect(openIndexIfSqlite(join(dir, 'missing.ndjson'), DEFAULT_ALLOWED_HOSTS)).toBeUndefined()
    // A FIFO (a dataset piped in) is not opened at all: that would block until a writer came.
    const fifo = join(dir, 'piped.ndjson')
    execFileSync('mkfifo', [fifo], { stdio: 'ignore' })
    expect(openIndexIfSqlite(fifo, DEFAULT_ALLOWED_HOSTS)).toBeUndefined()
    const source = openIndexIfSqlite(await imported(ndjson([seedConference])), DEFAULT_ALLOWED_HOSTS)
    expect(seen(await source?.lookup(linkOf(seedConference), {}))).toEqual({
      kind: 'found',
      conference: seedConference,
    })
  })
})
