// The MSW handlers as a target of the edge's HTTP contract suite: msw's setupServer answering a
// public and a `full` base URL through the global fetch, started before the file's tests and closed
// after. Shared by src/msw.contract.test.ts and the core-mutation run (test/mutants/).
import type { ContractTarget } from '@joinlink/test-kit/contract'
import { setupServer } from 'msw/node'
import { afterAll, beforeAll } from 'vitest'
import { joinlinkHandlers } from '../src/msw.ts'

const PUBLIC = 'http://joinlink.test'
const FULL = 'http://full.joinlink.test'

/** Registers the server's hooks; returns the suite options that reach it (public and full). */
export function mswContractTarget(name: string): ContractTarget {
  const server = setupServer(
    ...joinlinkHandlers({ baseUrl: PUBLIC }),
    ...joinlinkHandlers({ baseUrl: FULL, profile: 'full' }),
  )
  beforeAll(() => server.listen({ onUnhandledFrame: 'error' }))
  afterAll(() => server.close())
  return {
    name,
    baseUrl: () => PUBLIC,
    // The global fetch, as MSW patched it; given as a function so the raw-socket cases stay out.
    fetch: (url, init) => fetch(url, init),
    fullFetch: (url, init) => fetch(url.replace(PUBLIC, FULL), init),
    kind: 'lookup',
  }
}
