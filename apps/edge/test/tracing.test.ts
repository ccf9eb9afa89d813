// W3C trace context through the built edge on Node: a caller's traceparent reaches the vendor; with
// JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT set, the spans (request, cache, one per vendor attempt) reach
// an OTLP/HTTP receiver this test runs on 127.0.0.1, under the caller's trace id.
import { type FakeVendor, startFakeVendor } from '@joinlink/test-kit/fake-vendor'
import { LOOKUP_PATH } from '@joinlink/validation'
import { seedResponse } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdge, type NodeServer, startNodeServer } from './support/node-server.ts'
import { type OtlpSpan, startOtlpReceiver } from './support/otlp-receiver.ts'

const TOKEN = 'vendor-token-0123456789abcdef'
const SEED_LINK: string = seedResponse.result[0].attendeeJoinUrl
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736'
const CALLER_SPAN = '00f067aa0ba902b7'
const TRACEPARENT = `00-${TRACE_ID}-${CALLER_SPAN}-01`

let vendor: FakeVendor
let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>
let traced: NodeServer
let plain: NodeServer

beforeAll(async () => {
  buildEdge()
  vendor = await startFakeVendor({ token: TOKEN })
  receiver = await startOtlpReceiver()
  const upstream = {
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: vendor.url,
    JOINLINK_UPSTREAM_TOKEN: TOKEN,
    JOINLINK_UPSTREAM_RETRIES: '2',
    JOINLINK_LOG: 'false',
  }
  traced = await startNodeServer({ ...upstream, JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url })
  plain = await startNodeServer(upstream)
}, 150_000)

afterAll(async () => {
  await traced?.stop()
  await plain?.stop()
  await vendor?.close()
  await receiver?.close()
})

const lookup = (server: NodeServer, headers: Record<string, string> = {}) =>
  fetch(server.url + LOOKUP_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
  })

describe('with JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT', () => {
  let spans: OtlpSpan[] = []

  beforeAll(async () => {
    vendor.reset()
    vendor.plan({ kind: 'status', status: 503 }) // the first attempt fails, the retry succeeds
    const answer = await lookup(traced, { traceparent: TRACEPARENT })
    expect(answer.status, await answer.clone().text()).toBe(200)
    // Batches leave every second: wait (bounded) for the four spans of the lookup.
    for (let i = 0; i < 100 && receiver.spans.length < 4; i++) await new Promise((r) => setTimeout(r, 100))
    spans = [...receiver.spans]
  }, 30_000)

  it('exports the request, the cache read and each vendor attempt, all under the caller’s trace id', () => {
    expect(spans.map((span) => span.name).sort()).toEqual([
      'joinlink.cache',
      'joinlink.request',
      'joinlink.upstream.attempt',
      'joinlink.upstream.attempt',
    ])
    for (const span of spans) expect(span.traceId).toBe(TRACE_ID)
  })

  it('the request span is the caller’s child; the cache read and the attempts are the request’s', () => {
    const request = spans.find((span) => span.name === 'joinlink.request')
    expect(request?.parentSpanId).toBe(CALLER_SPAN)
    for (const span of spans.filter((s) => s.name !== 'joinlink.request'))
      expect(span.parentSpanId, span.name).toBe(request?.spanId)
  })

  it('each attempt reaches the vendor with its own span as the parent in traceparent', () => {
    const attempts = spans
      .filter((span) => span.name === 'joinlink.upstream.attempt')
      .map((span) => span.spanId)
    expect(vendor.traceparentsSeen).toHaveLength(2)
    expect(vendor.traceparentsSeen.map((header) => header?.split('-')[1])).toEqual([TRACE_ID, TRACE_ID])
    expect(vendor.traceparentsSeen.map((header) => header?.split('-')[2]).sort()).toEqual(attempts.sort())
  })
})

describe('without it (the default): no spans, the caller’s traceparent forwarded as it came', () => {
  it('the vendor gets the caller’s traceparent unchanged, and none when the caller sent none', async () => {
    vendor.reset()
    const other = 'https://mtest.qsh1.cn/k/noSuchCode01'
    const post = (link: string, headers: Record<string, string>) =>
      fetch(plain.url + LOOKUP_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ attendeeJoinUrl: link }),
      })
    expect((await post(SEED_LINK, { traceparent: TRACEPARENT })).status).toBe(200)
    expect((await post(other, {})).status).toBe(404)
    expect(vendor.traceparentsSeen).toEqual([TRACEPARENT, undefined])
  })

  it('a malformed traceparent is not forwarded', async () => {
    vendor.reset()
    const response = await fetch(plain.url + LOOKUP_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: '00-nothex-00f067aa0ba902b7-01' },
      body: JSON.stringify({ attendeeJoinUrl: 'https://mtest.qsh1.cn/k/noSuchCode02' }),
    })
    expect(response.status).toBe(404)
    expect(vendor.traceparentsSeen).toEqual([undefined])
  })
})
