// Bun and Deno serve the same /metrics as Node: prom-client runs on both (their bundles give it a
// require() for Node built-ins). Each runtime is started for real with a metrics key and an OTLP
// endpoint; its metric names must equal those of the Node app, a lookup must move its counters,
// and the lookup's span must reach the OTLP receiver under the caller's trace id.
import { LOOKUP_PATH, SEED_LINK } from '@joinlink/test-kit/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrometheusMetrics } from '../src/observability/prometheus.ts'
import { startOtlpReceiver } from '../test/support/otlp-receiver.ts'
import { type Exposition, parseExposition } from '../test/support/prometheus.ts'
import { RUNTIMES, type Runtime, type Started, startRuntime, startTimeout } from './support/runtime.ts'

const KEY = 'metrics-key-0123456789abcdef'
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736'

for (const runtime of [RUNTIMES.bun, RUNTIMES.deno] as Runtime[]) {
  describe(`/metrics on ${runtime.name}`, () => {
    let started: Started | undefined
    let node: Exposition
    let receiver: Awaited<ReturnType<typeof startOtlpReceiver>> | undefined
    beforeAll(async () => {
      node = parseExposition(await createPrometheusMetrics({ version: 'x', runtime: 'node' }).scrape())
      receiver = await startOtlpReceiver()
      started = await startRuntime(runtime, {
        JOINLINK_API_KEYS: `prom:metrics:${KEY}`,
        JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
      })
    }, startTimeout(runtime))
    afterAll(async () => {
      await started?.stop()
      await receiver?.close()
    }, 15_000)

    const scrape = async () => {
      const response = await fetch(`${started?.url}/metrics`, { headers: { authorization: `Bearer ${KEY}` } })
      expect(response.status).toBe(200)
      return parseExposition(await response.text())
    }

    it('serves the same metric names as Node, with its own runtime in build info', async () => {
      const served = await scrape()
      expect([...served.names].sort()).toEqual([...node.names].sort())
      const runtimeName = runtime === RUNTIMES.bun ? 'bun' : 'deno'
      expect(served.value('joinlink_build_info', { runtime: runtimeName })).toBe(1)
    })

    it('counts a lookup; refuses /metrics without the key', async () => {
      const before = await scrape()
      const answer = await fetch(`${started?.url}${LOOKUP_PATH}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-00f067aa0ba902b7-01` },
        body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
      })
      expect(answer.status).toBe(200)
      const after = await scrape()
      const labels = { route: 'lookup', status: '200', envelope_code: '0' }
      expect(
        after.value('joinlink_http_requests_total', labels) -
          before.value('joinlink_http_requests_total', labels),
      ).toBe(1)
      expect(
        after.value('joinlink_lookups_total', { outcome: 'hit' }) -
          before.value('joinlink_lookups_total', { outcome: 'hit' }),
      ).toBe(1)
      expect((await fetch(`${started?.url}/metrics`)).status).toBe(401)
    })

    it('exports the lookup’s span over OTLP under the caller’s trace id', async () => {
      const request = () =>
        receiver?.spans.find((span) => span.name === 'joinlink.request' && span.traceId === TRACE_ID)
      // Batches leave every second: wait (bounded) for the span of the lookup above.
      for (let i = 0; i < 100 && !request(); i++) await new Promise((r) => setTimeout(r, 100))
      expect(request()?.parentSpanId).toBe('00f067aa0ba902b7')
    })
  })
}
