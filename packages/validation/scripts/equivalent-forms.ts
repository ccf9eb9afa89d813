// Equivalent spellings of one schema, rewritten into the one the generators read, so that a spec
// author may use either and `pnpm generate` writes the same files (the contract checker reads them
// as no change, too):
//  - `anyOf`/`oneOf` of members that only name a type       → a type list (`type: [string, integer]`)
//  - `anyOf`/`oneOf` of a schema and `{type: 'null'}`        → that schema with `null` in its type list
//  - `null` among an enum's values                           → `null` in the type list instead
//  - `allOf` with one member                                 → that member, with the outer keywords
type Json = Record<string, unknown>

const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)
const ANNOTATIONS = new Set(['description', 'title', '$comment'])

const typeList = (t: unknown): string[] | undefined =>
  typeof t === 'string' ? [t] : Array.isArray(t) ? t.map(String) : undefined

/** A member that only names a type (descriptions allowed). */
const typeOnly = (x: unknown): x is Json =>
  isObject(x) &&
  typeList(x.type) !== undefined &&
  Object.keys(x).every((k) => k === 'type' || ANNOTATIONS.has(k))

const isNull = (x: unknown): boolean => typeOnly(x) && typeList(x.type)?.join() === 'null'

const asType = (types: string[]): string | string[] => (types.length === 1 ? (types[0] as string) : types)

function without(node: Json, key: string): Json {
  const { [key]: _dropped, ...rest } = node
  return rest
}

/** One rewrite of `node`, or undefined when none applies. */
function rewrite(node: Json): Json | undefined {
  if (node['x-extensible-enum'] === true) return undefined
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = node[key]
    if (!Array.isArray(list) || list.length === 0 || node.type !== undefined) continue
    if (list.every(typeOnly)) {
      const types = [...new Set(list.flatMap((m) => typeList(m.type) ?? []))]
      return { ...without(node, key), type: asType(types) }
    }
    const nullAt = list.findIndex(isNull)
    const other = list[1 - nullAt]
    if (
      list.length === 2 &&
      nullAt !== -1 &&
      isObject(other) &&
      !('$ref' in other) &&
      other.type !== undefined
    ) {
      const types = [...(typeList(other.type) ?? []), 'null']
      return { ...other, ...without(node, key), type: asType([...new Set(types)]) }
    }
  }
  if (Array.isArray(node.enum) && node.enum.includes(null) && node.type !== undefined) {
    const types = [...new Set([...(typeList(node.type) ?? []), 'null'])]
    return { ...node, type: asType(types), enum: node.enum.filter((v) => v !== null) }
  }
  if (Array.isArray(node.allOf) && node.allOf.length === 1 && isObject(node.allOf[0])) {
    const rest = without(node, 'allOf')
    const member = node.allOf[0]
    if (Object.keys(member).every((k) => !(k in rest) || ANNOTATIONS.has(k))) return { ...member, ...rest }
  }
  return undefined
}

/** `schema` and every schema below it, each in the generators' spelling. */
export function canonical<T>(schema: T): T {
  if (!isObject(schema)) return schema
  let node: Json = schema
  for (let i = 0; i < 8; i++) {
    const next = rewrite(node)
    if (next === undefined) break
    node = next
  }
  const out: Json = { ...node }
  if (isObject(node.properties))
    out.properties = Object.fromEntries(Object.entries(node.properties).map(([k, v]) => [k, canonical(v)]))
  for (const key of ['items', 'additionalProperties', 'not'] as const)
    if (isObject(node[key])) out[key] = canonical(node[key])
  for (const key of ['anyOf', 'oneOf', 'allOf', 'prefixItems'] as const)
    if (Array.isArray(node[key])) out[key] = (node[key] as unknown[]).map(canonical)
  return out as T
}

/** Every component schema in the generators' spelling. */
export function canonicalSchemas<T>(schemas: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, canonical(s)]))
}
