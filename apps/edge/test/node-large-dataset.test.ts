// `node dist/node.js` with JOINLINK_DATA pointing at a generated NDJSON file of 20,000 records:
// the file is streamed line by line and every record served, the first, the last and in between.

import { once } from 'node:events'
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { FULL_KEY, LOOKUP_PATH, SUITE_ENV } from '@joinlink/test-kit/contract'
import type { Conference } from '@joinlink/types'
import { DEFAULT_ALLOWED_HOSTS, normalizeJoinUrl } from '@joinlink/validation'
import { dataset } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdge, type NodeServer, startNodeServer } from './support/node-server.ts'

const COUNT = 20_000
const dir = mkdtempSync(join(tmpdir(), 'joinlink-edge-large-'))
const file = join(dir, 'conferences.ndjson')
let server: NodeServer | undefined

// The 100-attendee crowd records would make the file tens of megabytes for no more coverage.
const templates = dataset.filter((c) => JSON.stringify(c).length <= 4096)

/** The i-th record: a template from the embedded dataset with a short code of its own. */
function generated(i: number): Conference {
  const template = templates[i % templates.length] as Conference
  const link = normalizeJoinUrl(template.attendeeJoinUrl, DEFAULT_ALLOWED_HOSTS)
  const host = link.ok ? new URL(link.canonicalUrl).host : 'mtest.qsh1.cn'
  const url = `https://${host}/k/jl${i.toString(36).padStart(8, '0')}`
  return {
    ...template,
    conferenceId: String(100_000_000 + i),
    attendeeJoinUrl: url,
    webRTCUrl: `${url}?priority=web`,
  }
}

const lookup = (link: string) =>
  fetch(`${server?.url}${LOOKUP_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${FULL_KEY}` },
    body: JSON.stringify({ attendeeJoinUrl: link }),
    signal: AbortSignal.timeout(10_000),
  })

beforeAll(async () => {
  buildEdge()
  const out = createWriteStream(file)
  for (let i = 0; i < COUNT; i++)
    if (!out.write(`${JSON.stringify(generated(i))}\r\n`)) await once(out, 'drain')
  out.end()
  await once(out, 'finish')
  server = await startNodeServer({ ...SUITE_ENV, JOINLINK_DATA: file }, 30_000)
}, 60_000)

afterAll(async () => {
  await server?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe(`JOINLINK_DATA: an NDJSON file of ${COUNT.toLocaleString('en')} records`, () => {
  for (const i of [0, 1, 4_999, 12_345, COUNT - 1]) {
    it(`serves record ${i} as written`, async () => {
      const record = generated(i)
      const answer = await lookup(record.attendeeJoinUrl)
      expect(answer.status).toBe(200)
      expect((await answer.json()).result).toEqual([record])
    })
  }

  it('answers 404 for a code past the end, and for the embedded dataset it replaced', async () => {
    for (const link of [generated(COUNT).attendeeJoinUrl, 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk']) {
      const answer = await lookup(link)
      expect(answer.status).toBe(404)
    }
  })
})
