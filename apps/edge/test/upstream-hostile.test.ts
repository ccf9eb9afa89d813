// The upstream source over real HTTP against a vendor that drifts or turns hostile: new enum values
// and fields are served and reported once; nesting, value counts and record sizes past the bounds
// are refused (502 50202) and never cached; the public profile hides what an attendee link must not see.

import { createSpecJudge } from '@joinlink/spec-judge'
import { OTHER_ATTENDEE_FIELDS } from '@joinlink/test-kit/secrets'
import { LOOKUP_PATH } from '@joinlink/validation'
import { dataset, driftedVendorAnswers, seedResponse } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import type { UpstreamConfig } from '../src/config/config.ts'
import type { UpstreamDeps } from '../src/sources/upstream.ts'
import { upstreamApp, useFakeVendor } from './support/upstream-app.ts'

const TOKEN = 'tok-SECRET-0123456789'
const FULL_KEY = 'full-key-0123456789abcdef'
const FULL = { authorization: `Bearer ${FULL_KEY}` }
const SEED_LINK: string = seedResponse.result[0].attendeeJoinUrl
const judge = createSpecJudge()

const fixture = useFakeVendor(TOKEN)
const { logs } = fixture

/** An app on the upstream source against the fake vendor, with a `full` key and a settable clock. */
async function setup(upstream: Partial<UpstreamConfig> = {}, deps: UpstreamDeps = {}) {
  const app = await upstreamApp({
    vendor: fixture.vendor,
    token: TOKEN,
    env: { JOINLINK_UPSTREAM_TIMEOUT_MS: '1000', JOINLINK_API_KEYS: `ops:full:${FULL_KEY}` },
    // No failure cache: each lookup below must reach the vendor (what is cached is what is tested).
    upstream: { failureCacheMs: 0, ...upstream },
    deps,
    log: (line) => logs.push(line),
  })
  const lookup = async (link = SEED_LINK, headers: Record<string, string> = {}) => {
    const res = await app.request(LOOKUP_PATH, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: JSON.stringify({ attendeeJoinUrl: link }),
    })
    const text = await res.text()
    return { status: res.status, text, body: JSON.parse(text), cache: res.headers.get('x-joinlink-cache') }
  }
  const health = async () => (await app.request('/healthz')).json()
  return { lookup, health }
}

const driftLines = () =>
  logs.map((line) => JSON.parse(line)).filter((line) => line.msg === 'vendor drift') as {
    path: string
    kind: string
  }[]
const byPath = <T extends { path: string; kind: string }>(list: readonly T[]) =>
  [...list]
    .map(({ path, kind }) => ({ path, kind }))
    .sort((a, b) => `${a.path} ${a.kind}`.localeCompare(`${b.path} ${b.kind}`))

describe('tolerant reader: drift is served, logged once per (path, kind), and counted', () => {
  it.each(driftedVendorAnswers.map((f) => [f.name, f] as const))(
    '%s → 200, public profile, one log line per drift',
    async (_name, f) => {
      let now = 1_000_000
      const { lookup, health } = await setup({}, { now: () => now })
      fixture.vendor.setDefault({ kind: 'raw', body: JSON.stringify(f.envelope) })
      const answer = await lookup()
      expect(answer.status).toBe(200)
      expect(judge.response(answer.status, answer.body)).toEqual({ ok: true })
      const [record] = answer.body.result
      expect(record.attendeeJoinUrl).toBe(SEED_LINK)
      expect(record.livePullPwd).toBe('')
      expect(answer.body.reqid).toBe('')
      for (const attendee of record.attendList)
        for (const field of OTHER_ATTENDEE_FIELDS)
          expect(attendee[field], field).toEqual(field === 'userProfile' ? null : '')
      // Unknown enum values pass through; unknown fields are not served (the answer is built from the spec).
      for (const finding of f.drift.filter((d) => d.kind.startsWith('unknown field')))
        expect(answer.text).not.toContain(`"${finding.path.split('.').at(-1)}"`)
      expect(answer.text).not.toMatch(/DRIFT/)
      expect(byPath(driftLines())).toEqual(byPath(f.drift))

      // Fetched again (past every cache window): counted again, never logged again.
      now += 10 * 3_600_000
      expect((await lookup()).status).toBe(200)
      expect(fixture.vendor.calls).toBe(2)
      expect(driftLines()).toHaveLength(f.drift.length)
      const summary = (await health()).drift
      expect(summary.answers).toBe(f.drift.length ? 2 : 0)
      expect(byPath(summary.fields)).toEqual(byPath(f.drift))
      for (const entry of summary.fields) expect(entry.count).toBe(2)
      expect(logs.join('\n')).not.toMatch(/DRIFT/)
    },
  )

  it('the full profile serves the drifted values, still without the unknown fields', async () => {
    const { lookup } = await setup()
    fixture.vendor.setDefault({
      kind: 'drift',
      conference: { status: 2, surprise: 'DRIFT-x' },
      attendee: { userType: 9 },
    })
    const answer = await lookup(SEED_LINK, FULL)
    expect(answer.status).toBe(200)
    expect(answer.body.result[0].status).toBe(2)
    expect(answer.body.result[0].attendList[0].userType).toBe(9)
    expect(answer.text).not.toContain('DRIFT')
    expect(answer.body.reqid).toBe(seedResponse.reqid)
  })

  it('/healthz shows an empty drift summary before any drift, and none in fixtures mode', async () => {
    const { health } = await setup()
    expect(await health()).toEqual({
      status: 'ok',
      source: 'upstream',
      drift: { answers: 0, fields: [], untracked: 0 },
    })
  })

  it('a value of the wrong base type is still refused (502 50202): tolerant, not lax', async () => {
    const { lookup } = await setup()
    fixture.vendor.setDefault({ kind: 'drift', conference: { status: '2' } })
    const answer = await lookup()
    expect([answer.status, answer.body.status]).toEqual([502, 50202])
  })
})

