import { DEFAULT_ALLOWED_HOSTS, LOOKUP_PATH } from '@joinlink/validation'
import type { CachePolicy } from '../sources/cache.ts'
import type { BreakerSettings } from '../sources/vendor-breaker.ts'
import { checkToken, checkUpstreamUrl, isHostName } from './checks.ts'
import { sha256Hex } from './crypto.ts'

/** A configuration problem: start-up stops and prints `message`. */
export class ConfigError extends Error {
  override name = 'ConfigError'
  readonly problems: readonly string[]
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.problems = problems
  }
}

/** `lookup`: public profile; `full`: the record unchanged; `metrics`: GET /metrics only, no lookups. */
export type Scope = 'lookup' | 'full' | 'metrics'

/** One API key as configured: only its SHA-256 hash is kept. */
export interface ApiKey {
  name: string
  scope: Scope
  /** SHA-256 of the key, hex. */
  hash: string
}

export interface UpstreamConfig {
  url: string
  /** The join-link host families; a vendor record must belong to the link that was asked for. */
  allowedHosts: readonly string[]
  path: string
  /** The vendor token from JOINLINK_UPSTREAM_TOKEN; `''` when it comes from `tokenFile`. */
  token: string
  /** JOINLINK_UPSTREAM_TOKEN_FILE: a file holding the token, read again when it may have changed. */
  tokenFile: string | undefined
  /** How often (ms) the token file is read again at most, besides after a refusal. */
  tokenCheckMs: number
  /** Vendor statuses that mean "token expired or invalid" (besides any `msg` naming the token). */
  tokenErrorStatuses: readonly number[]
  timeoutMs: number
  retries: number
  maxBodyBytes: number
  /** Deepest nesting of objects and arrays a vendor answer may have (checked before parsing). */
  maxDepth: number
  /** Most JSON values a vendor answer may hold (checked before parsing). */
  maxNodes: number
  /** Largest validated record, as UTF-8 JSON bytes, that is served and cached. */
  maxRecordBytes: number
  cache: CachePolicy
  /** When the circuit opens (failure ratio, window, distinct failed links) and how long it stays open. */
  breaker: BreakerSettings
  /** How long one link's vendor failure is answered again without asking the vendor (0: not at all). */
  failureCacheMs: number
  /** Lookups that may call the vendor at once, and how many more may wait for a slot (then 503 50302). */
  bulkhead: { concurrency: number; queue: number }
  /** Retries allowed as a share of recent lookups (0–1), beyond a small fixed minimum. */
  retryBudgetRatio: number
}

/** Everything the app needs, read and validated once by an entry file. */
export interface Config {
  host: string
  port: number
  source: 'fixtures' | 'upstream'
  /** Path of a JSON/NDJSON dataset for the fixtures source; the embedded dataset when absent. */
  dataFile: string | undefined
  upstream: UpstreamConfig | undefined
  public: boolean
  apiKeys: readonly ApiKey[]
  /** Requests per minute per client; 0 turns the limit off. */
  rateLimit: number
  /** IPv6 clients are counted by this prefix (bits) for the rate limit, as the connection cap counts them by /64. */
  rateLimitIpv6Prefix: number
  /** GETs of pages (the spec, /docs, Scalar's script) per minute per client; 0 turns the limit off. */
  pageRateLimit: number
  corsOrigins: readonly string[]
  allowedHosts: readonly string[]
  bodyLimitBytes: number
  log: boolean
  /** 4xx log lines one client address may write per 10 s; 0: no cap. */
  log4xxLimit: number
  /** A second listener serving only GET /metrics; none when undefined. */
  metrics: { port: number; host: string } | undefined
  /** OTLP/HTTP collector base URL for traces; tracing is off (no SDK loaded) when undefined. */
  otlpEndpoint: string | undefined
  /** After SIGTERM, how long /readyz answers 503 while requests are still served, before closing. */
  drainMs: number
  /** The Valkey/Redis store shared by a fleet of instances (JOINLINK_REDIS_URL); none when undefined. */
  redis: RedisConfig | undefined
}

/** JOINLINK_REDIS_*: the store a fleet of Node/Bun/Deno instances shares (cache, coalescing, rate limit). */
export interface RedisConfig {
  /** `redis://` or `rediss://`, user and password included: handed to the client only, never logged. */
  url: string
  /** The URL as it may be shown (logs, start-up line): the password replaced by `***`. */
  display: string
  /** Every key and channel starts with it, so deployments sharing one store stay apart. */
  prefix: string
  /** Longest a single store call may take; past it the call counts as failed and the local layer answers. */
  timeoutMs: number
  /** How long an instance waits for another's vendor call on the same cold link before calling itself. */
  coalesceWaitMs: number
}

