// The Grafana dashboard (ops/grafana/joinlink.json) and the Prometheus alert rules
// (ops/prometheus/alerts.yml): every expression parses as PromQL (Prometheus' own Lezer grammar)
// and names only metrics the edge exports — read from a running app's /metrics, not from a list.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parser } from '@prometheus-io/lezer-promql'
import { beforeAll, describe, expect, it } from 'vitest'
import { parse as parseYaml } from 'yaml'
import { parseConfig } from '../src/config/config.ts'
import { createApp } from '../src/http/app.ts'
import { createPrometheusMetrics } from '../src/observability/prometheus.ts'
import { createSource } from '../src/sources/index.ts'
import { type Exposition, parseExposition } from './support/prometheus.ts'

const ops = (path: string) =>
  readFileSync(fileURLToPath(new URL(`../../../ops/${path}`, import.meta.url)), 'utf8')
const KEY = 'metrics-key-0123456789abcdef'

interface Panel {
  title: string
  type: string
  targets?: { expr: string }[]
}
const dashboard = JSON.parse(ops('grafana/joinlink.json')) as { panels: Panel[] }
const alerts = parseYaml(ops('prometheus/alerts.yml')) as {
  groups: { rules: { alert: string; expr: string }[] }[]
}

let exported: Exposition

beforeAll(async () => {
  // The upstream source, so the families only it feeds (breaker, cache) are there with samples.
  const config = await parseConfig({
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: 'http://127.0.0.1:9',
    JOINLINK_UPSTREAM_TOKEN: 'unused-token',
    JOINLINK_API_KEYS: `prom:metrics:${KEY}`,
  })
  const metrics = createPrometheusMetrics({ version: 'test', runtime: 'node' })
  const app = createApp({
    config,
    source: await createSource(config, { metrics }),
    metrics,
    exposition: metrics,
  })
  const response = await app.request('/metrics', { headers: { authorization: `Bearer ${KEY}` } })
  expect(response.status).toBe(200)
  exported = parseExposition(await response.text())
})

/** The metric names an expression selects, or the parse errors' positions. */
function metricNames(expr: string): { names: string[]; errors: number[] } {
  // Grafana's interval variables are not PromQL: give them a duration.
  const promql = expr.replace(/\$__(rate_interval|interval|range)/g, '5m')
  const names: string[] = []
  const errors: number[] = []
  parser.parse(promql).iterate({
    enter(node) {
      if (node.type.isError) errors.push(node.from)
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier')
        if (identifier) names.push(promql.slice(identifier.from, identifier.to))
      }
    },
  })
  return { names, errors }
}

/** Names the exposition does not have; a histogram's `_bucket`/`_sum`/`_count` count as its family. */
function unknownNames(expr: string): string[] {
  return metricNames(expr).names.filter((name) => {
    if (exported.names.has(name)) return false
    const base = name.replace(/_(bucket|sum|count)$/, '')
    return !(base !== name && exported.type(base) === 'HISTOGRAM')
  })
}

const queries = [
  ...dashboard.panels.flatMap((panel) =>
    (panel.targets ?? []).map((target) => ({ where: `dashboard panel "${panel.title}"`, expr: target.expr })),
  ),
  ...alerts.groups.flatMap((group) =>
    group.rules.map((rule) => ({ where: `alert ${rule.alert}`, expr: rule.expr })),
  ),
]

describe('ops/: dashboard and alert rules against the exported metrics', () => {
  it('has queries to check (dashboard and alerts both)', () => {
    expect(queries.filter((q) => q.where.startsWith('dashboard')).length).toBeGreaterThanOrEqual(10)
    expect(queries.filter((q) => q.where.startsWith('alert')).length).toBeGreaterThanOrEqual(5)
  })

  for (const { where, expr } of queries) {
    it(`${where}: parses as PromQL and names only exported metrics`, () => {
      const { names, errors } = metricNames(expr)
      expect(errors, `${where}: PromQL syntax error in ${expr}`).toEqual([])
      expect(names.length, `${where} selects no metric`).toBeGreaterThan(0)
      expect(unknownNames(expr), `${where} names metrics /metrics does not export`).toEqual([])
    })
  }

  it('the check itself catches a name the edge does not export and a syntax error', () => {
    expect(unknownNames('sum(rate(joinlink_nope_total[5m])) + joinlink_rate_limited_total')).toEqual([
      'joinlink_nope_total',
    ])
    expect(unknownNames('rate(joinlink_lookups_total_bucket[5m])')).toEqual(['joinlink_lookups_total_bucket'])
    expect(metricNames('sum(rate(joinlink_lookups_total[5m])').errors.length).toBeGreaterThan(0)
  })

  it('the dashboard has the panels an operator needs', () => {
    const titles = dashboard.panels.map((panel) => panel.title.toLowerCase()).join('\n')
    for (const topic of [
      'status',
      'envelope code',
      'p50 / p99',
      'vendor',
      'breaker',
      'cache',
      'rate-limited',
      'drift',
      'bulkhead',
    ])
      expect(titles, topic).toContain(topic)
  })

  it('every family the edge exports is on the dashboard', () => {
    const used = new Set(
      queries.flatMap((q) =>
        metricNames(q.expr).names.map((name) => name.replace(/_(bucket|sum|count)$/, '')),
      ),
    )
    expect([...exported.names].filter((name) => !used.has(name))).toEqual([])
  })
})
