import { describe, expect, it } from 'vitest'
import { ConfigError } from '../config/config.ts'
import { parseServeConfig, parseServerConfig, SERVER_DEFAULTS, shutdownGraceMs } from './server-config.ts'

const UPSTREAM = { JOINLINK_SOURCE: 'upstream', JOINLINK_UPSTREAM_URL: 'https://vendor.example' }
const UPSTREAM_TOKEN = { ...UPSTREAM, JOINLINK_UPSTREAM_TOKEN: 'vendor-token-0123456789' }

describe('parseServerConfig', () => {
  it('defaults: no proxy trusted, X-Forwarded-For, 10 s headers, 30 s request, 5 s keep-alive, 1000 / 64 connections', () => {
    expect(parseServerConfig({})).toEqual({
      trustProxy: { kind: 'none' },
      forwardedHeader: 'x-forwarded-for',
      ...SERVER_DEFAULTS,
      shutdownGraceMs: undefined,
    })
    expect(SERVER_DEFAULTS).toEqual({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      keepAliveTimeoutMs: 5_000,
      maxConnections: 1000,
      maxConnectionsPerClient: 64,
      overCapHeadersTimeoutMs: 5000,
      sendTimeoutMs: 30_000,
    })
  })

  it.each([
    ['fixtures: 10 s', {}, 10_000],
    // (3 s × 3 attempts + 2 × 5 s between them) × (1 + ⌈64 ÷ 32⌉ lookups ahead in the queue) + 10 s
    ['upstream defaults', UPSTREAM_TOKEN, 19_000 * 3 + 10_000],
    // (15 s × 3 + 10 s) × 3 + 10 s: more than the 12 s a slow vendor takes, with room for the queue
    [
      'a 15 s vendor timeout',
      { ...UPSTREAM_TOKEN, JOINLINK_UPSTREAM_TIMEOUT_MS: '15000' },
      55_000 * 3 + 10_000,
    ],
    [
      'no retries, no queue',
      { ...UPSTREAM_TOKEN, JOINLINK_UPSTREAM_RETRIES: '0', JOINLINK_UPSTREAM_QUEUE: '0' },
      13_000,
    ],
    ['JOINLINK_SHUTDOWN_GRACE_S wins', { ...UPSTREAM_TOKEN, JOINLINK_SHUTDOWN_GRACE_S: '20' }, 20_000],
  ])('shutdown grace, %s', async (_name, env, expected) => {
    const { config, server } = await parseServeConfig(env)
    expect(shutdownGraceMs(config, server)).toBe(expected)
  })

  it.each([
    [{ JOINLINK_TRUST_PROXY: '2' }, { trustProxy: { kind: 'hops', hops: 2 } }],
    [{ JOINLINK_FORWARDED_HEADER: 'forwarded' }, { forwardedHeader: 'forwarded' }],
    [
      { JOINLINK_HEADERS_TIMEOUT_MS: '2000', JOINLINK_REQUEST_TIMEOUT_MS: '2000' },
      { requestTimeoutMs: 2000 },
    ],
    [{ JOINLINK_KEEP_ALIVE_TIMEOUT_MS: '0' }, { keepAliveTimeoutMs: 0 }],
    [{ JOINLINK_MAX_CONNECTIONS_PER_CLIENT: '0' }, { maxConnectionsPerClient: 0 }],
    [{ JOINLINK_OVER_CAP_HEADERS_TIMEOUT_MS: '250' }, { overCapHeadersTimeoutMs: 250 }],
    [{ JOINLINK_SEND_TIMEOUT_MS: '2000' }, { sendTimeoutMs: 2000 }],
    [{ JOINLINK_SHUTDOWN_GRACE_S: '90' }, { shutdownGraceMs: 90_000 }],
  ])('accepts %j', (env, expected) => {
    expect(parseServerConfig(env)).toMatchObject(expected)
  })

  it.each([
    [{ JOINLINK_TRUST_PROXY: 'lb.internal' }, /JOINLINK_TRUST_PROXY entry "lb.internal"/],
    [
      { JOINLINK_FORWARDED_HEADER: 'x-real-ip' },
      /JOINLINK_FORWARDED_HEADER must be one of x-forwarded-for, forwarded/,
    ],
    [{ JOINLINK_HEADERS_TIMEOUT_MS: '999' }, /JOINLINK_HEADERS_TIMEOUT_MS must be a whole number from 1000/],
    [
      { JOINLINK_HEADERS_TIMEOUT_MS: '20000', JOINLINK_REQUEST_TIMEOUT_MS: '10000' },
      /JOINLINK_REQUEST_TIMEOUT_MS \(10000\) must be at least JOINLINK_HEADERS_TIMEOUT_MS \(20000\)/,
    ],
    [{ JOINLINK_MAX_CONNECTIONS: '0' }, /JOINLINK_MAX_CONNECTIONS must be a whole number from 1/],
    [
      { JOINLINK_MAX_CONNECTIONS_PER_CLIENT: 'many' },
      /JOINLINK_MAX_CONNECTIONS_PER_CLIENT must be a whole number/,
    ],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => parseServerConfig(env)).toThrow(message)
  })
})

