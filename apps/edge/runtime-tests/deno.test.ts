// The shared HTTP contract suite against deno, started for real on 127.0.0.1.
import { RUNTIMES, runtimeContract } from './support/runtime.ts'

runtimeContract(RUNTIMES.deno)
