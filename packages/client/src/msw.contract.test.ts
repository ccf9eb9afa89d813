// The edge's HTTP contract suite, every case, against the MSW handlers, with msw's setupServer
// intercepting the global fetch: an MSW user's tests see the edge's answers, because both go
// through @joinlink/core. As for the test fetch, only the deployment's own features (API-key
// refusals, /healthz, /openapi.*, /docs) are left out; the suite's title names them.
import { httpContractSuite } from '@joinlink/test-kit/contract'
import { mswContractTarget } from '../test/msw-target.ts'

httpContractSuite(mswContractTarget('joinlinkHandlers (@joinlink/client/msw, msw setupServer)'))
