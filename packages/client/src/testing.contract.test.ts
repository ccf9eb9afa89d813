// The edge's HTTP contract suite, every case, against the consumers' test fetch: its answers are the
// edge's because both go through @joinlink/core. Only the deployment's own features (API-key
// refusals, /healthz, /openapi.*, /docs) are left out; the suite's title names them.
import { httpContractSuite } from '@joinlink/test-kit/contract'
import { createFixtureFetch } from './testing.ts'

const publicFetch = createFixtureFetch()
const fullFetch = createFixtureFetch({ profile: 'full' })

httpContractSuite({
  name: 'createFixtureFetch (@joinlink/client/testing)',
  baseUrl: () => 'http://joinlink.test',
  fetch: (url, init) => publicFetch(url, init),
  fullFetch: (url, init) => fullFetch(url, init),
  kind: 'lookup',
})
