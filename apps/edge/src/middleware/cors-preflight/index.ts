import { lookupError } from '@joinlink/core'
import type { Handler } from 'hono'
import type { AppEnv } from '../../http/env.ts'

/**
 * A browser's CORS preflight (`OPTIONS` with `Origin` and `Access-Control-Request-Method`) from an
 * origin `allowed` does not list is refused with 403 `CORS_ORIGIN_NOT_ALLOWED`, naming
 * JOINLINK_CORS_ORIGINS — rather than a 405 "use POST" (no origins allowed) or a 204 without
 * `Access-Control-Allow-Origin` (another origin allowed) that tell a person trying by hand nothing.
 * Any other OPTIONS request goes on to the routes (and to Hono's CORS middleware, when on).
 */
export function corsPreflightGuard(allowed: readonly string[]): Handler<AppEnv> {
  const any = allowed.includes('*')
  return (c, next) => {
    const origin = c.req.header('origin')
    if (origin === undefined || c.req.header('access-control-request-method') === undefined) return next()
    if (any || allowed.includes(origin)) return next()
    throw lookupError('CORS_ORIGIN_NOT_ALLOWED', { origin: origin.slice(0, 200) })
  }
}
