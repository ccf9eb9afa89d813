// One case per rule on paths, operations, parameters, request bodies, responses, headers, properties,
// servers and components (the table is cases-fixed.ts).
import { describe, it } from 'vitest'
import { OPERATION_CASES } from './cases-fixed.ts'
import { expectRule } from './testing.ts'

describe('operation, parameter, body, response and server rules', () => {
  it.each(OPERATION_CASES.map((c, i) => [`${c.id} #${i}`, c] as const))('%s', (_name, c) => expectRule(c))
})
