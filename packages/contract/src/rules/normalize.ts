// Equivalent ways of writing one schema, read as one: the classifier compares what a schema accepts,
// not how it is spelled. Each rewrite keeps where its keywords are written (`src`), so a change is
// still reported on the line that holds it.
//
//  - `anyOf`/`oneOf` of members that only name a type          ≡ a type list (`type: [string, integer]`)
//  - `anyOf`/`oneOf` of one schema and `{type: 'null'}`         ≡ that schema with `null` in its type list
//  - `allOf` with one member                                    ≡ that member (with the outer keywords)
//  - `x-extensible-enum: true` + `anyOf: [{type, enum}, {type}]` ≡ the enum it documents, marked extensible
//  - OpenAPI 3.0 `nullable: true` and boolean `exclusiveMaximum`/`exclusiveMinimum` ≡ their 3.1 forms
//  - a pattern every string matches (`''`, `.*`, `^.*$`)        ≡ no pattern
import { child, deref, isObject, type Json, type Resolved } from '../spec-ref.ts'

/** A schema as the classifier compares it: resolved, rewritten, and where each keyword is written. */
export interface Schema extends Resolved {
  /** Keyword → pointer where it is written, for keywords not directly under `pointer`. */
  src: Record<string, string>
  /** The types came from an `anyOf`/`oneOf` of single types (oasdiff's "list of types"). */
  typeList?: boolean
}

const ANNOTATIONS = new Set(['description', 'title', '$comment'])

/** A member that only says a type: `{type: string}` (descriptions allowed). */
const typeOnly = (x: unknown): x is Json =>
  isObject(x) &&
  (typeof x.type === 'string' || (Array.isArray(x.type) && x.type.every((t) => typeof t === 'string'))) &&
  Object.keys(x).every((k) => k === 'type' || ANNOTATIONS.has(k))

const typeList = (t: unknown): string[] | undefined =>
  typeof t === 'string' ? [t] : Array.isArray(t) ? t.map(String) : undefined

const isNullMember = (x: unknown): boolean => typeOnly(x) && typeList(x.type)?.join() === 'null'

/** `type` with `null` added (undefined stays undefined: any type already admits null). */
function withNull(type: unknown): unknown {
  const list = typeList(type)
  if (list === undefined) return undefined
  return list.includes('null') ? list : [...list, 'null']
}

function without(node: Json, ...keys: string[]): Json {
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) if (!keys.includes(k)) out[k] = v
  return out
}

/** Pointers of `keys` of `node`, written at `pointer`. */
const here = (pointer: string, node: Json): Record<string, string> =>
  Object.fromEntries(Object.keys(node).map((k) => [k, child(pointer, k)]))

type Step = (doc: unknown, s: Schema) => Schema | undefined

const openApi30: Step = (_doc, s) => {
  const n = s.node
  const legacyNull = 'nullable' in n && typeof n.nullable === 'boolean'
  const legacyMax = typeof n.exclusiveMaximum === 'boolean'
  const legacyMin = typeof n.exclusiveMinimum === 'boolean'
  if (!legacyNull && !legacyMax && !legacyMin) return undefined
  let node = without(n, 'nullable')
  const src = { ...s.src }
  if (n.nullable === true && node.type !== undefined) {
    node.type = withNull(node.type)
    src.type = child(s.pointer, 'nullable')
  }
  for (const [flag, bound] of [
    ['exclusiveMaximum', 'maximum'],
    ['exclusiveMinimum', 'minimum'],
  ] as const) {
    if (typeof n[flag] !== 'boolean') continue
    node = without(node, flag)
    if (n[flag] === true && typeof n[bound] === 'number') {
      node = without(node, bound)
      node[flag] = n[bound]
      src[flag] = child(s.pointer, bound)
    }
  }
  return { ...s, node, src }
}

const extensibleEnum: Step = (_doc, s) => {
  const n = s.node
  if (n['x-extensible-enum'] !== true || !Array.isArray(n.anyOf) || n.anyOf.length !== 2) return undefined
  const [known, open] = n.anyOf as unknown[]
  if (!isObject(known) || !isObject(open) || !Array.isArray(known.enum)) return undefined
  if ('enum' in open || 'const' in open || open.type !== known.type) return undefined
  const node = { ...known, ...without(n, 'anyOf'), enum: known.enum }
  const src = {
    ...s.src,
    ...here(child(s.pointer, 'anyOf', 0), known),
    enum: child(s.pointer, 'anyOf', 0, 'enum'),
  }
  return { ...s, node, src }
}

