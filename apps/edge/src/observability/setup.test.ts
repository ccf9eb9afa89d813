import { readFileSync } from 'node:fs'
import { describe, expect, it, vi } from 'vitest'
import { parseConfig } from '../config/config.ts'
import { setUpObservability } from './setup.ts'
import { EDGE_VERSION } from './version.ts'

const loaded = vi.hoisted(() => ({ otel: 0 }))
vi.mock('./otel.ts', () => {
  loaded.otel++
  return { createOtelTracer: () => ({ start: vi.fn(), flush: async () => {} }) }
})

const KEY = 'metrics-key-0123456789abcdef'

describe('setUpObservability', () => {
  it('without JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT, never imports the OpenTelemetry module', async () => {
    const { tracer } = await setUpObservability(
      await parseConfig({ JOINLINK_API_KEYS: `p:metrics:${KEY}` }),
      'node',
    )
    expect(tracer).toBeUndefined()
    expect(loaded.otel).toBe(0)
  })

  it('with it, imports the module and makes a tracer', async () => {
    const config = await parseConfig({ JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' })
    const { tracer } = await setUpObservability(config, 'node')
    expect(tracer).toBeDefined()
    expect(loaded.otel).toBe(1)
  })

  const cases: { name: string; env: Record<string, string>; metrics: boolean }[] = [
    { name: 'nothing configured', env: {}, metrics: false },
    { name: 'only lookup keys', env: { JOINLINK_API_KEYS: `a:lookup:${KEY}` }, metrics: false },
    { name: 'a metrics key', env: { JOINLINK_API_KEYS: `p:metrics:${KEY}` }, metrics: true },
    { name: 'a metrics port', env: { JOINLINK_METRICS_PORT: '0' }, metrics: true },
  ]
  for (const { name, env, metrics } of cases) {
    it(`${name}: metrics ${metrics ? 'collected' : 'not collected (nobody could read them)'}`, async () => {
      expect((await setUpObservability(await parseConfig(env), 'node')).metrics !== undefined).toBe(metrics)
    })
  }
})

describe('EDGE_VERSION', () => {
  it("is package.json's version", () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string
    }
    expect(EDGE_VERSION).toBe(pkg.version)
  })
})
