// JSON Pointer and local `$ref` resolution for OpenAPI documents held as plain objects.

/** A JSON object as parsed from YAML or JSON. */
export type Json = Record<string, unknown>

/** Whether a value is a plain (non-array) object. */
export function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Splits a JSON Pointer (`/a/b~1c` or `#/a/b`) into unescaped segments. */
export function pointerSegments(pointer: string): string[] {
  const bare = pointer.startsWith('#') ? pointer.slice(1) : pointer
  if (bare === '') return []
  return bare
    .split('/')
    .slice(1)
    .map((raw) => decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~'))
}

/** Reads a local JSON Pointer (`#/components/schemas/X`) in `doc`; undefined when it leads nowhere. */
export function resolvePointer(doc: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined
  let node: unknown = doc
  for (const key of pointerSegments(ref)) {
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

/** `pointer` with `segments` appended (each escaped). */
export function child(pointer: string, ...segments: (string | number)[]): string {
  return `${pointer}${segments.map((s) => `/${escapePointer(String(s))}`).join('')}`
}

/** A node with its `$ref` chain followed; `name` is the first component name met on the way. */
export interface Resolved {
  node: Json
  /** e.g. `Conference` for `#/components/schemas/Conference`. */
  name?: string
  /** The last `$ref` followed (the schema itself), used to break cycles. */
  ref?: string
  /** JSON Pointer (without `#`) of the node in its document: the last `$ref` target, else `at`. */
  pointer: string
}

/** Follows local `$ref`s (siblings of a `$ref` override the target's keywords, as in OpenAPI 3.1). */
export function deref(doc: unknown, value: unknown, at = ''): Resolved {
  let node: Json = isObject(value) ? value : {}
  let name: string | undefined
  let ref: string | undefined
  let pointer = at
  for (let hops = 0; hops < 32 && typeof node.$ref === 'string'; hops++) {
    const next = node.$ref as string
    const target = resolvePointer(doc, next)
    ref = next
    pointer = next.startsWith('#') ? next.slice(1) : pointer
    name ??= next.split('/').at(-1)
    const { $ref: _ignored, ...siblings } = node
    node = { ...(isObject(target) ? target : {}), ...siblings }
  }
  return { node, pointer, ...(name === undefined ? {} : { name }), ...(ref === undefined ? {} : { ref }) }
}