const singleAllOf: Step = (_doc, s) => {
  const n = s.node
  if (!Array.isArray(n.allOf) || n.allOf.length !== 1 || !isObject(n.allOf[0])) return undefined
  const member = n.allOf[0]
  const rest = without(n, 'allOf')
  const clash = Object.keys(member).some((k) => k in rest && !ANNOTATIONS.has(k) && k !== '$ref')
  if (clash) return undefined
  const at = child(s.pointer, 'allOf', 0)
  // `{$ref}` with the outer keywords as siblings: deref merges them over the target, as 3.1 does.
  return {
    ...s,
    node: { ...member, ...rest },
    src: { ...s.src, ...here(at, member), ...here(s.pointer, rest) },
  }
}

const variantsOfTypes: Step = (_doc, s) => {
  const n = s.node
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = n[key]
    if (!Array.isArray(list) || list.length === 0 || n.type !== undefined) continue
    if (!list.every(typeOnly) || ('anyOf' in n && 'oneOf' in n)) continue
    const types = [...new Set(list.flatMap((m) => typeList(m.type) ?? []))]
    // oneOf of integer and number is not their union: 1 matches both, so oneOf refuses it.
    if (key === 'oneOf' && types.includes('integer') && types.includes('number')) continue
    const node = { ...without(n, key), type: types.length === 1 ? types[0] : types }
    return { ...s, node, src: { ...s.src, type: child(s.pointer, key) }, typeList: true }
  }
  return undefined
}

const nullVariant: Step = (doc, s) => {
  const n = s.node
  for (const key of ['anyOf', 'oneOf'] as const) {
    const list = n[key]
    if (!Array.isArray(list) || list.length !== 2 || n.type !== undefined || ('anyOf' in n && 'oneOf' in n))
      continue
    const nullAt = list.findIndex(isNullMember)
    const other = list[1 - nullAt]
    if (nullAt === -1 || !isObject(other) || isNullMember(other)) continue
    const rest = without(n, key)
    const inner = deref(doc, other, child(s.pointer, key, 1 - nullAt))
    const node: Json = { ...inner.node, ...rest }
    node.type = withNull(inner.node.type)
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null]
    if ('const' in node && node.enum === undefined) {
      node.enum = [node.const, null]
      delete node.const
    }
    const src = { ...s.src, ...here(s.pointer, rest), type: child(s.pointer, key, nullAt) }
    const r: Schema = { node, pointer: inner.pointer, src }
    const name = inner.name ?? s.name
    const ref = inner.ref ?? s.ref
    return { ...r, ...(name === undefined ? {} : { name }), ...(ref === undefined ? {} : { ref }) }
  }
  return undefined
}

/** A pattern every string matches (`''`, `.*`, `^.*$`) is no pattern. */
const universalPattern: Step = (_doc, s) =>
  typeof s.node.pattern === 'string' && ['', '.*', '^.*$'].includes(s.node.pattern)
    ? { ...s, node: without(s.node, 'pattern') }
    : undefined

const STEPS: Step[] = [openApi30, universalPattern, extensibleEnum, singleAllOf, variantsOfTypes, nullVariant]

/**
 * Resolves `value` (following `$ref`s) and rewrites it into the one form the rules compare.
 *
 * @example
 * resolveSchema(doc, { anyOf: [{ type: 'string' }, { type: 'null' }] }, '/x').node // { type: ['string', 'null'] }
 */
export function resolveSchema(doc: unknown, value: unknown, at: string): Schema {
  let s: Schema = { ...deref(doc, value, at), src: {} }
  for (let i = 0; i < 16; i++) {
    if (typeof s.node.$ref === 'string') {
      const r = deref(doc, s.node, s.pointer)
      s = { ...s, ...r, src: s.src }
      continue
    }
    let next: Schema | undefined
    for (const step of STEPS) {
      next = step(doc, s)
      if (next !== undefined) break
    }
    if (next === undefined) break
    s = { ...next, ...(s.typeList || next.typeList ? { typeList: true } : {}) }
  }
  return s
}