/** The defaults, documented in the README. */
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8787,
  rateLimit: 120,
  rateLimitIpv6Prefix: 64,
  pageRateLimit: 60,
  log4xxLimit: 20,
  bodyLimitBytes: 4096,
  upstreamTimeoutMs: 3000,
  upstreamRetries: 2,
  upstreamMaxBodyBytes: 256 * 1024,
  upstreamMaxDepth: 32,
  upstreamMaxNodes: 50_000,
  upstreamMaxRecordBytes: 256 * 1024,
  cacheFreshS: 60,
  cacheStaleWhileRevalidateS: 300,
  cacheStaleIfErrorS: 3600,
  cacheNotFoundS: 10,
  cacheMaxEntries: 10_000,
  cacheMaxBytes: 64 * 1024 * 1024,
  breakerRatioPercent: 50,
  breakerWindowS: 30,
  breakerMinLinks: 10,
  breakerHalfOpenAfterS: 30,
  upstreamFailureCacheS: 5,
  upstreamConcurrency: 32,
  upstreamQueue: 64,
  upstreamRetryBudgetPercent: 20,
  upstreamTokenCheckS: 10,
  metricsHost: '127.0.0.1',
  drainS: 0,
  redisPrefix: 'joinlink:',
  redisTimeoutMs: 250,
  redisCoalesceWaitMs: 3000,
} as const

type Env = Readonly<Record<string, string | undefined>>

/**
 * Reads the configuration from environment variables (or Worker bindings), collecting every
 * problem before failing, so one start-up attempt reports them all.
 */
export async function parseConfig(env: Env): Promise<Config> {
  const problems: string[] = []
  const read = new Reader(env, problems)
  const source = read.oneOf('JOINLINK_SOURCE', ['fixtures', 'upstream'], 'fixtures')
  const allowedHosts = readAllowedHosts(read)
  const config: Config = {
    host: read.string('HOST', DEFAULTS.host),
    port: read.int('PORT', DEFAULTS.port, 0, 65_535),
    source,
    dataFile: read.optional('JOINLINK_DATA'),
    upstream: source === 'upstream' ? readUpstream(read, allowedHosts) : undefined,
    public: read.bool('JOINLINK_PUBLIC', true),
    apiKeys: await readApiKeys(env.JOINLINK_API_KEYS, problems),
    rateLimit: read.int('JOINLINK_RATE_LIMIT', DEFAULTS.rateLimit, 0, 1_000_000),
    rateLimitIpv6Prefix: read.int('JOINLINK_RATE_LIMIT_IPV6_PREFIX', DEFAULTS.rateLimitIpv6Prefix, 16, 128),
    pageRateLimit: read.int('JOINLINK_PAGE_RATE_LIMIT', DEFAULTS.pageRateLimit, 0, 1_000_000),
    corsOrigins: read.list('JOINLINK_CORS_ORIGINS').filter((origin) => checkOrigin(origin, problems)),
    allowedHosts,
    bodyLimitBytes: DEFAULTS.bodyLimitBytes,
    log: read.bool('JOINLINK_LOG', true),
    log4xxLimit: read.int('JOINLINK_LOG_4XX_LIMIT', DEFAULTS.log4xxLimit, 0, 1_000_000),
    metrics: readMetricsListener(read),
    otlpEndpoint: readOtlpEndpoint(read),
    drainMs: read.int('JOINLINK_DRAIN_S', DEFAULTS.drainS, 0, 300) * 1000,
    redis: readRedis(read),
  }
  if (source === 'upstream' && config.dataFile)
    problems.push('JOINLINK_DATA is only used with JOINLINK_SOURCE=fixtures; unset one of them')
  if (!config.public && !config.apiKeys.some((key) => key.scope !== 'metrics')) {
    problems.push(
      'JOINLINK_PUBLIC=false needs at least one key in JOINLINK_API_KEYS scoped lookup or full, or nobody can look anything up',
    )
  }
  if (problems.length) throw new ConfigError(problems)
  return config
}

function readMetricsListener(read: Reader): Config['metrics'] {
  const host = read.string('JOINLINK_METRICS_HOST', DEFAULTS.metricsHost)
  if (read.optional('JOINLINK_METRICS_PORT') === undefined) {
    if (read.optional('JOINLINK_METRICS_HOST') !== undefined)
      read.problem('JOINLINK_METRICS_HOST needs JOINLINK_METRICS_PORT: set the port of the metrics listener')
    return undefined
  }
  return { port: read.int('JOINLINK_METRICS_PORT', 0, 0, 65_535), host }
}

