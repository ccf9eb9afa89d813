import { DEFAULT_ALLOWED_HOSTS } from '@joinlink/validation'
import { describe, expect, it } from 'vitest'
import { ConfigError, DEFAULTS, parseConfig } from './config.ts'
import { sha256Hex } from './crypto.ts'

const KEY = 'k3y-0123456789abcdef'

/** The ConfigError parseConfig throws for `env`, or a failure if it does not throw one. */
async function problemsOf(env: Record<string, string>): Promise<ConfigError> {
  const error = await parseConfig(env).then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ConfigError)
  return error as ConfigError
}

describe('parseConfig', () => {
  it('defaults: fixtures source, public, 127.0.0.1:8787, 120 requests a minute, 4 KiB bodies', async () => {
    expect(await parseConfig({})).toMatchObject({
      host: '127.0.0.1',
      port: 8787,
      source: 'fixtures',
      dataFile: undefined,
      upstream: undefined,
      public: true,
      apiKeys: [],
      rateLimit: DEFAULTS.rateLimit,
      rateLimitIpv6Prefix: 64,
      pageRateLimit: 60,
      log4xxLimit: 20,
      corsOrigins: [],
      allowedHosts: [...DEFAULT_ALLOWED_HOSTS],
      bodyLimitBytes: 4096,
      log: true,
      metrics: undefined,
      otlpEndpoint: undefined,
      drainMs: 0,
      redis: undefined,
    })
    expect(DEFAULTS.rateLimit).toBe(120)
  })

  const good: { env: Record<string, string>; expected: Record<string, unknown> }[] = [
    { env: { PORT: '0' }, expected: { port: 0 } },
    { env: { PORT: ' 65535 ' }, expected: { port: 65_535 } },
    { env: { HOST: '0.0.0.0' }, expected: { host: '0.0.0.0' } },
    { env: { JOINLINK_RATE_LIMIT: '0' }, expected: { rateLimit: 0 } },
    { env: { JOINLINK_RATE_LIMIT_IPV6_PREFIX: '48' }, expected: { rateLimitIpv6Prefix: 48 } },
    { env: { JOINLINK_PAGE_RATE_LIMIT: '0' }, expected: { pageRateLimit: 0 } },
    { env: { JOINLINK_LOG_4XX_LIMIT: '0' }, expected: { log4xxLimit: 0 } },
    { env: { JOINLINK_PUBLIC: 'TRUE' }, expected: { public: true } },
    { env: { JOINLINK_LOG: '0' }, expected: { log: false } },
    { env: { JOINLINK_DATA: '/srv/data.ndjson' }, expected: { dataFile: '/srv/data.ndjson' } },
    { env: { JOINLINK_DATA: '   ' }, expected: { dataFile: undefined } },
    {
      env: { JOINLINK_CORS_ORIGINS: ' https://a.example.com , http://b.example.com:8080,' },
      expected: { corsOrigins: ['https://a.example.com', 'http://b.example.com:8080'] },
    },
    { env: { JOINLINK_CORS_ORIGINS: '*' }, expected: { corsOrigins: ['*'] } },
    {
      env: { JOINLINK_ALLOWED_HOSTS: 'Example.COM, qsh1.cn' },
      expected: { allowedHosts: ['example.com', 'qsh1.cn'] },
    },
    {
      env: { JOINLINK_PUBLIC: 'false', JOINLINK_API_KEYS: `a:lookup:${KEY}` },
      expected: { public: false },
    },
    { env: { JOINLINK_METRICS_PORT: '9464' }, expected: { metrics: { port: 9464, host: '127.0.0.1' } } },
    {
      env: { JOINLINK_METRICS_PORT: '0', JOINLINK_METRICS_HOST: '10.0.0.5' },
      expected: { metrics: { port: 0, host: '10.0.0.5' } },
    },
    {
      env: { JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318/' },
      expected: { otlpEndpoint: 'http://127.0.0.1:4318' },
    },
    { env: { JOINLINK_DRAIN_S: '5' }, expected: { drainMs: 5000 } },
    {
      env: { JOINLINK_REDIS_URL: 'redis://10.0.0.5:6379' },
      expected: {
        redis: {
          url: 'redis://10.0.0.5:6379',
          display: 'redis://10.0.0.5:6379',
          prefix: 'joinlink:',
          timeoutMs: 250,
          coalesceWaitMs: 3000,
        },
      },
    },
    {
      env: {
        JOINLINK_REDIS_URL: 'rediss://edge:s3cret-Pass@cache.internal:6380/2',
        JOINLINK_REDIS_PREFIX: 'joinlink-prod:',
        JOINLINK_REDIS_TIMEOUT_MS: '50',
        JOINLINK_REDIS_COALESCE_WAIT_MS: '0',
      },
      expected: {
        redis: {
          url: 'rediss://edge:s3cret-Pass@cache.internal:6380/2',
          display: 'rediss://edge:***@cache.internal:6380/2',
          prefix: 'joinlink-prod:',
          timeoutMs: 50,
          coalesceWaitMs: 0,
        },
      },
    },
  ]
  for (const { env, expected } of good) {
    it(`accepts ${JSON.stringify(env)}`, async () => {
      expect(await parseConfig(env)).toMatchObject(expected)
    })
  }

  const bad: { env: Record<string, string>; message: RegExp }[] = [
    { env: { PORT: 'abc' }, message: /PORT must be a whole number from 0 to 65535; got "abc"/ },
    { env: { PORT: '65536' }, message: /PORT must be a whole number/ },
    { env: { PORT: '80.5' }, message: /PORT must be a whole number/ },
    { env: { JOINLINK_RATE_LIMIT: '-1' }, message: /JOINLINK_RATE_LIMIT must be a whole number from 0/ },
    { env: { JOINLINK_RATE_LIMIT: '1e3' }, message: /JOINLINK_RATE_LIMIT must be a whole number/ },
    { env: { JOINLINK_PUBLIC: 'yes' }, message: /JOINLINK_PUBLIC must be true or false; got "yes"/ },
    { env: { JOINLINK_LOG: 'off' }, message: /JOINLINK_LOG must be true or false/ },
    { env: { JOINLINK_SOURCE: 'vendor' }, message: /JOINLINK_SOURCE must be one of fixtures, upstream/ },
    { env: { JOINLINK_CORS_ORIGINS: 'https://a.example.com/path' }, message: /JOINLINK_CORS_ORIGINS entry/ },
    { env: { JOINLINK_CORS_ORIGINS: 'a.example.com' }, message: /JOINLINK_CORS_ORIGINS entry/ },
    { env: { JOINLINK_PUBLIC: 'false' }, message: /JOINLINK_PUBLIC=false needs at least one key/ },
    { env: { JOINLINK_SOURCE: 'upstream' }, message: /JOINLINK_UPSTREAM_URL is required/ },
    {
      env: { JOINLINK_PUBLIC: 'false', JOINLINK_API_KEYS: `scraper:metrics:${KEY}` },
      message: /JOINLINK_PUBLIC=false needs at least one key in JOINLINK_API_KEYS scoped lookup or full/,
    },
    { env: { JOINLINK_METRICS_PORT: 'x' }, message: /JOINLINK_METRICS_PORT must be a whole number/ },
    {
      env: { JOINLINK_METRICS_HOST: '0.0.0.0' },
      message: /JOINLINK_METRICS_HOST needs JOINLINK_METRICS_PORT/,
    },
    {
      env: { JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT: '127.0.0.1:4318' },
      message: /JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT must be an http\(s\) URL/,
    },
    { env: { JOINLINK_DRAIN_S: '301' }, message: /JOINLINK_DRAIN_S must be a whole number from 0 to 300/ },
    {
      env: { JOINLINK_REDIS_URL: 'http://10.0.0.5:6379' },
      message: /JOINLINK_REDIS_URL must be a redis:\/\//,
    },
    { env: { JOINLINK_REDIS_URL: '10.0.0.5:6379' }, message: /JOINLINK_REDIS_URL must be a redis:\/\// },
    { env: { JOINLINK_REDIS_PREFIX: 'x:' }, message: /JOINLINK_REDIS_PREFIX needs JOINLINK_REDIS_URL/ },
    {
      env: { JOINLINK_REDIS_URL: 'redis://h:6379', JOINLINK_REDIS_PREFIX: 'has space' },
      message: /JOINLINK_REDIS_PREFIX must be 1–64 of/,
    },
    {
      env: { JOINLINK_REDIS_URL: 'redis://h:6379', JOINLINK_REDIS_TIMEOUT_MS: '0' },
      message: /JOINLINK_REDIS_TIMEOUT_MS must be a whole number from 1 to 10000/,
    },
  ]
  for (const { env, message } of bad) {
    it(`refuses ${JSON.stringify(env)} with a message naming the variable`, async () => {
      const error = await problemsOf(env)
      expect(error.message).toMatch(/^Invalid configuration:/)
      expect(error.problems.join('\n')).toMatch(message)
    })
  }

  it('never shows the password of JOINLINK_REDIS_URL, even when the URL is refused', async () => {
    const error = await problemsOf({ JOINLINK_REDIS_URL: 'tcp://user:hunter2-secret@h:6379' })
    expect(error.message).not.toContain('hunter2-secret')
    const config = await parseConfig({ JOINLINK_REDIS_URL: 'redis://:hunter2-secret@h:6379' })
    expect(config.redis?.display).toBe('redis://:***@h:6379')
  })

  it('reports every problem at once', async () => {
    const error = await problemsOf({ PORT: 'x', JOINLINK_RATE_LIMIT: 'y', JOINLINK_PUBLIC: 'z' })
    expect(error.problems).toHaveLength(3)
    expect(error.message.split('\n')).toHaveLength(4)
  })
})

describe('JOINLINK_API_KEYS', () => {
  it('name:scope:key entries keep the name, the scope and only the SHA-256 of the key', async () => {
    const other = 'other-key-0123456789abcdef'
    const third = 'scrape-key-0123456789abcdef'
    const config = await parseConfig({
      JOINLINK_API_KEYS: ` ci:full:${KEY} , web.app-1:lookup:${other},prom:metrics:${third} `,
    })
    expect(config.apiKeys).toEqual([
      { name: 'ci', scope: 'full', hash: await sha256Hex(KEY) },
      { name: 'web.app-1', scope: 'lookup', hash: await sha256Hex(other) },
      { name: 'prom', scope: 'metrics', hash: await sha256Hex(third) },
    ])
    expect(JSON.stringify(config)).not.toContain(KEY)
    expect(JSON.stringify(config)).not.toContain(other)
  })

  it('sha256Hex is SHA-256 in lower-case hex', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad')
  })

  const secret = 'SECRET-never-echo-0123456789'
  const badEntries: { name: string; value: string; message: RegExp }[] = [
    { name: 'no scope', value: `ci:${secret}`, message: /entry 1 is not name:scope:key/ },
    { name: 'unknown scope', value: `ci:admin:${secret}`, message: /entry 1 is not name:scope:key/ },
    { name: 'key too short', value: 'ci:full:SECRET-short', message: /entry 1 is not name:scope:key/ },
    { name: 'empty name', value: `:full:${secret}`, message: /entry 1 is not name:scope:key/ },
    { name: 'space in the key', value: `ci:full:${secret} x`, message: /entry 1 is not name:scope:key/ },
    {
      name: 'second entry bad',
      value: `ci:full:${KEY},web:lookup:${secret.slice(0, 10)}`,
      message: /entry 2/,
    },
    { name: 'a name used twice', value: `ci:full:${KEY},ci:lookup:${secret}`, message: /names "ci" twice/ },
  ]
  for (const { name, value, message } of badEntries) {
    it(`refuses an entry with ${name}, and never echoes the key`, async () => {
      const error = await problemsOf({ JOINLINK_API_KEYS: value })
      expect(error.message).toMatch(message)
      expect(error.message).not.toMatch(/SECRET/)
      expect(error.message).not.toContain(KEY)
      expect(String(error.stack)).not.toMatch(/SECRET/)
    })
  }
})

describe('settings that could never work are refused at start-up', () => {
  const SECRET = 'Sup3rSecretPassw0rd'
  const upstream = (overrides: Record<string, string>) => ({
    JOINLINK_SOURCE: 'upstream',
    JOINLINK_UPSTREAM_URL: 'https://openapi.example.com',
    JOINLINK_UPSTREAM_TOKEN: `tok-${SECRET}`,
    ...overrides,
  })
  const cases: { name: string; env: Record<string, string>; message: RegExp }[] = [
    {
      name: 'user:password@ in the upstream URL',
      env: upstream({ JOINLINK_UPSTREAM_URL: `https://ops:${SECRET}@openapi.example.com` }),
      message: /JOINLINK_UPSTREAM_URL must not carry user:password@/,
    },
    {
      name: 'a user name alone in the upstream URL',
      env: upstream({ JOINLINK_UPSTREAM_URL: `https://${SECRET}@openapi.example.com/` }),
      message: /JOINLINK_UPSTREAM_URL must not carry user:password@/,
    },
    {
      name: 'userinfo in a URL that does not otherwise parse',
      env: upstream({ JOINLINK_UPSTREAM_URL: `https://ops:${SECRET}@open api.example.com` }),
      message: /JOINLINK_UPSTREAM_URL must not carry user:password@/,
    },
    {
      name: 'userinfo with a non-http scheme',
      env: upstream({ JOINLINK_UPSTREAM_URL: `ftp://ops:${SECRET}@openapi.example.com` }),
      message: /JOINLINK_UPSTREAM_URL must not carry user:password@/,
    },
    {
      name: 'userinfo without a scheme',
      env: upstream({ JOINLINK_UPSTREAM_URL: `ops${SECRET}:${SECRET}@openapi.example.com` }),
      message: /JOINLINK_UPSTREAM_URL must not carry user:password@/,
    },
    {
      name: 'a query in the upstream URL',
      env: upstream({ JOINLINK_UPSTREAM_URL: `https://openapi.example.com/?key=${SECRET}` }),
      message: /JOINLINK_UPSTREAM_URL must be a base URL without a query or fragment/,
    },
    {
      name: 'a non-http upstream URL',
      env: upstream({ JOINLINK_UPSTREAM_URL: 'ftp://openapi.example.com' }),
      message: /JOINLINK_UPSTREAM_URL must be an http\(s\) URL, not ftp:/,
    },
    {
      name: 'an upstream URL that is not a URL',
      env: upstream({ JOINLINK_UPSTREAM_URL: 'openapi.example.com' }),
      message: /JOINLINK_UPSTREAM_URL is not a URL/,
    },
    {
      name: 'a newline inside the token',
      env: upstream({ JOINLINK_UPSTREAM_TOKEN: `tok-${SECRET}\nX-Injected: 1` }),
      message: /JOINLINK_UPSTREAM_TOKEN holds a control character/,
    },
    {
      name: 'a NUL inside the token',
      env: upstream({ JOINLINK_UPSTREAM_TOKEN: `tok-${SECRET}\u0000x` }),
      message: /JOINLINK_UPSTREAM_TOKEN holds a control character/,
    },
    {
      name: 'a tab inside the token',
      env: upstream({ JOINLINK_UPSTREAM_TOKEN: `tok\t${SECRET}` }),
      message: /JOINLINK_UPSTREAM_TOKEN holds a control character/,
    },
    {
      name: 'a C1 control inside the token',
      env: upstream({ JOINLINK_UPSTREAM_TOKEN: `tok\u0085${SECRET}` }),
      message: /JOINLINK_UPSTREAM_TOKEN holds a control character/,
    },
    {
      name: 'a non-Latin-1 character in the token',
      env: upstream({ JOINLINK_UPSTREAM_TOKEN: `tok-${SECRET}-令牌` }),
      message: /JOINLINK_UPSTREAM_TOKEN holds a character outside Latin-1/,
    },
    {
      name: 'an emoji in the token',
      env: upstream({ JOINLINK_UPSTREAM_TOKEN: `tok-${SECRET}-🔑` }),
      message: /JOINLINK_UPSTREAM_TOKEN holds a character outside Latin-1/,
    },
    {
      name: 'a space in the upstream path',
      env: upstream({ JOINLINK_UPSTREAM_PATH: '/conf lookup' }),
      message: /JOINLINK_UPSTREAM_PATH must start with "\/" and hold only printable ASCII/,
    },
    {
      name: 'the old consecutive breaker count',
      env: upstream({ JOINLINK_BREAKER_FAILURES: '5' }),
      message: /JOINLINK_BREAKER_FAILURES is gone: .*JOINLINK_BREAKER_MIN_LINKS/,
    },
    {
      name: 'a breaker ratio of 100 %',
      env: upstream({ JOINLINK_BREAKER_FAILURE_PERCENT: '100' }),
      message: /JOINLINK_BREAKER_FAILURE_PERCENT must be a whole number from 1 to 99/,
    },
    {
      name: 'an IPv6 rate-limit prefix past 128',
      env: { JOINLINK_RATE_LIMIT_IPV6_PREFIX: '129' },
      message: /JOINLINK_RATE_LIMIT_IPV6_PREFIX must be a whole number from 16 to 128/,
    },
    {
      name: 'a host list of commas only',
      env: { JOINLINK_ALLOWED_HOSTS: ',,,' },
      message: /JOINLINK_ALLOWED_HOSTS lists no host/,
    },
    {
      name: 'a host list of blanks and commas',
      env: { JOINLINK_ALLOWED_HOSTS: ' , , ' },
      message: /JOINLINK_ALLOWED_HOSTS lists no host/,
    },
    {
      name: 'a host with a scheme',
      env: { JOINLINK_ALLOWED_HOSTS: 'https://qsh1.cn' },
      message: /JOINLINK_ALLOWED_HOSTS entry "https:\/\/qsh1.cn" must be a host name/,
    },
    {
      name: 'a wildcard host',
      env: { JOINLINK_ALLOWED_HOSTS: 'qsh1.cn,*.quanshi.com' },
      message: /JOINLINK_ALLOWED_HOSTS entry "\*.quanshi.com" must be a host name/,
    },
  ]
  for (const { name, env, message } of cases) {
    it(`refuses ${name}, naming the variable and never echoing a secret`, async () => {
      const error = await problemsOf(env)
      expect(error.problems.join('\n')).toMatch(message)
      expect(error.problems).toHaveLength(1)
      expect(error.message).not.toContain(SECRET)
      expect(String(error.stack)).not.toContain(SECRET)
    })
  }

  const accepted: { name: string; env: Record<string, string> }[] = [
    { name: 'a Latin-1 token', env: upstream({ JOINLINK_UPSTREAM_TOKEN: 'tök-Æ-0123456789' }) },
    {
      name: 'an upstream URL with a port and a base path',
      env: upstream({ JOINLINK_UPSTREAM_URL: 'http://127.0.0.1:8080/api/' }),
    },
    { name: 'hosts with a trailing comma', env: { JOINLINK_ALLOWED_HOSTS: 'qsh1.cn,' } },
  ]
  for (const { name, env } of accepted) {
    it(`accepts ${name}`, async () => {
      await expect(parseConfig(env)).resolves.toBeDefined()
    })
  }
})
