import type { MiddlewareHandler } from 'hono'
import type { AppEnv } from '../../envelope.ts'
import { AppError } from '../../errors.ts'

// Only what the spec documents (`application/json`, parameters allowed): a validating proxy or a
// fuzzer judges by the spec, so `application/*+json` is refused (415) like any other type.
const JSON_TYPE = /^application\/json\s*(?:;|$)/i

/** Requires a JSON body: `application/json`, any letter case, parameters allowed. */
export function requireJson(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = c.req.header('content-type')
    if (!type || !JSON_TYPE.test(type.trim())) {
      throw new AppError(
        41501,
        `Send the body as JSON with Content-Type: application/json${type ? ` (got ${JSON.stringify(type.slice(0, 100))})` : ''}.`,
      )
    }
    return next()
  }
}
