// Direction-aware comparison of two JSON Schemas (base → head) for the breaking-change classifier.
import { deref, isObject, type Json, type Resolved } from './spec-ref.ts'
import type { Change } from './types.ts'

/** Request schemas are read by the server, response schemas by clients. */
export type Side = 'request' | 'response'

/** Everything a comparison needs: both documents, the side, and where we are. */
export interface SchemaContext {
  base: unknown
  head: unknown
  side: Side
  path: string[]
  out: Change[]
  /** `$ref` pairs on the current descent, so recursive schemas terminate. */
  stack: Set<string>
}

const ALL_TYPES = ['null', 'boolean', 'object', 'array', 'number', 'string']
const UPPER = ['maxLength', 'maximum', 'exclusiveMaximum', 'maxItems', 'maxProperties']
const LOWER = ['minLength', 'minimum', 'exclusiveMinimum', 'minItems', 'minProperties']
const EXACT = ['pattern', 'format', 'multipleOf', 'uniqueItems']

function emit(ctx: SchemaContext, kind: string, breaking: boolean, message: string, extra?: string): void {
  const path = extra === undefined ? ctx.path : [...ctx.path, extra]
  ctx.out.push({ path: path.join(' › '), kind, breaking, message })
}

const where = (ctx: SchemaContext): string => ctx.path.at(-1) ?? 'the body'

function typesOf(schema: Json): string[] {
  const t = schema.type
  if (typeof t === 'string') return [t]
  if (Array.isArray(t)) return t.filter((x): x is string => typeof x === 'string')
  return ALL_TYPES
}

const accepts = (types: string[], t: string): boolean =>
  types.includes(t) || (t === 'integer' && types.includes('number'))

function enumOf(schema: Json): string[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v))
  if ('const' in schema) return [JSON.stringify(schema.const)]
  return undefined
}

function compareTypes(ctx: SchemaContext, base: Json, head: Json): void {
  const b = typesOf(base)
  const h = typesOf(head)
  const removed = b.filter((t) => !accepts(h, t))
  const added = h.filter((t) => !accepts(b, t))
  const show = (ts: string[]) => (ts === ALL_TYPES ? 'any' : ts.join('|'))
  if (removed.length > 0) {
    emit(
      ctx,
      'type-narrowed',
      true,
      `${where(ctx)}: type narrowed from ${show(b)} to ${show(h)} (no longer ${removed.join(', ')})`,
    )
  }
  if (added.length > 0) {
    const breaking = ctx.side === 'response'
    const why = breaking ? '; clients that handle each type break' : ''
    emit(ctx, 'type-widened', breaking, `${where(ctx)}: type widened from ${show(b)} to ${show(h)}${why}`)
  }
}

function compareEnums(ctx: SchemaContext, base: Json, head: Json): void {
  const b = enumOf(base)
  const h = enumOf(head)
  if (b === undefined && h === undefined) return
  if (b === undefined && h !== undefined) {
    emit(ctx, 'enum-narrowed', true, `${where(ctx)}: now restricted to the values ${h.join(', ')}`)
    return
  }
  if (b !== undefined && h === undefined) {
    const breaking = ctx.side === 'response'
    emit(ctx, 'enum-widened', breaking, `${where(ctx)}: no longer restricted to the values ${b.join(', ')}`)
    return
  }
  const removed = (b ?? []).filter((v) => !(h ?? []).includes(v))
  const added = (h ?? []).filter((v) => !(b ?? []).includes(v))
  if (removed.length > 0) {
    emit(ctx, 'enum-narrowed', true, `${where(ctx)}: enum value(s) ${removed.join(', ')} removed`)
  }
  if (added.length > 0) {
    // Zalando's `x-extensible-enum: true` marks an enum clients must already treat as open.
    const breaking = ctx.side === 'response' && head['x-extensible-enum'] !== true
    const why = breaking ? '; clients that switch on it meet a value they do not know' : ''
    emit(ctx, 'enum-widened', breaking, `${where(ctx)}: enum value(s) ${added.join(', ')} added${why}`)
  }
}

function compareConstraints(ctx: SchemaContext, base: Json, head: Json): void {
  for (const key of [...UPPER, ...LOWER, ...EXACT]) {
    const b = base[key]
    const h = head[key]
    if (JSON.stringify(b) === JSON.stringify(h)) continue
    let tightened: boolean
    if (h === undefined) tightened = false
    else if (b === undefined) tightened = true
    else if (UPPER.includes(key)) tightened = Number(h) < Number(b)
    else if (LOWER.includes(key)) tightened = Number(h) > Number(b)
    else tightened = true
    const from = b === undefined ? 'none' : JSON.stringify(b)
    const to = h === undefined ? 'none' : JSON.stringify(h)
    const kind = tightened ? 'constraint-tightened' : 'constraint-loosened'
    emit(ctx, kind, tightened, `${where(ctx)}: ${key} changed from ${from} to ${to}`)
  }
}

