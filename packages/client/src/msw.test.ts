import { toPublicConference } from '@joinlink/validation'
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import { dataset, seedConference } from '@joinlink/validation/fixtures'
import { HttpResponse, http } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createJoinlinkClient, type JoinlinkErrorKind } from './index.ts'
import { joinlinkHandlers } from './msw.ts'
import type { RecordedRequest } from './testing.ts'

const BASE = 'https://joinlink.example.com'
const SEED_LINK = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'
const server = setupServer()

beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

describe('joinlinkHandlers (MSW, setupServer intercepting fetch)', () => {
  it('serves every dataset conference through the core, public by default and full on request', async () => {
    server.use(
      ...joinlinkHandlers({ baseUrl: BASE }),
      ...joinlinkHandlers({ baseUrl: 'https://full.test', profile: 'full' }),
    )
    // Made before nothing: the client reads globalThis.fetch per call, which MSW has patched.
    const client = createJoinlinkClient({ baseUrl: BASE, validate: 'strict' })
    const full = createJoinlinkClient({ baseUrl: 'https://full.test' })
    for (const conference of dataset) {
      await expect(client.getConference(conference.attendeeJoinUrl)).resolves.toEqual(
        toPublicConference(conference),
      )
      await expect(full.getConference(conference.attendeeJoinUrl)).resolves.toEqual(conference)
    }
  })

  it('intercepts a client made before the server started listening', async () => {
    server.close()
    const client = createJoinlinkClient({ baseUrl: BASE })
    server.listen({ onUnhandledFrame: 'error' })
    server.use(...joinlinkHandlers({ baseUrl: BASE }))
    await expect(client.getConference(SEED_LINK)).resolves.toEqual(toPublicConference(seedConference))
  })

  it('answers under a base path, and routes other paths as the edge does (404 40402)', async () => {
    server.use(...joinlinkHandlers({ baseUrl: `${BASE}/joinlink/` }))
    const client = createJoinlinkClient({ baseUrl: `${BASE}/joinlink` })
    await expect(client.getConference(SEED_LINK)).resolves.toMatchObject({ title: seedConference.title })
    const unrouted = await fetch(`${BASE}/joinlink/nope`)
    expect(unrouted.status).toBe(404)
    expect(await unrouted.json()).toMatchObject({ status: 40402 })
    const wrongMethod = await fetch(`${BASE}/joinlink${LOOKUP_PATH}`)
    expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'POST'])
  })

  it('leaves requests outside baseUrl to the other handlers', async () => {
    server.use(
      ...joinlinkHandlers({ baseUrl: `${BASE}/joinlink` }),
      http.get(`${BASE}/other`, () => HttpResponse.text('mine')),
      http.all('*', () => HttpResponse.text('not Joinlink', { status: 418 })),
    )
    expect(await (await fetch(`${BASE}/other`)).text()).toBe('mine')
    for (const url of [`${BASE}/joinlinkx`, `http://joinlink.example.com/joinlink${LOOKUP_PATH}`])
      expect((await fetch(url, { method: 'POST' })).status, url).toBe(418)
  })

  it.each<JoinlinkErrorKind>([
    'invalid_request',
    'unauthorized',
    'not_found',
    'rate_limited',
    'upstream',
    'timeout',
    'network',
    'invalid_response',
  ])('forces %s as createFixtureFetch does', async (fail) => {
    server.use(...joinlinkHandlers({ baseUrl: BASE, fail }))
    const client = createJoinlinkClient({ baseUrl: BASE, retries: 0, timeoutMs: 50, validate: 'strict' })
    await expect(client.getConference(SEED_LINK)).rejects.toMatchObject({ kind: fail })
  })

  it('fails only the first `times` requests, and reports each request as it was received', async () => {
    const seen: RecordedRequest[] = []
    server.use(
      ...joinlinkHandlers({
        baseUrl: BASE,
        fail: 'rate_limited',
        times: 1,
        onRequest: (request) => seen.push(request),
      }),
    )
    const client = createJoinlinkClient({ baseUrl: BASE, apiKey: 'key-0123456789abcdef' })
    await expect(client.getConference(`${SEED_LINK}?priority=web`)).resolves.toMatchObject({
      conferenceId: seedConference.conferenceId,
    })
    expect(seen).toHaveLength(2)
    expect(seen[1]).toEqual({
      method: 'POST',
      url: `${BASE}${LOOKUP_PATH}`,
      headers: expect.objectContaining({ authorization: 'Bearer key-0123456789abcdef' }),
      body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
    })
  })
})
