// Paths and operations: added/removed (with deprecation and `x-sunset`), operationId, tags, parameters.
import { child, deref, isObject, type Json } from '../spec-ref.ts'
import { compareRequestBody, compareResponses } from './bodies.ts'
import { compareSchema } from './schema.ts'
import { compareOperationSecurity } from './security.ts'
import { type At, type Diff, emit, show } from './walk.ts'

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** One operation of a document, with its path item. */
export interface Operation {
  key: string
  label: string
  node: Json
  pathItem: Json
  pointer: string
}

function operations(doc: unknown): Map<string, Operation> {
  const ops = new Map<string, Operation>()
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {}
  for (const [path, item] of Object.entries(paths)) {
    const pathItem = deref(doc, item, child('', 'paths', path))
    for (const method of METHODS) {
      const node = pathItem.node[method]
      if (!isObject(node)) continue
      const key = `${method.toUpperCase()} ${path}`
      ops.set(key, {
        key,
        label: key,
        node,
        pathItem: pathItem.node,
        pointer: child(pathItem.pointer, method),
      })
    }
  }
  return ops
}

function sunsetOf(node: Json): { text?: string; time?: number } {
  const raw = node['x-sunset']
  if (raw === undefined) return {}
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw)
  const time = Date.parse(text)
  return { text, ...(Number.isNaN(time) ? {} : { time }) }
}

function removal(d: Diff, at: At, op: Operation, pathGone: boolean): void {
  const stem = pathGone ? 'api-path-removed' : 'api-removed'
  const sunset = sunsetOf(op.node)
  const what = pathGone ? `path of ${op.key}` : `operation ${op.key}`
  if (op.node.deprecated !== true)
    emit(d, at, `${stem}-without-deprecation`, `${what} was removed without being deprecated first`, {
      removed: true,
    })
  else if (sunset.time !== undefined && sunset.time > d.now)
    emit(d, at, `${stem}-before-sunset`, `${what} was removed before its sunset date ${sunset.text}`, {
      removed: true,
    })
  else
    emit(d, at, `${stem}-with-deprecation`, `deprecated ${what} was removed; generated clients lose it`, {
      removed: true,
    })
}

function compareDeprecation(d: Diff, at: At, b: Json, h: Json): void {
  const was = b.deprecated === true
  const now = h.deprecated === true
  if (!was && now)
    emit(
      d,
      at,
      'endpoint-deprecated',
      `${at.path[0]} is deprecated${h['x-sunset'] === undefined ? '' : ` (sunset ${show(sunsetOf(h).text)})`}`,
    )
  if (was && !now) emit(d, at, 'endpoint-reactivated', `${at.path[0]} is no longer deprecated`)
  if (!now) return
  const bs = sunsetOf(b)
  const hs = sunsetOf(h)
  if (hs.text === undefined) {
    if (bs.text !== undefined)
      emit(d, at, 'sunset-deleted', `${at.path[0]}: x-sunset ${bs.text} removed; it stays deprecated`)
    else if (!was)
      emit(d, at, 'api-deprecated-sunset-missing', `${at.path[0]} is deprecated without an x-sunset date`)
    return
  }
  if (hs.time === undefined)
    emit(
      d,
      at,
      'api-deprecated-sunset-parse',
      `${at.path[0]}: x-sunset "${hs.text}" is not a date (YYYY-MM-DD)`,
    )
  else if (bs.time !== undefined && hs.time < bs.time)
    emit(
      d,
      at,
      'api-sunset-date-changed-too-small',
      `${at.path[0]}: x-sunset moved earlier, from ${bs.text} to ${hs.text}`,
    )
}

function compareOperationFacts(d: Diff, at: At, b: Json, h: Json): void {
  if (b.operationId !== h.operationId) {
    if (b.operationId === undefined)
      emit(d, at, 'api-operation-id-added', `operationId ${show(h.operationId)} was added`)
    else
      emit(
        d,
        at,
        'api-operation-id-removed',
        `operationId ${show(b.operationId)} was removed or replaced with ${show(h.operationId)}; generated names change`,
      )
  }
  const bt = Array.isArray(b.tags) ? b.tags : []
  const ht = Array.isArray(h.tags) ? h.tags : []
  for (const t of bt) if (!ht.includes(t)) emit(d, at, 'api-tag-removed', `tag ${show(t)} removed`)
  for (const t of ht) if (!bt.includes(t)) emit(d, at, 'api-tag-added', `tag ${show(t)} added`)
  if (b.summary !== h.summary || b.description !== h.description)
    emit(d, at, 'description-changed', `${at.path[0]}: summary or description changed`)
  compareDeprecation(d, at, b, h)
}