describe('parseServeConfig', () => {
  it("reports the app's problems and the server's in one error", async () => {
    const error = await parseServeConfig({ PORT: 'x', JOINLINK_MAX_CONNECTIONS: 'y' }).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toEqual([
      expect.stringContaining('PORT'),
      expect.stringContaining('JOINLINK_MAX_CONNECTIONS'),
    ])
  })

  it.each([
    [{ ...UPSTREAM }, /JOINLINK_UPSTREAM_TOKEN is required .* or JOINLINK_UPSTREAM_TOKEN_FILE/],
    [
      { ...UPSTREAM, JOINLINK_UPSTREAM_TOKEN: 'SECRET-tok', JOINLINK_UPSTREAM_TOKEN_FILE: '/run/t' },
      /JOINLINK_UPSTREAM_TOKEN and JOINLINK_UPSTREAM_TOKEN_FILE are both set/,
    ],
    [
      {
        ...UPSTREAM,
        JOINLINK_UPSTREAM_TOKEN: 'SECRET-tok',
        JOINLINK_UPSTREAM_TOKEN_ERROR_STATUSES: '10001,expired',
      },
      /JOINLINK_UPSTREAM_TOKEN_ERROR_STATUSES entry "expired" is not a whole number/,
    ],
    [
      { ...UPSTREAM, JOINLINK_UPSTREAM_TOKEN: 'SECRET-tok', JOINLINK_UPSTREAM_CONCURRENCY: '0' },
      /JOINLINK_UPSTREAM_CONCURRENCY must be a whole number from 1/,
    ],
    [
      { ...UPSTREAM, JOINLINK_UPSTREAM_TOKEN: 'SECRET-tok', JOINLINK_UPSTREAM_RETRY_BUDGET_PERCENT: '150' },
      /JOINLINK_UPSTREAM_RETRY_BUDGET_PERCENT must be a whole number from 0 to 100/,
    ],
  ])('upstream settings: refuses %j naming the variable, never the token', async (env, message) => {
    const error = await parseServeConfig(env).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).message).toMatch(message)
    expect((error as ConfigError).message).not.toContain('SECRET')
  })

  it('upstream settings: the token file, the statuses, the bulkhead and the budget', async () => {
    const { config } = await parseServeConfig({
      ...UPSTREAM,
      JOINLINK_UPSTREAM_TOKEN_FILE: '/run/secrets/vendor-token',
      JOINLINK_UPSTREAM_TOKEN_CHECK_S: '30',
      JOINLINK_UPSTREAM_TOKEN_ERROR_STATUSES: '10001, 10002',
      JOINLINK_UPSTREAM_CONCURRENCY: '4',
      JOINLINK_UPSTREAM_QUEUE: '0',
      JOINLINK_UPSTREAM_RETRY_BUDGET_PERCENT: '10',
    })
    expect(config.upstream).toMatchObject({
      token: '',
      tokenFile: '/run/secrets/vendor-token',
      tokenCheckMs: 30_000,
      tokenErrorStatuses: [10001, 10002],
      bulkhead: { concurrency: 4, queue: 0 },
      retryBudgetRatio: 0.1,
    })
  })
})