describe('bounds on what the vendor sends', () => {
  it('a userProfile nested 40,000 levels deep (within the body cap) → 502 50202 for public and full callers, never cached', async () => {
    const { lookup } = await setup()
    fixture.vendor.setDefault({ kind: 'deep', levels: 40_000 })
    for (const headers of [{}, FULL, {}, FULL]) {
      const answer = await lookup(SEED_LINK, headers)
      expect([answer.status, answer.body.status]).toEqual([502, 50202])
      expect(answer.body.msg).toMatch(/nested deeper than 32 levels/)
      expect(judge.response(answer.status, answer.body)).toEqual({ ok: true })
    }
    expect(fixture.vendor.calls, 'each lookup asked the vendor again: nothing was cached').toBe(4)
    fixture.vendor.setDefault({ kind: 'ok' })
    expect((await lookup(SEED_LINK, FULL)).status).toBe(200)
  })

  it('the deep answer really is within the 256 KiB body cap (so only the depth bound stops it)', async () => {
    fixture.vendor.setDefault({ kind: 'deep', levels: 40_000 })
    const res = await fetch(fixture.vendor.url + fixture.vendor.path, {
      method: 'POST',
      headers: { token: TOKEN },
      body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
    })
    const bytes = (await res.arrayBuffer()).byteLength
    expect(bytes).toBeGreaterThan(240_000)
    expect(bytes).toBeLessThan(256 * 1024)
  })

  it('more JSON values than JOINLINK_UPSTREAM_MAX_NODES → 502 50202, not cached', async () => {
    const { lookup } = await setup()
    fixture.vendor.setDefault({ kind: 'drift', conference: { padding: Array(60_000).fill(0) } })
    for (const headers of [{}, FULL]) {
      const answer = await lookup(SEED_LINK, headers)
      expect([answer.status, answer.body.status]).toEqual([502, 50202])
      expect(answer.body.msg).toMatch(/more than 50000 JSON values/)
    }
    expect(fixture.vendor.calls).toBe(2)
  })

  it('a record over JOINLINK_UPSTREAM_MAX_RECORD_BYTES → 502 50202, not cached; under it → 200', async () => {
    const { lookup } = await setup({ maxRecordBytes: 64 * 1024 })
    fixture.vendor.setDefault({ kind: 'drift', conference: { title: '会'.repeat(22_000) } }) // 66,000 bytes of title
    const refused = await lookup()
    expect([refused.status, refused.body.status]).toEqual([502, 50202])
    expect(refused.body.msg).toMatch(/the record is over 64 KiB/)
    expect((await lookup()).status).toBe(502)
    expect(fixture.vendor.calls).toBe(2)
    fixture.vendor.setDefault({ kind: 'drift', conference: { title: '会'.repeat(20_000) } }) // 60,000 bytes
    const served = await lookup()
    expect([served.status, served.cache]).toEqual([200, 'miss'])
  })
})

describe('private by default: the public profile of every dataset conference, through the vendor', () => {
  it.each(dataset.map((c) => [c.attendeeJoinUrl, c] as const))('%s', async (link, conference) => {
    const { lookup } = await setup()
    const pub = await lookup(link)
    expect(pub.status).toBe(200)
    expect(judge.response(pub.status, pub.body)).toEqual({ ok: true })
    expect(pub.body.reqid, 'the vendor reqid (an internal address) is present but empty').toBe('')
    expect(pub.text).not.toContain(seedResponse.reqid)
    const [record] = pub.body.result
    expect(record.livePullPwd).toBe('')
    expect(record.hostId).toBe(0)
    expect(record.attendList).toHaveLength(conference.attendList.length)
    for (const attendee of record.attendList)
      for (const field of OTHER_ATTENDEE_FIELDS)
        if (field in attendee) expect(attendee[field], field).toEqual(field === 'userProfile' ? null : '')
    for (const room of [...record.houseList, ...record.equipList, ...(record.detailHouseList ?? [])])
      expect(room.ApplyUserId ?? 0).toBe(0)

    const full = await lookup(link, FULL)
    expect(full.body.reqid).toBe(seedResponse.reqid)
    expect(full.body.result).toEqual([conference])
  })
})
