// Bun and Deno serve the same /metrics as Node: prom-client runs on both (their bundles give it a
// require() for Node built-ins). Each runtime is started for real with a metrics key; its metric
// names must equal those of the Node app, and a lookup must move its counters.
import { LOOKUP_PATH, SEED_LINK } from '@joinlink/test-kit/contract'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrometheusMetrics } from '../src/observability/prometheus.ts'
import { type Exposition, parseExposition } from '../test/support/prometheus.ts'
import { RUNTIMES, type Runtime, type Started, startRuntime, startTimeout } from './support/runtime.ts'

const KEY = 'metrics-key-0123456789abcdef'

for (const runtime of [RUNTIMES.bun, RUNTIMES.deno] as Runtime[]) {
  describe(`/metrics on ${runtime.name}`, () => {
    let started: Started | undefined
    let node: Exposition
    beforeAll(async () => {
      node = parseExposition(await createPrometheusMetrics({ version: 'x', runtime: 'node' }).scrape())
      started = await startRuntime(runtime, { JOINLINK_API_KEYS: `prom:metrics:${KEY}` })
    }, startTimeout(runtime))
    afterAll(() => started?.stop(), 15_000)

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
        headers: { 'content-type': 'application/json' },
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
  })
}