const REDIS_PREFIX = /^[A-Za-z0-9_.:-]{1,64}$/

function readRedis(read: Reader): RedisConfig | undefined {
  const url = read.optional('JOINLINK_REDIS_URL')
  const extras = ['JOINLINK_REDIS_PREFIX', 'JOINLINK_REDIS_TIMEOUT_MS', 'JOINLINK_REDIS_COALESCE_WAIT_MS']
  if (url === undefined) {
    for (const name of extras)
      if (read.optional(name) !== undefined)
        read.problem(`${name} needs JOINLINK_REDIS_URL: set the store's URL`)
    return undefined
  }
  const display = redactRedisUrl(url)
  if (display === undefined) {
    // Never echo the value: it may hold a password.
    read.problem(
      'JOINLINK_REDIS_URL must be a redis:// or rediss:// URL such as redis://user:password@10.0.0.5:6379/0 (the value is not shown: it may hold a password)',
    )
  }
  const prefix = read.string('JOINLINK_REDIS_PREFIX', DEFAULTS.redisPrefix)
  if (!REDIS_PREFIX.test(prefix))
    read.problem(
      `JOINLINK_REDIS_PREFIX must be 1–64 of A-Z a-z 0-9 _ . : - (e.g. joinlink-prod:); got ${JSON.stringify(prefix)}`,
    )
  return {
    url,
    display: display ?? '',
    prefix,
    timeoutMs: read.int('JOINLINK_REDIS_TIMEOUT_MS', DEFAULTS.redisTimeoutMs, 1, 10_000),
    coalesceWaitMs: read.int('JOINLINK_REDIS_COALESCE_WAIT_MS', DEFAULTS.redisCoalesceWaitMs, 0, 60_000),
  }
}