function compareProperties(ctx: SchemaContext, base: Resolved, head: Resolved): void {
  const bProps = isObject(base.node.properties) ? base.node.properties : {}
  const hProps = isObject(head.node.properties) ? head.node.properties : {}
  const bReq = new Set(Array.isArray(base.node.required) ? base.node.required : [])
  const hReq = new Set(Array.isArray(head.node.required) ? head.node.required : [])
  const label = (p: string) => ((head.name ?? base.name) ? `${head.name ?? base.name}.${p}` : p)
  const request = ctx.side === 'request'
  const closed = head.node.additionalProperties === false
  for (const p of Object.keys(bProps)) {
    const at = label(p)
    if (!(p in hProps)) {
      if (request) {
        const why = closed ? '; callers that send it are now refused' : '; it is now ignored'
        emit(ctx, 'request-field-removed', closed, `request field "${p}" (${at}) was removed${why}`, at)
      } else {
        const msg = `response field "${p}" (${at}) was removed (a rename is a removal plus an addition); clients reading it break`
        emit(ctx, 'response-field-removed', true, msg, at)
      }
      continue
    }
    compareSchema({ ...ctx, path: [...ctx.path, at] }, bProps[p], hProps[p])
    if (request && !bReq.has(p) && hReq.has(p)) {
      emit(ctx, 'request-field-now-required', true, `request field "${p}" (${at}) became required`, at)
    } else if (request && bReq.has(p) && !hReq.has(p)) {
      emit(ctx, 'request-field-now-optional', false, `request field "${p}" (${at}) became optional`, at)
    } else if (!request && bReq.has(p) && !hReq.has(p)) {
      const msg = `response field "${p}" (${at}) became optional; clients that rely on it break`
      emit(ctx, 'response-field-now-optional', true, msg, at)
    } else if (!request && !bReq.has(p) && hReq.has(p)) {
      emit(ctx, 'response-field-now-required', false, `response field "${p}" (${at}) is now always sent`, at)
    }
  }
  for (const p of Object.keys(hProps)) {
    if (p in bProps) continue
    const at = label(p)
    const required = hReq.has(p)
    if (request && required) {
      emit(ctx, 'request-field-added-required', true, `required request field "${p}" (${at}) was added`, at)
    } else if (request) {
      emit(ctx, 'request-field-added', false, `optional request field "${p}" (${at}) was added`, at)
    } else {
      const msg = `${required ? 'required' : 'optional'} response field "${p}" (${at}) was added`
      emit(ctx, 'response-field-added', false, msg, at)
    }
  }
  const bExtra = base.node.additionalProperties
  const hExtra = head.node.additionalProperties
  if (request && bExtra !== false && hExtra === false) {
    emit(
      ctx,
      'request-closed',
      true,
      `${where(ctx)}: unknown fields are now refused (additionalProperties: false)`,
    )
  } else if (request && bExtra === false && hExtra !== false) {
    emit(ctx, 'request-opened', false, `${where(ctx)}: unknown fields are now accepted`)
  }
  if (isObject(bExtra) && isObject(hExtra))
    compareSchema({ ...ctx, path: [...ctx.path, '{*}'] }, bExtra, hExtra)
}

function compareVariants(ctx: SchemaContext, base: Json, head: Json): void {
  for (const key of ['oneOf', 'anyOf', 'allOf']) {
    const b = Array.isArray(base[key]) ? (base[key] as unknown[]) : []
    const h = Array.isArray(head[key]) ? (head[key] as unknown[]) : []
    const n = Math.min(b.length, h.length)
    for (let i = 0; i < n; i++) compareSchema({ ...ctx, path: [...ctx.path, `${key}[${i}]`] }, b[i], h[i])
    if (b.length === h.length) continue
    const added = h.length > b.length
    // More anyOf/oneOf branches widen; more allOf members narrow.
    const widens = added !== (key === 'allOf')
    const breaking = !widens || ctx.side === 'response'
    emit(
      ctx,
      'composition-changed',
      breaking,
      `${where(ctx)}: ${key} went from ${b.length} to ${h.length} schemas`,
    )
  }
}

/** Compares one schema pair and everything below it, appending to `ctx.out`. */
export function compareSchema(ctx: SchemaContext, baseValue: unknown, headValue: unknown): void {
  const base = deref(ctx.base, baseValue)
  const head = deref(ctx.head, headValue)
  const key = `${base.ref ?? '·'}→${head.ref ?? '·'}`
  if (base.ref !== undefined && head.ref !== undefined) {
    if (ctx.stack.has(key)) return
    ctx.stack.add(key)
  }
  const b = base.node
  const h = head.node
  if (
    b.description !== h.description ||
    JSON.stringify(b['x-enum-descriptions']) !== JSON.stringify(h['x-enum-descriptions'])
  ) {
    emit(ctx, 'docs', false, `${where(ctx)}: description changed`)
  }
  compareTypes(ctx, b, h)
  compareEnums(ctx, b, h)
  compareConstraints(ctx, b, h)
  compareProperties(ctx, base, head)
  compareVariants(ctx, b, h)
  if (b.items !== undefined || h.items !== undefined) {
    const last = ctx.path.at(-1) ?? ''
    compareSchema({ ...ctx, path: [...ctx.path.slice(0, -1), `${last}[]`] }, b.items, h.items)
  }
  ctx.stack.delete(key)
}