interface Param {
  node: Json
  pointer: string
}

function parameters(doc: unknown, op: Operation, itemPointer: string): Map<string, Param> {
  const out = new Map<string, Param>()
  const lists: [unknown, string][] = [
    [op.pathItem.parameters, child(itemPointer, 'parameters')],
    [op.node.parameters, child(op.pointer, 'parameters')],
  ]
  for (const [list, at] of lists) {
    if (!Array.isArray(list)) continue
    list.forEach((raw, i) => {
      const p = deref(doc, raw, child(at, i))
      const name = String(p.node.name)
      out.set(`${String(p.node.in)} ${p.node.in === 'header' ? name.toLowerCase() : name}`, {
        node: p.node,
        pointer: p.pointer,
      })
    })
  }
  return out
}

function compareParameters(d: Diff, at: At, base: Operation, head: Operation): void {
  const b = parameters(d.base, base, base.pointer.replace(/\/[^/]+$/, ''))
  const h = parameters(d.head, head, head.pointer.replace(/\/[^/]+$/, ''))
  const nameOf = (k: string) => k.slice(k.indexOf(' ') + 1)
  const moved = new Set<string>()
  for (const [key, p] of b) {
    const label = `${String(p.node.in)} parameter ${String(p.node.name)}`
    const place = { path: [...at.path, label], bp: p.pointer, hp: h.get(key)?.pointer ?? head.pointer }
    const q = h.get(key)
    if (q === undefined) {
      const elsewhere = [...h.entries()].find(([k]) => !b.has(k) && nameOf(k) === nameOf(key))
      if (elsewhere !== undefined) {
        moved.add(elsewhere[0])
        const msg = `parameter "${String(p.node.name)}" moved from ${String(p.node.in)} to ${String(elsewhere[1].node.in)}`
        emit(d, { ...place, hp: elsewhere[1].pointer }, 'request-parameter-in-changed', msg)
      } else
        emit(
          d,
          place,
          'request-parameter-removed',
          `${label} was removed; callers still sending it may be refused`,
          { removed: true },
        )
      continue
    }
    if ((p.node.required === true) !== (q.node.required === true)) {
      const now = q.node.required === true ? 'required' : 'optional'
      emit(d, place, `request-parameter-became-${now}`, `${label} became ${now}`)
    }
    if (p.node.style !== q.node.style || p.node.explode !== q.node.explode)
      emit(d, place, 'request-parameter-style-changed', `${label}: style/explode changed`)
    if ((p.node.deprecated === true) !== (q.node.deprecated === true))
      emit(
        d,
        place,
        `request-parameter-${q.node.deprecated === true ? 'deprecated' : 'reactivated'}`,
        `${label} ${q.node.deprecated === true ? 'is deprecated' : 'is no longer deprecated'}`,
      )
    const schemaAt = {
      ...place,
      subject: 'request-parameter' as const,
      stack: new Set<string>(),
      bp: child(p.pointer, 'schema'),
      hp: child(q.pointer, 'schema'),
    }
    compareSchema(d, schemaAt, p.node.schema, q.node.schema)
  }
  for (const [key, q] of h) {
    if (b.has(key) || moved.has(key)) continue
    const required = q.node.required === true
    const label = `${String(q.node.in)} parameter ${String(q.node.name)}`
    emit(
      d,
      { path: [...at.path, label], bp: base.pointer, hp: q.pointer },
      `new-${required ? 'required' : 'optional'}-request-parameter`,
      `${required ? 'required' : 'optional'} ${label} was added`,
    )
  }
}

/** Compares the operations of both documents. */
export function compareOperations(d: Diff): void {
  const b = operations(d.base)
  const h = operations(d.head)
  const headPaths = new Set([...h.values()].map((o) => o.key.slice(o.key.indexOf(' ') + 1)))
  for (const [key, op] of b) {
    const other = h.get(key)
    const at: At = { path: [key], bp: op.pointer, hp: other?.pointer ?? '' }
    if (other === undefined) {
      removal(d, at, op, !headPaths.has(key.slice(key.indexOf(' ') + 1)))
      continue
    }
    compareOperationFacts(d, at, op.node, other.node)
    compareOperationSecurity(d, at, op.node, other.node)
    compareParameters(d, at, op, other)
    compareRequestBody(d, at, op.node, other.node)
    compareResponses(d, at, op.node, other.node)
  }
  for (const [key, op] of h) {
    if (!b.has(key))
      emit(d, { path: [key], bp: '', hp: op.pointer }, 'endpoint-added', `operation ${key} was added`)
  }
}
