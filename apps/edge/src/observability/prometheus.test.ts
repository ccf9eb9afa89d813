import { describe, expect, it } from 'vitest'
import { parseExposition } from '../../test/support/prometheus.ts'
import { MAX_DRIFT_PATHS } from './metrics.ts'
import { createPrometheusMetrics } from './prometheus.ts'

const fresh = () => createPrometheusMetrics({ version: '1.2.3', runtime: 'node' })
const scrape = async (metrics: ReturnType<typeof fresh>) => parseExposition(await metrics.scrape())

describe('createPrometheusMetrics', () => {
  it('registers every family up front, all prefixed joinlink_, with the types the README names', async () => {
    const exposition = await scrape(fresh())
    const expected: Record<string, string> = {
      joinlink_http_requests_total: 'COUNTER',
      joinlink_http_request_duration_seconds: 'HISTOGRAM',
      joinlink_lookups_total: 'COUNTER',
      joinlink_upstream_calls_total: 'COUNTER',
      joinlink_upstream_call_duration_seconds: 'HISTOGRAM',
      joinlink_upstream_breaker_state: 'GAUGE',
      joinlink_upstream_breaker_opened_total: 'COUNTER',
      joinlink_upstream_bulkhead_in_flight: 'GAUGE',
      joinlink_upstream_bulkhead_queued: 'GAUGE',
      joinlink_cache_entries: 'GAUGE',
      joinlink_cache_max_entries: 'GAUGE',
      joinlink_cache_bytes: 'GAUGE',
      joinlink_cache_max_bytes: 'GAUGE',
      joinlink_rate_limited_total: 'COUNTER',
      joinlink_drift_events_total: 'COUNTER',
      joinlink_build_info: 'GAUGE',
      joinlink_redis_up: 'GAUGE',
      joinlink_redis_calls_total: 'COUNTER',
      joinlink_redis_call_duration_seconds: 'HISTOGRAM',
      joinlink_redis_fallbacks_total: 'COUNTER',
      joinlink_fleet_coalesce_total: 'COUNTER',
      joinlink_fleet_coalesce_wait_seconds: 'HISTOGRAM',
    }
    for (const [name, type] of Object.entries(expected)) expect(exposition.type(name), name).toBe(type)
    expect([...exposition.names].filter((name) => !name.startsWith('joinlink_'))).toEqual([])
    expect(exposition.value('joinlink_build_info', { version: '1.2.3', runtime: 'node' })).toBe(1)
  })

  it('counts the shared store: calls by op and outcome (skipped ones untimed), fallbacks, up, coalescing and its waits', async () => {
    const metrics = fresh()
    metrics.redisCall('rate_limit', 'ok', 0.0004)
    metrics.redisCall('rate_limit', 'ok', 0.0006)
    metrics.redisCall('cache_get', 'timeout', 0.25)
    metrics.redisCall('cache_get', 'skipped', 0)
    metrics.redisFallback('cache')
    metrics.redisFallback('cache')
    metrics.redisFallback('rate_limit')
    metrics.redisUp(false)
    metrics.coalesce('leader', 0)
    metrics.coalesce('hit', 0.06)
    metrics.coalesce('hit', 0.05)
    metrics.coalesce('skipped', 0)
    const e = await scrape(metrics)
    expect(e.value('joinlink_redis_calls_total', { op: 'rate_limit', outcome: 'ok' })).toBe(2)
    expect(e.value('joinlink_redis_calls_total', { op: 'cache_get', outcome: 'timeout' })).toBe(1)
    expect(e.value('joinlink_redis_calls_total', { op: 'cache_get', outcome: 'skipped' })).toBe(1)
    expect(e.value('joinlink_redis_call_duration_seconds', { op: 'rate_limit' })).toBe(2)
    expect(e.value('joinlink_redis_call_duration_seconds', { op: 'cache_get' })).toBe(1)
    expect(e.value('joinlink_redis_fallbacks_total', { component: 'cache' })).toBe(2)
    expect(e.value('joinlink_redis_fallbacks_total', { component: 'rate_limit' })).toBe(1)
    expect(e.value('joinlink_redis_up')).toBe(0)
    expect(e.value('joinlink_fleet_coalesce_total', { outcome: 'hit' })).toBe(2)
    expect(e.value('joinlink_fleet_coalesce_total', { outcome: 'skipped' })).toBe(1)
    expect(e.value('joinlink_fleet_coalesce_wait_seconds', { outcome: 'hit' })).toBe(2)
    metrics.redisUp(true)
    expect((await scrape(metrics)).value('joinlink_redis_up')).toBe(1)
  })

  it('counts through the interface: requests, lookups, vendor calls, breaker, rate limit', async () => {
    const metrics = fresh()
    metrics.request('lookup', 200, 0, 0.002)
    metrics.request('lookup', 200, 0, 0.004)
    metrics.request('lookup', 404, 40401, 0.001)
    metrics.lookup('hit')
    metrics.lookup('miss')
    metrics.lookup('miss')
    metrics.vendorCall('ok', 0.05)
    metrics.vendorCall('timeout', 3)
    metrics.breaker('closed')
    metrics.breaker('open')
    metrics.rateLimited()
    const e = await scrape(metrics)
    expect(
      e.value('joinlink_http_requests_total', { route: 'lookup', status: '200', envelope_code: '0' }),
    ).toBe(2)
    expect(e.value('joinlink_http_requests_total', { status: '404', envelope_code: '40401' })).toBe(1)
    expect(e.value('joinlink_http_request_duration_seconds', { route: 'lookup' })).toBe(3)
    expect(e.value('joinlink_lookups_total', { outcome: 'miss' })).toBe(2)
    expect(e.value('joinlink_upstream_calls_total', { outcome: 'timeout' })).toBe(1)
    expect(e.value('joinlink_upstream_call_duration_seconds', { outcome: 'ok' })).toBe(1)
    expect(e.value('joinlink_upstream_breaker_state', { state: 'open' })).toBe(1)
    expect(e.value('joinlink_upstream_breaker_state', { state: 'closed' })).toBe(0)
    expect(e.value('joinlink_upstream_breaker_opened_total')).toBe(1)
    expect(e.value('joinlink_rate_limited_total')).toBe(1)
  })

  it('drift events by field path (indices folded), and the bulkhead gauges — the calls issue 14 wires', async () => {
    const metrics = fresh()
    metrics.driftEvent('result[0].conferenceStatus')
    metrics.driftEvent('result[3].conferenceStatus')
    metrics.driftEvent('result[0].newField')
    metrics.bulkhead(7, 3)
    metrics.bulkhead(4, 0)
    const e = await scrape(metrics)
    expect(e.value('joinlink_drift_events_total', { field_path: 'result[].conferenceStatus' })).toBe(2)
    expect(e.value('joinlink_drift_events_total', { field_path: 'result[].newField' })).toBe(1)
    expect(e.value('joinlink_upstream_bulkhead_in_flight')).toBe(4)
    expect(e.value('joinlink_upstream_bulkhead_queued')).toBe(0)
  })

  it(`keeps at most ${MAX_DRIFT_PATHS} drift paths as labels; the rest count as "other"`, async () => {
    const metrics = fresh()
    for (let i = 0; i < MAX_DRIFT_PATHS + 50; i++) metrics.driftEvent(`result[0].field${i}`)
    const e = await scrape(metrics)
    expect(e.labelSets('joinlink_drift_events_total')).toHaveLength(MAX_DRIFT_PATHS + 1)
    expect(e.value('joinlink_drift_events_total', { field_path: 'other' })).toBe(50)
  })

  it('reads the cache gauges at scrape time, against their budgets; 0 without a cache', async () => {
    const metrics = fresh()
    expect((await scrape(metrics)).value('joinlink_cache_max_bytes')).toBe(0)
    let usage = { entries: 1, bytes: 100, maxEntries: 10, maxBytes: 1000 }
    metrics.trackCache(() => usage)
    usage = { ...usage, entries: 3, bytes: 900 }
    const e = await scrape(metrics)
    expect(e.value('joinlink_cache_entries')).toBe(3)
    expect(e.value('joinlink_cache_bytes')).toBe(900)
    expect(e.value('joinlink_cache_max_entries')).toBe(10)
    expect(e.value('joinlink_cache_max_bytes')).toBe(1000)
  })

  it('two instances never share a registry', async () => {
    const a = fresh()
    const b = fresh()
    a.rateLimited()
    expect((await scrape(b)).value('joinlink_rate_limited_total')).toBe(0)
  })
})
