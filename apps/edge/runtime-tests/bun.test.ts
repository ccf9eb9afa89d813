// The shared HTTP contract suite against bun, started for real on 127.0.0.1.
import { RUNTIMES, runtimeContract } from './support/runtime.ts'

runtimeContract(RUNTIMES.bun)
