// The shared HTTP contract suite against bun, started for real on 127.0.0.1.
// (Node runs the same suite in test/node-server.test.ts, with its log checks; runtime-tests/ holds the other three runtimes.)
import { RUNTIMES, runtimeContract } from './support/runtime.ts'

runtimeContract(RUNTIMES.bun)
