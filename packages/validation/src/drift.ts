import { type VendorSchemaName, vendorShapes } from './vendor-shapes.gen.ts'

/**
 * One way a vendor record differs from the spec while still being valid: a value an extensible
 * enum does not list, or a field the spec does not know. Never carries the value itself.
 */
export interface DriftFinding {
  /** Where, with array indices folded: `result[].attendList[].userType`, `result[].newField`. */
  path: string
  /** What: `unknown integer`, `unknown string`, or `unknown field (<JSON type>)`. */
  kind: string
}

/** At most this many distinct findings are reported for one record. */
export const MAX_DRIFT_FINDINGS = 100

const PLAIN_KEY = /^[A-Za-z_$][\w$]{0,63}$/

/** A vendor key as a path segment: plain keys as they are, others quoted and cut to 64 characters. */
const segment = (key: string) => (PLAIN_KEY.test(key) ? key : JSON.stringify(key.slice(0, 64)))

/** The JSON type of a value, telling integers from other numbers. */
function kindOf(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number'
  return typeof value
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Reports how a vendor answer that passed validation drifts from the spec: values outside an
 * extensible enum's list and fields the spec does not describe, by path and kind only (never a
 * value, so nothing secret can leak through a drift report). Pass the parsed JSON *before*
 * validation: the zod schemas drop unknown fields. Walks only what the spec describes, with an
 * explicit stack, so free-form objects (`userProfile`) are not searched and nothing recurses.
 *
 * @example
 * ```ts
 * findDrift(JSON.parse(text)) // → [{ path: 'result[].status', kind: 'unknown integer' }]
 * ```
 */
export function findDrift(value: unknown, root: VendorSchemaName = 'LookupSuccess'): DriftFinding[] {
  const found = new Map<string, DriftFinding>()
  const report = (path: string, kind: string) => {
    if (found.size < MAX_DRIFT_FINDINGS) found.set(`${path}\u0000${kind}`, { path, kind })
  }
  const stack: [unknown, VendorSchemaName, string][] = [[value, root, '']]
  while (stack.length) {
    const [node, schema, at] = stack.pop() as [unknown, VendorSchemaName, string]
    if (!isRecord(node)) continue
    const shapes = vendorShapes[schema]
    for (const [key, child] of Object.entries(node)) {
      const path = at ? `${at}.${segment(key)}` : segment(key)
      const shape = Object.hasOwn(shapes, key) ? shapes[key] : undefined
      if (!shape) {
        report(path, `unknown field (${kindOf(child)})`)
        continue
      }
      if (shape.known && !shape.known.includes(child as string | number))
        report(path, `unknown ${kindOf(child)}`)
      if (shape.object) stack.push([child, shape.object, path])
      if (shape.items && Array.isArray(child)) {
        for (const item of child) stack.push([item, shape.items, `${path}[]`])
      }
    }
  }
  return [...found.values()]
}
