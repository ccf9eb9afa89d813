// The spec's own metadata, checked where it is written: `x-sunset` dates, `deprecated`, the
// extensible-enum form, the per-value lists beside an enum (`x-enum-varnames`, `x-enum-descriptions`,
// `x-joinlink-messages`) and the privacy marks. A mistake here is a lint error to fix, never a version
// bump: the classifier reads a malformed value as documentation only.
import { child, isObject, type Json } from '../spec-ref.ts'

/** One problem: where (a JSON Pointer into the spec) and what to fix. */
export interface MetadataProblem {
  pointer: string
  message: string
}

const FULL_DATE = /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2}))?$/

function sunset(node: Json, at: string, out: MetadataProblem[]): void {
  if (!('x-sunset' in node)) return
  const raw = node['x-sunset']
  const text = raw instanceof Date ? raw.toISOString() : String(raw)
  if (!FULL_DATE.test(text) || Number.isNaN(Date.parse(text)))
    out.push({
      pointer: child(at, 'x-sunset'),
      message: `x-sunset ${JSON.stringify(raw)} is not a date: write it as YYYY-MM-DD (RFC 3339 full-date)`,
    })
  if (node.deprecated !== true)
    out.push({
      pointer: child(at, 'x-sunset'),
      message: 'x-sunset is set but the node is not deprecated: true',
    })
}

function flags(node: Json, at: string, out: MetadataProblem[]): void {
  for (const key of ['deprecated', 'x-joinlink-secret', 'readOnly', 'writeOnly']) {
    if (key in node && typeof node[key] !== 'boolean')
      out.push({
        pointer: child(at, key),
        message: `${key} must be true or false, not ${JSON.stringify(node[key])}`,
      })
  }
}

/** The enum values a node documents: its own `enum`, or the known values of the extensible-enum form. */
function enumOf(node: Json): { values: unknown[] } | undefined {
  if (Array.isArray(node.enum)) return { values: node.enum }
  const known = Array.isArray(node.anyOf) && isObject(node.anyOf[0]) ? node.anyOf[0] : undefined
  if (node['x-extensible-enum'] === true && known !== undefined && Array.isArray(known.enum))
    return { values: known.enum }
  return undefined
}

function enumLists(node: Json, at: string, out: MetadataProblem[]): void {
  const x = node['x-extensible-enum']
  if (x !== undefined && x !== true && !Array.isArray(x))
    out.push({
      pointer: child(at, 'x-extensible-enum'),
      message: `x-extensible-enum must be true (with anyOf: [{type, enum}, {type}]) or a list of values, not ${JSON.stringify(x)}`,
    })
  if (x === true) {
    const [known, open] = Array.isArray(node.anyOf) ? node.anyOf : []
    const ok =
      Array.isArray(node.anyOf) &&
      node.anyOf.length === 2 &&
      isObject(known) &&
      isObject(open) &&
      Array.isArray(known.enum) &&
      !('enum' in open) &&
      known.type === open.type
    if (!ok)
      out.push({
        pointer: child(at, 'x-extensible-enum'),
        message:
          'x-extensible-enum: true needs anyOf: [{type, enum: [known values]}, {type}] with one base type',
      })
  }
  // Lists on this node; a list inside the extensible form's first branch is checked when the walk gets there.
  const e = enumOf(node)
  for (const key of ['x-enum-varnames', 'x-enum-descriptions', 'x-joinlink-messages']) {
    const list = node[key]
    if (list === undefined) continue
    const where = child(at, key)
    if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) {
      out.push({ pointer: where, message: `${key} must be a list of strings` })
      continue
    }
    if (e === undefined) out.push({ pointer: where, message: `${key} is set on a schema without an enum` })
    else if (list.length !== e.values.length)
      out.push({
        pointer: where,
        message: `${key} has ${list.length} entries for ${e.values.length} enum values: one per value, in order`,
      })
  }
}

// Keywords whose value maps names to nodes: the names are not keywords, so the map itself is not checked.
const NAME_MAPS = new Set([
  'paths',
  'webhooks',
  'schemas',
  'responses',
  'parameters',
  'requestBodies',
  'headers',
  'securitySchemes',
  'links',
  'callbacks',
  'pathItems',
  'properties',
  'patternProperties',
  'dependentSchemas',
  '$defs',
  'content',
  'encoding',
  'mapping',
  'variables',
])

/** Every metadata problem in `spec`, in document order. */
export function lintMetadata(spec: unknown): MetadataProblem[] {
  const out: MetadataProblem[] = []
  const walk = (value: unknown, at: string, names: boolean) => {
    if (Array.isArray(value)) {
      for (const [i, v] of value.entries()) walk(v, child(at, i), false)
      return
    }
    if (!isObject(value)) return
    if (!names) {
      sunset(value, at, out)
      flags(value, at, out)
      enumLists(value, at, out)
    }
    for (const [k, v] of Object.entries(value)) {
      // Examples are data, not schemas: their keys may be anything.
      if (!names && (k === 'example' || k === 'examples' || k === 'default' || k === 'const' || k === 'enum'))
        continue
      walk(v, child(at, k), !names && NAME_MAPS.has(k))
    }
  }
  walk(spec, '', false)
  return out
}
