import { lookupError } from '@joinlink/core'
import type { MiddlewareHandler } from 'hono'
import type { ApiKey } from '../../config/config.ts'
import { sha256Hex } from '../../config/crypto.ts'
import type { AppEnv } from '../../http/env.ts'

/** The profile a caller is answered in. */
export type Profile = 'public' | 'full'

/** The profile for an `Authorization` header (or none); a refusal throws a 401 `LookupError`. */
export type Authorize = (header: string | undefined) => Profile | Promise<Profile>

const refuse = (reason: string) => lookupError('UNAUTHORIZED', { reason })

/**
 * Picks the profile: `full` for a key scoped full, `public` for a key scoped lookup or — when the
 * server is public — for no key at all. A key that is sent but not recognised is refused rather
 * than quietly downgraded; so is a `metrics` key, which only reads GET /metrics (least privilege:
 * a scraper's credential that leaks must not open a private server's lookups). Keys are compared
 * by SHA-256 hash in constant time. No header on a public server answers at once (no promise),
 * the common case on the hot path.
 */
export function authorizer(keys: readonly ApiKey[], isPublic: boolean): Authorize {
  return (header) => {
    if (header === undefined) {
      if (!isPublic) throw refuse('This server needs an API key.')
      return 'public'
    }
    return keyOf(keys, header).then((key) => {
      if (key.scope === 'metrics') throw refuse('This API key is scoped metrics: it cannot look up.')
      return key.scope === 'full' ? 'full' : 'public'
    })
  }
}

/** The one refusal of GET /metrics, whatever was wrong with the key. */
const METRICS_REFUSAL = 'GET /metrics needs an API key scoped metrics.'

/**
 * GET /metrics on the public port: only for a key scoped `metrics`. Every other caller gets the
 * same 401 — no key, a malformed header, an unknown key, or a valid `lookup`/`full` key — so the
 * answer never tells whether a key exists. Each refused attempt is first handed to `onRefused`
 * (the caller's rate limit), which may answer 429 instead: guessing keys costs quota.
 */
export function metricsAuth(
  keys: readonly ApiKey[],
  onRefused?: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => undefined | Promise<undefined>,
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization')
    const key = header === undefined ? undefined : await keyOf(keys, header).catch(() => undefined)
    if (key?.scope !== 'metrics') {
      await onRefused?.(c)
      throw refuse(METRICS_REFUSAL)
    }
    return next()
  }
}

/** The configured key an `Authorization` header names; refuses a malformed header or an unknown key. */
async function keyOf(keys: readonly ApiKey[], header: string): Promise<ApiKey> {
  const match = /^Bearer ([\x21-\x7e]{1,256})$/i.exec(header.trim())
  if (!match) throw refuse('The Authorization header is not "Bearer <key>".')
  const key = findKey(keys, await sha256Hex(match[1] as string))
  if (!key) throw refuse('The API key is not recognised.')
  return key
}

/** Looks at every key whatever matches, so the time taken does not tell which key is close. */
function findKey(keys: readonly ApiKey[], hash: string): ApiKey | undefined {
  let found: ApiKey | undefined
  for (const key of keys) {
    let diff = key.hash.length ^ hash.length
    for (let i = 0; i < key.hash.length; i++) diff |= key.hash.charCodeAt(i) ^ hash.charCodeAt(i)
    if (diff === 0) found = key
  }
  return found
}
