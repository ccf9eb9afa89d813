// Classifies the differences between two OpenAPI documents as breaking or not, per operation.
import { compareSchema, type Side } from './schema-diff.ts'
import { deref, isObject, type Json } from './spec-ref.ts'
import type { Change } from './types.ts'

export type { Change } from './types.ts'

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

interface Operation {
  label: string
  path: string
  node: Json
  pathItem: Json
}

function operations(doc: unknown): Map<string, Operation> {
  const ops = new Map<string, Operation>()
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {}
  for (const [path, item] of Object.entries(paths)) {
    const pathItem = deref(doc, item).node
    for (const method of METHODS) {
      const node = pathItem[method]
      if (!isObject(node)) continue
      const label =
        typeof node.operationId === 'string' ? node.operationId : `${method.toUpperCase()} ${path}`
      ops.set(`${method.toUpperCase()} ${path}`, { label, path, node, pathItem })
    }
  }
  return ops
}

interface Ctx {
  base: unknown
  head: unknown
  out: Change[]
}

function push(ctx: Ctx, path: string[], kind: string, breaking: boolean, message: string): void {
  ctx.out.push({ path: path.join(' › '), kind, breaking, message })
}

function schemaDiff(ctx: Ctx, side: Side, path: string[], base: unknown, head: unknown): void {
  compareSchema({ base: ctx.base, head: ctx.head, side, path, out: ctx.out, stack: new Set() }, base, head)
}

function contentDiff(ctx: Ctx, side: Side, path: string[], base: Json, head: Json): void {
  const b = isObject(base.content) ? base.content : {}
  const h = isObject(head.content) ? head.content : {}
  const single = Object.keys(b).length <= 1 && Object.keys(h).length <= 1
  for (const type of Object.keys(b)) {
    if (!(type in h)) {
      push(
        ctx,
        path,
        `${side}-media-type-removed`,
        true,
        `${path.at(-1)}: media type ${type} is no longer ${side === 'request' ? 'accepted' : 'sent'}`,
      )
      continue
    }
    const at = single ? path : [...path, type]
    schemaDiff(ctx, side, at, deref(ctx.base, b[type]).node.schema, deref(ctx.head, h[type]).node.schema)
  }
  for (const type of Object.keys(h)) {
    if (!(type in b))
      push(ctx, path, `${side}-media-type-added`, false, `${path.at(-1)}: media type ${type} added`)
  }
}

function parameters(doc: unknown, op: Operation): Map<string, Json> {
  const all = [
    ...(Array.isArray(op.pathItem.parameters) ? op.pathItem.parameters : []),
    ...(Array.isArray(op.node.parameters) ? op.node.parameters : []),
  ]
  const out = new Map<string, Json>()
  for (const raw of all) {
    const p = deref(doc, raw).node
    const name = String(p.name)
    out.set(`${String(p.in)} ${p.in === 'header' ? name.toLowerCase() : name}`, p)
  }
  return out
}

function parameterDiff(ctx: Ctx, at: string[], base: Operation, head: Operation): void {
  const b = parameters(ctx.base, base)
  const h = parameters(ctx.head, head)
  for (const [key, p] of b) {
    const path = [...at, `${String(p.in)} parameter ${String(p.name)}`]
    const q = h.get(key)
    if (q === undefined) {
      push(
        ctx,
        path,
        'parameter-removed',
        false,
        `${String(p.in)} parameter "${String(p.name)}" was removed; it is now ignored`,
      )
      continue
    }
    if (p.required !== true && q.required === true) {
      push(
        ctx,
        path,
        'parameter-now-required',
        true,
        `${String(p.in)} parameter "${String(p.name)}" became required`,
      )
    }
    schemaDiff(ctx, 'request', path, p.schema, q.schema)
  }
  for (const [key, q] of h) {
    if (b.has(key)) continue
    const path = [...at, `${String(q.in)} parameter ${String(q.name)}`]
    const required = q.required === true
    const kind = required ? 'parameter-added-required' : 'parameter-added'
    push(
      ctx,
      path,
      kind,
      required,
      `${required ? 'required' : 'optional'} ${String(q.in)} parameter "${String(q.name)}" was added`,
    )
  }
}

function requestBodyDiff(ctx: Ctx, at: string[], base: Operation, head: Operation): void {
  const path = [...at, 'request body']
  const b = deref(ctx.base, base.node.requestBody).node
  const h = deref(ctx.head, head.node.requestBody).node
  if (b.required !== true && h.required === true) {
    push(ctx, path, 'request-body-now-required', true, 'the request body became required')
  }
  contentDiff(ctx, 'request', path, b, h)
}

function responsesDiff(ctx: Ctx, at: string[], base: Operation, head: Operation): void {
  const b = isObject(base.node.responses) ? base.node.responses : {}
  const h = isObject(head.node.responses) ? head.node.responses : {}
  for (const status of Object.keys(b)) {
    const path = [...at, `response ${status}`]
    if (!(status in h)) {
      push(ctx, path, 'response-status-removed', true, `response status ${status} is no longer documented`)
      continue
    }
    contentDiff(ctx, 'response', path, deref(ctx.base, b[status]).node, deref(ctx.head, h[status]).node)
  }
  for (const status of Object.keys(h)) {
    if (!(status in b))
      push(
        ctx,
        [...at, `response ${status}`],
        'response-status-added',
        false,
        `response status ${status} was added`,
      )
  }
}

/**
 * Lists every difference between `baseSpec` and `headSpec` that matters to a caller, each marked
 * breaking or not. Request schemas may widen freely; response schemas may only grow optional fields.
 *
 * @example
 * const changes = classifyChanges(parse(baseYaml), parse(headYaml))
 * const breaking = changes.filter((c) => c.breaking)
 */
export function classifyChanges(baseSpec: unknown, headSpec: unknown): Change[] {
  const ctx: Ctx = { base: baseSpec, head: headSpec, out: [] }
  const b = operations(baseSpec)
  const h = operations(headSpec)
  for (const [key, op] of b) {
    const other = h.get(key)
    if (other === undefined) {
      push(ctx, [op.label], 'operation-removed', true, `operation ${op.label} (${key}) was removed`)
      continue
    }
    const at = [other.label]
    parameterDiff(ctx, at, op, other)
    requestBodyDiff(ctx, at, op, other)
    responsesDiff(ctx, at, op, other)
  }
  for (const [key, op] of h) {
    if (!b.has(key))
      push(ctx, [op.label], 'operation-added', false, `operation ${op.label} (${key}) was added`)
  }
  return ctx.out
}
