// JSON Pointer and local `$ref` resolution for OpenAPI documents held as plain objects.

/** A JSON object as parsed from YAML or JSON. */
export type Json = Record<string, unknown>

/** Whether a value is a plain (non-array) object. */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Reads a local JSON Pointer (`#/components/schemas/X`) in `doc`; undefined when it leads nowhere. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined
  const parts = ref.slice(1).split('/').slice(1)
  let node: unknown = doc
  for (const raw of parts) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')
    if (Array.isArray(node)) node = node[Number(key)]
    else if (isObject(node)) node = node[key]
    else return undefined
  }
  return node
}

/** Escapes one JSON Pointer segment. */
export function escapePointer(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1')
}

/** A node with its `$ref` chain followed; `name` is the first component name met on the way. */
export interface Resolved {
  node: Json
  /** e.g. `Conference` for `#/components/schemas/Conference`. */
  name?: string
  /** The last `$ref` followed (the schema itself), used to break cycles. */
  ref?: string
}

/** Follows local `$ref`s (siblings of a `$ref` override the target's keywords, as in OpenAPI 3.1). */
export function deref(doc: unknown, value: unknown): Resolved {
  let node: Json = isObject(value) ? value : {}
  let name: string | undefined
  let ref: string | undefined
  for (let hops = 0; hops < 32 && typeof node.$ref === 'string'; hops++) {
    const next = node.$ref as string
    const target = resolvePointer(doc, next)
    ref = next
    name ??= next.split('/').at(-1)
    const { $ref: _ignored, ...siblings } = node
    node = { ...(isObject(target) ? target : {}), ...siblings }
  }
  return { node, ...(name === undefined ? {} : { name }), ...(ref === undefined ? {} : { ref }) }
}
