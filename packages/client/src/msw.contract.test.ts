// The edge's HTTP contract suite, every case, against the MSW handlers, with msw's setupServer
// intercepting the global fetch: an MSW user's tests see the edge's answers, because both go
// through @joinlink/core. As for the test fetch, only the deployment's own features (API-key
// refusals, /healthz, /openapi.*, /docs) are left out; the suite's title names them.
import { httpContractSuite } from '@joinlink/test-kit/contract'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { joinlinkHandlers } from './msw.ts'

const PUBLIC = 'http://joinlink.test'
const FULL = 'http://full.joinlink.test'
const server = setupServer(
  ...joinlinkHandlers({ baseUrl: PUBLIC }),
  ...joinlinkHandlers({ baseUrl: FULL, profile: 'full' }),
)
beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
afterAll(() => server.close())

httpContractSuite({
  name: 'joinlinkHandlers (@joinlink/client/msw, msw setupServer)',
  baseUrl: () => PUBLIC,
  // The global fetch, as MSW patched it; given as a function so the raw-socket cases stay out.
  fetch: (url, init) => fetch(url, init),
  fullFetch: (url, init) => fetch(url.replace(PUBLIC, FULL), init),
  kind: 'lookup',
})