/** `url` with its password replaced by `***`; undefined when it is not a redis:// or rediss:// URL. */
export function redactRedisUrl(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if ((parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') || !parsed.hostname) return undefined
  if (parsed.password) parsed.password = '***'
  return parsed.href
}

function readOtlpEndpoint(read: Reader): string | undefined {
  const url = read.optional('JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT')
  if (url === undefined) return undefined
  if (!/^https?:\/\/[^/\s]+/i.test(url)) {
    read.problem(
      `JOINLINK_OTEL_EXPORTER_OTLP_ENDPOINT must be an http(s) URL such as http://127.0.0.1:4318; got ${JSON.stringify(url)}`,
    )
    return undefined
  }
  return url.replace(/\/+$/, '')
}

function readUpstream(read: Reader, allowedHosts: readonly string[]): UpstreamConfig {
  const url = read.required(
    'JOINLINK_UPSTREAM_URL',
    'the vendor API base URL, e.g. https://openapi.example.com',
  )
  const urlProblem = url ? checkUpstreamUrl(url) : undefined
  if (urlProblem) read.problem(`JOINLINK_UPSTREAM_URL ${urlProblem}`)
  const path = read.string('JOINLINK_UPSTREAM_PATH', LOOKUP_PATH)
  if (!/^\/[\x21-\x7e]*$/.test(path) || /[?#]/.test(path))
    read.problem(
      `JOINLINK_UPSTREAM_PATH must start with "/" and hold only printable ASCII without spaces, "?" or "#"; got ${JSON.stringify(path)}`,
    )
  const seconds = (name: string, fallback: number) => read.int(name, fallback, 0, 86_400) * 1000
  if (read.optional('JOINLINK_BREAKER_FAILURES') !== undefined)
    read.problem(
      'JOINLINK_BREAKER_FAILURES is gone: the breaker now opens on a failure ratio; set JOINLINK_BREAKER_MIN_LINKS (distinct failed links, default 10) and JOINLINK_BREAKER_FAILURE_PERCENT instead',
    )
  return {
    url: url.replace(/\/+$/, ''),
    allowedHosts,
    path,
    ...readToken(read),
    tokenCheckMs: read.int('JOINLINK_UPSTREAM_TOKEN_CHECK_S', DEFAULTS.upstreamTokenCheckS, 1, 86_400) * 1000,
    tokenErrorStatuses: readStatuses(read, 'JOINLINK_UPSTREAM_TOKEN_ERROR_STATUSES'),
    timeoutMs: read.int('JOINLINK_UPSTREAM_TIMEOUT_MS', DEFAULTS.upstreamTimeoutMs, 1, 60_000),
    retries: read.int('JOINLINK_UPSTREAM_RETRIES', DEFAULTS.upstreamRetries, 0, 2),
    maxBodyBytes: DEFAULTS.upstreamMaxBodyBytes,
    maxDepth: read.int('JOINLINK_UPSTREAM_MAX_DEPTH', DEFAULTS.upstreamMaxDepth, 8, 1000),
    maxNodes: read.int('JOINLINK_UPSTREAM_MAX_NODES', DEFAULTS.upstreamMaxNodes, 1000, 10_000_000),
    maxRecordBytes: read.int(
      'JOINLINK_UPSTREAM_MAX_RECORD_BYTES',
      DEFAULTS.upstreamMaxRecordBytes,
      1024,
      64 * 1024 * 1024,
    ),
    cache: {
      freshMs: seconds('JOINLINK_CACHE_FRESH_S', DEFAULTS.cacheFreshS),
      staleWhileRevalidateMs: seconds('JOINLINK_CACHE_SWR_S', DEFAULTS.cacheStaleWhileRevalidateS),
      staleIfErrorMs: seconds('JOINLINK_CACHE_STALE_IF_ERROR_S', DEFAULTS.cacheStaleIfErrorS),
      notFoundMs: seconds('JOINLINK_CACHE_NOT_FOUND_S', DEFAULTS.cacheNotFoundS),
      maxEntries: read.int('JOINLINK_CACHE_MAX_ENTRIES', DEFAULTS.cacheMaxEntries, 1, 10_000_000),
      maxBytes: read.int('JOINLINK_CACHE_MAX_BYTES', DEFAULTS.cacheMaxBytes, 1024, 2 ** 40),
    },
    breaker: {
      ratio: read.int('JOINLINK_BREAKER_FAILURE_PERCENT', DEFAULTS.breakerRatioPercent, 1, 99) / 100,
      windowMs: read.int('JOINLINK_BREAKER_WINDOW_S', DEFAULTS.breakerWindowS, 1, 3600) * 1000,
      minLinks: read.int('JOINLINK_BREAKER_MIN_LINKS', DEFAULTS.breakerMinLinks, 1, 10_000),
      halfOpenAfterMs: seconds('JOINLINK_BREAKER_HALF_OPEN_S', DEFAULTS.breakerHalfOpenAfterS),
    },
    failureCacheMs:
      read.int('JOINLINK_UPSTREAM_FAILURE_CACHE_S', DEFAULTS.upstreamFailureCacheS, 0, 600) * 1000,
    bulkhead: {
      concurrency: read.int('JOINLINK_UPSTREAM_CONCURRENCY', DEFAULTS.upstreamConcurrency, 1, 10_000),
      queue: read.int('JOINLINK_UPSTREAM_QUEUE', DEFAULTS.upstreamQueue, 0, 100_000),
    },
    retryBudgetRatio:
      read.int('JOINLINK_UPSTREAM_RETRY_BUDGET_PERCENT', DEFAULTS.upstreamRetryBudgetPercent, 0, 100) / 100,
  }
}

/** `JOINLINK_ALLOWED_HOSTS`: host families, lower-cased; set but empty or malformed is refused. */
function readAllowedHosts(read: Reader): string[] {
  const hosts = read.list('JOINLINK_ALLOWED_HOSTS', DEFAULT_ALLOWED_HOSTS).map((h) => h.toLowerCase())
  if (read.optional('JOINLINK_ALLOWED_HOSTS') !== undefined && hosts.length === 0) {
    read.problem(
      `JOINLINK_ALLOWED_HOSTS lists no host (only commas or spaces), so every link would be refused; list hosts such as ${DEFAULT_ALLOWED_HOSTS.join(',')}, or unset it for that default`,
    )
  }
  for (const host of hosts) {
    if (!isHostName(host))
      read.problem(
        `JOINLINK_ALLOWED_HOSTS entry ${JSON.stringify(host)} must be a host name such as qsh1.cn (no scheme, port, path or wildcard)`,
      )
  }
  return hosts
}

/** A comma-separated list of vendor statuses (whole numbers). */
function readStatuses(read: Reader, name: string): number[] {
  const statuses: number[] = []
  for (const entry of read.list(name)) {
    if (/^-?\d{1,9}$/.test(entry)) statuses.push(Number(entry))
    else read.problem(`${name} entry ${JSON.stringify(entry)} is not a whole number (a vendor status)`)
  }
  return statuses
}

/** The token, or the file holding it: exactly one of the two. Problems never hold the token. */
function readToken(read: Reader): { token: string; tokenFile: string | undefined } {
  const token = read.optional('JOINLINK_UPSTREAM_TOKEN')
  const tokenFile = read.optional('JOINLINK_UPSTREAM_TOKEN_FILE')
  if (token !== undefined && tokenFile !== undefined)
    read.problem('JOINLINK_UPSTREAM_TOKEN and JOINLINK_UPSTREAM_TOKEN_FILE are both set: set only one')
  const tokenProblem = token === undefined ? undefined : checkToken(token)
  if (tokenProblem) read.problem(`JOINLINK_UPSTREAM_TOKEN ${tokenProblem}`)
  if (token === undefined && tokenFile === undefined) {
    read.problem(
      "JOINLINK_UPSTREAM_TOKEN is required with JOINLINK_SOURCE=upstream: set it to the vendor's access token, or JOINLINK_UPSTREAM_TOKEN_FILE to a file holding it",
    )
  }
  return { token: tokenFile === undefined ? (token ?? '') : '', tokenFile }
}

const KEY_ENTRY = /^([A-Za-z0-9_.-]{1,64}):(lookup|full|metrics):([\x21-\x7e]{16,256})$/

/** `JOINLINK_API_KEYS`: comma-separated `name:scope:key`, scope `lookup`, `full` or `metrics`, key ≥ 16 printable characters. */
async function readApiKeys(raw: string | undefined, problems: string[]): Promise<ApiKey[]> {
  if (!raw?.trim()) return []
  const keys: ApiKey[] = []
  for (const [i, entry] of raw
    .split(',')
    .map((e) => e.trim())
    .entries()) {
    const match = KEY_ENTRY.exec(entry)
    if (!match) {
      // Never echo the entry: it may hold a key.
      problems.push(
        `JOINLINK_API_KEYS entry ${i + 1} is not name:scope:key (scope lookup, full or metrics, key 16–256 printable characters, no commas)`,
      )
      continue
    }
    const [, name, scope, key] = match as unknown as [string, string, Scope, string]
    if (keys.some((k) => k.name === name)) problems.push(`JOINLINK_API_KEYS names "${name}" twice`)
    keys.push({ name, scope, hash: await sha256Hex(key) })
  }
  return keys
}

function checkOrigin(origin: string, problems: string[]): boolean {
  if (origin === '*' || /^https?:\/\/[^/\s]+$/i.test(origin)) return true
  problems.push(
    `JOINLINK_CORS_ORIGINS entry ${JSON.stringify(origin)} must be "*" or an origin like https://app.example.com (no path)`,
  )
  return false
}

/** Reads environment variables, collecting problems; each problem names its variable. */
export class Reader {
  private readonly env: Env
  private readonly problems: string[]
  constructor(env: Env, problems: string[]) {
    this.env = env
    this.problems = problems
  }

  problem(message: string): void {
    this.problems.push(message)
  }

  optional(name: string): string | undefined {
    const value = this.env[name]?.trim()
    return value ? value : undefined
  }

  string(name: string, fallback: string): string {
    return this.optional(name) ?? fallback
  }

  required(name: string, what: string): string {
    const value = this.optional(name)
    if (value === undefined)
      this.problems.push(`${name} is required with JOINLINK_SOURCE=upstream: set it to ${what}`)
    return value ?? ''
  }

  int(name: string, fallback: number, min: number, max: number): number {
    const value = this.optional(name)
    if (value === undefined) return fallback
    const n = Number(value)
    if (!/^\d+$/.test(value) || n < min || n > max) {
      this.problems.push(`${name} must be a whole number from ${min} to ${max}; got ${JSON.stringify(value)}`)
      return fallback
    }
    return n
  }

  bool(name: string, fallback: boolean): boolean {
    const value = this.optional(name)?.toLowerCase()
    if (value === undefined) return fallback
    if (value === 'true' || value === '1') return true
    if (value === 'false' || value === '0') return false
    this.problems.push(`${name} must be true or false; got ${JSON.stringify(value)}`)
    return fallback
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const value = this.optional(name)
    if (value === undefined) return fallback
    if ((allowed as readonly string[]).includes(value)) return value as T
    this.problems.push(`${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value)}`)
    return fallback
  }

  list(name: string, fallback: readonly string[] = []): string[] {
    const value = this.optional(name)
    if (value === undefined) return [...fallback]
    return value
      .split(',')
      .map((item) => item.trim())
      .filter(Boolean)
  }
}
