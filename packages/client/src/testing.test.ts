import { toPublicConference } from '@joinlink/validation'
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import { dataset, seedConference, sentinelConference } from '@joinlink/validation/fixtures'
import { describe, expect, it } from 'vitest'
import { createJoinlinkClient, type JoinlinkErrorKind } from './index.ts'
import { createFixtureFetch, type FixtureFailure } from './testing.ts'

const BASE = 'http://joinlink.test'
const SEED_LINK = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'

describe('createFixtureFetch', () => {
  it.each(dataset.map((conference) => [conference.attendeeJoinUrl, conference] as const))(
    'serves %s from the dataset, public and full',
    async (link, conference) => {
      const client = createJoinlinkClient({ baseUrl: BASE, fetch: createFixtureFetch(), validate: 'strict' })
      await expect(client.getConference(link)).resolves.toEqual(toPublicConference(conference))
      const full = createJoinlinkClient({ baseUrl: BASE, fetch: createFixtureFetch({ profile: 'full' }) })
      await expect(full.getConference(link)).resolves.toEqual(conference)
    },
  )

  it('empties the host secrets in the public profile, as the edge does', async () => {
    const client = createJoinlinkClient({ baseUrl: BASE, fetch: createFixtureFetch() })
    const conference = await client.getConference(sentinelConference.attendeeJoinUrl)
    expect(JSON.stringify(conference)).not.toContain('SENTINEL')
    expect(conference.pcode1).toBe('')
  })

  it('finds the seed by its webRTC form and records the request', async () => {
    const fetch = createFixtureFetch()
    const client = createJoinlinkClient({ baseUrl: BASE, fetch })
    await expect(client.getConference(`${SEED_LINK}?priority=web`)).resolves.toEqual(
      toPublicConference(seedConference),
    )
    expect(fetch.requests).toHaveLength(1)
  })

  it('records each request readably: method, URL, headers and the body the client sent', async () => {
    const fetch = createFixtureFetch({ fail: 'upstream', times: 1 })
    const client = createJoinlinkClient({ baseUrl: BASE, fetch, apiKey: 'key-0123456789abcdef' })
    await client.getConference(`${SEED_LINK}/?priority=web`, { headers: { 'X-Request-Id': 'call-1' } })
    expect(fetch.requests).toHaveLength(2) // the forced failure, then the retry
    for (const request of fetch.requests) {
      expect(request).toEqual({
        method: 'POST',
        url: `${BASE}${LOOKUP_PATH}`,
        headers: expect.objectContaining({
          authorization: 'Bearer key-0123456789abcdef',
          'content-type': 'application/json',
          'x-request-id': 'call-1',
        }),
        body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
      })
      expect(JSON.parse(request.body)).toEqual({ attendeeJoinUrl: SEED_LINK })
    }
    // Plain data: readable again and again, unlike a consumed Request.
    expect(JSON.parse(fetch.requests[0]?.body ?? '')).toEqual(JSON.parse(fetch.requests[0]?.body ?? ''))
  })

  it('records a GET without a body as an empty string', async () => {
    const fetch = createFixtureFetch()
    const answer = await fetch(`${BASE}/nope?x=1`)
    expect(answer.status).toBe(404)
    expect(fetch.requests).toEqual([{ method: 'GET', url: `${BASE}/nope?x=1`, headers: {}, body: '' }])
  })

  it('answers 404 (40401) for an unknown code and 400 (40003) for a bad link', async () => {
    const fetch = createFixtureFetch()
    const client = createJoinlinkClient({ baseUrl: BASE, fetch, validate: 'strict' })
    await expect(client.getConference('https://mtest.qsh1.cn/k/zzzz0000')).rejects.toMatchObject({
      kind: 'not_found',
      status: 40401,
      httpStatus: 404,
    })
    const raw = await fetch(`${BASE}${LOOKUP_PATH}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ attendeeJoinUrl: 'https://example.com/k/abcdef' }),
    })
    expect(raw.status).toBe(400)
    expect(await raw.json()).toMatchObject({ status: 40003 })
  })

  it.each<FixtureFailure>([
    'invalid_request',
    'unauthorized',
    'not_found',
    'rate_limited',
    'upstream',
    'timeout',
    'network',
    'invalid_response',
  ])('forces %s', async (fail) => {
    const client = createJoinlinkClient({
      baseUrl: BASE,
      fetch: createFixtureFetch({ fail }),
      retries: 0,
      timeoutMs: 20,
      validate: 'strict',
    })
    await expect(client.getConference(SEED_LINK)).rejects.toMatchObject({
      kind: fail satisfies JoinlinkErrorKind,
    })
  })

  it('fails only the first `times` requests, so retries can be tested', async () => {
    const fetch = createFixtureFetch({ fail: 'rate_limited', times: 2 })
    const client = createJoinlinkClient({ baseUrl: BASE, fetch })
    await expect(client.getConference(SEED_LINK)).resolves.toEqual(toPublicConference(seedConference))
    expect(fetch.requests).toHaveLength(3)
  })
})
