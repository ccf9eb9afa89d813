import { LOOKUP_PATH } from '@joinlink/validation'
import { SCALAR_PATH } from './docs.ts'

/** Paths the app serves, with their methods, so a wrong method gets 405 rather than 404. */
export const ROUTES: Readonly<Record<string, string>> = {
  [LOOKUP_PATH]: 'POST',
  '/healthz': 'GET, HEAD',
  '/readyz': 'GET, HEAD',
  '/openapi.json': 'GET, HEAD',
  '/openapi.yaml': 'GET, HEAD',
  '/docs': 'GET, HEAD',
  [SCALAR_PATH]: 'GET, HEAD',
}
