import { lookupError } from '@joinlink/core'
import type { ApiKey } from '../../config.ts'
import { sha256Hex } from '../../crypto.ts'

/** The profile a caller is answered in. */
export type Profile = 'public' | 'full'

/** The profile for an `Authorization` header (or none); a refusal throws a 401 `LookupError`. */
export type Authorize = (header: string | undefined) => Profile | Promise<Profile>

const refuse = (reason: string) => lookupError('UNAUTHORIZED', { reason })

/**
 * Picks the profile: `full` for a key scoped full, `public` for a key scoped lookup or — when the
 * server is public — for no key at all. A key that is sent but not recognised is refused rather
 * than quietly downgraded. Keys are compared by SHA-256 hash in constant time. No header on a
 * public server answers at once (no promise), the common case on the hot path.
 */
export function authorizer(keys: readonly ApiKey[], isPublic: boolean): Authorize {
  return (header) => {
    if (header === undefined) {
      if (!isPublic) throw refuse('This server needs an API key.')
      return 'public'
    }
    const match = /^Bearer ([\x21-\x7e]{1,256})$/i.exec(header.trim())
    if (!match) throw refuse('The Authorization header is not "Bearer <key>".')
    return sha256Hex(match[1] as string).then((hash) => {
      const key = findKey(keys, hash)
      if (!key) throw refuse('The API key is not recognised.')
      return key.scope === 'full' ? 'full' : 'public'
    })
  }
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
