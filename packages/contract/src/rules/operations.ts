// Paths and operations: added/removed (with deprecation and `x-sunset`), operationId, tags, parameters.
import { child, deref, isObject, type Json } from '../spec-ref.ts'
import { compareRequestBody, compareResponses } from './bodies.ts'
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

/** The operations under `paths` (or, with `webhooks`, under `webhooks`, keyed `METHOD webhook <name>`). */
function operations(doc: unknown, section: 'paths' | 'webhooks' = 'paths'): Map<string, Operation> {
  const ops = new Map<string, Operation>()
  const paths = isObject(doc) && isObject(doc[section]) ? doc[section] : {}
  for (const [path, item] of Object.entries(paths)) {
    const pathItem = deref(doc, item, child('', section, path))
    for (const method of METHODS) {
      const node = pathItem.node[method]
      if (!isObject(node)) continue
      const key = `${method.toUpperCase()} ${section === 'webhooks' ? `webhook ${path}` : path}`
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

/** The rule for a removal of something that may have been deprecated with a sunset date first. */
function removalRule(d: Diff, node: Json): 'without-deprecation' | 'before-sunset' | 'with-deprecation' {
  if (node.deprecated !== true) return 'without-deprecation'
  const sunset = sunsetOf(node)
  return sunset.time !== undefined && sunset.time > d.now ? 'before-sunset' : 'with-deprecation'
}

function removal(d: Diff, at: At, op: Operation, pathGone: boolean): void {
  const stem = pathGone ? 'api-path-removed' : 'api-removed'
  const what = pathGone ? `path of ${op.key}` : `operation ${op.key}`
  const how = removalRule(d, op.node)
  const msg = {
    'without-deprecation': `${what} was removed without being deprecated first`,
    'before-sunset': `${what} was removed before its sunset date ${sunsetOf(op.node).text}`,
    'with-deprecation': `deprecated ${what} was removed; generated clients lose it`,
  }[how]
  emit(d, at, `${stem}-${how}`, msg)
}

/**
 * `x-sunset` of something that stays deprecated: removed, or moved earlier. A sunset that is not a
 * date is reported for the record; the lint check is what fails on it (no bump).
 */
function compareSunset(d: Diff, at: At, b: Json, h: Json, stem: string, name: string): void {
  const bs = sunsetOf(b)
  const hs = sunsetOf(h)
  const key = { key: ['x-sunset'] }
  if (hs.text === undefined) {
    if (bs.text !== undefined && b.deprecated === true)
      emit(
        d,
        at,
        stem === 'api' ? 'sunset-deleted' : `${stem}-sunset-deleted`,
        `${name}: x-sunset ${bs.text} removed; it stays deprecated`,
        key,
      )
    return
  }
  if (hs.time === undefined) {
    if (stem === 'api' && hs.text !== bs.text)
      emit(
        d,
        at,
        'api-deprecated-sunset-parse',
        `${name}: x-sunset "${hs.text}" is not a date (YYYY-MM-DD); the lint check fails on it`,
        key,
      )
    return
  }
  if (bs.time !== undefined && hs.time < bs.time)
    emit(
      d,
      at,
      `${stem}-sunset-date-changed-too-small`,
      `${name}: x-sunset moved earlier, from ${bs.text} to ${hs.text}`,
      key,
    )
}

function compareDeprecation(d: Diff, at: At, b: Json, h: Json): void {
  const was = b.deprecated === true
  const now = h.deprecated === true
  const name = at.path[0] ?? ''
  const sunset = sunsetOf(h).time === undefined ? undefined : sunsetOf(h).text
  if (!was && now) {
    const id = sunset === undefined ? 'endpoint-deprecated' : 'endpoint-deprecated-with-sunset'
    emit(d, at, id, `${name} is deprecated${sunset === undefined ? '' : ` (sunset ${sunset})`}`, {
      key: ['deprecated'],
    })
    if (h['x-sunset'] === undefined)
      emit(d, at, 'api-deprecated-sunset-missing', `${name} is deprecated without an x-sunset date`, {
        key: ['deprecated'],
      })
  }
  if (was && !now)
    emit(d, at, 'endpoint-reactivated', `${name} is no longer deprecated`, { key: ['deprecated'] })
  if (now) compareSunset(d, at, b, h, 'api', name)
}

function compareOperationFacts(d: Diff, at: At, b: Json, h: Json): void {
  if (b.operationId !== h.operationId) {
    if (b.operationId === undefined)
      emit(d, at, 'api-operation-id-added', `operationId ${show(h.operationId)} was added`, {
        key: ['operationId'],
      })
    else
      emit(
        d,
        at,
        'api-operation-id-removed',
        `operationId ${show(b.operationId)} was removed or replaced with ${show(h.operationId)}; generated names change`,
        { key: ['operationId'] },
      )
  }
  const bt = Array.isArray(b.tags) ? b.tags : []
  const ht = Array.isArray(h.tags) ? h.tags : []
  for (const t of bt)
    if (!ht.includes(t)) emit(d, at, 'api-tag-removed', `tag ${show(t)} removed`, { key: ['tags'] })
  for (const t of ht)
    if (!bt.includes(t))
      emit(d, at, 'api-tag-added', `tag ${show(t)} added`, { key: ['tags', ht.indexOf(t)] })
  if (b.summary !== h.summary || b.description !== h.description) {
    const key = b.summary !== h.summary ? 'summary' : 'description'
    emit(d, at, 'description-changed', `${at.path[0]}: ${key} changed`, { key: [key] })
  }
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
      } else {
        const how = removalRule(d, p.node)
        const id =
          how === 'without-deprecation' ? 'request-parameter-removed' : `request-parameter-removed-${how}`
        emit(d, place, id, `${label} was removed; callers still sending it may be refused`)
      }
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
        { key: ['deprecated'] },
      )
    if (q.node.deprecated === true) compareSunset(d, place, p.node, q.node, 'request-parameter', label)
    const schemaAt = {
      ...place,
      subject: 'request-parameter' as const,
      stack: new Set<string>(),
      bp: child(p.pointer, 'schema'),
      hp: child(q.pointer, 'schema'),
    }
    d.compare(d, schemaAt, p.node.schema, q.node.schema)
  }
  for (const [key, q] of h) {
    if (b.has(key) || moved.has(key)) continue
    const required = q.node.required === true
    const label = `${String(q.node.in)} parameter ${String(q.node.name)}`
    const id =
      q.node.in === 'path'
        ? 'new-request-path-parameter'
        : `new-${required ? 'required' : 'optional'}-request-parameter`
    emit(
      d,
      { path: [...at.path, label], bp: base.pointer, hp: q.pointer },
      id,
      `${required ? 'required' : 'optional'} ${label} was added`,
    )
  }
}

/** Webhooks (OpenAPI 3.1 `webhooks`): added or removed by name. */
function compareWebhooks(d: Diff): void {
  const hooks = (doc: unknown): Json => (isObject(doc) && isObject(doc.webhooks) ? doc.webhooks : {})
  const b = hooks(d.base)
  const h = hooks(d.head)
  const ptr = (name: string) => child('', 'webhooks', name)
  for (const name of Object.keys(b))
    if (!(name in h))
      emit(
        d,
        { path: [`webhook ${name}`], bp: ptr(name), hp: '/webhooks' },
        'webhook-removed',
        `webhook ${name} was removed`,
      )
  for (const name of Object.keys(h))
    if (!(name in b))
      emit(
        d,
        { path: [`webhook ${name}`], bp: '/webhooks', hp: ptr(name) },
        'webhook-added',
        `webhook ${name} was added`,
      )
}

/** Compares the operations (and webhooks) of both documents. */
export function compareOperations(d: Diff): void {
  compareWebhooks(d)
  // A webhook kept on both sides is compared as an operation is (oasdiff does the same); one added
  // or removed is the webhook rule's alone.
  const bw = operations(d.base, 'webhooks')
  const hw = operations(d.head, 'webhooks')
  for (const [key, op] of bw) {
    const other = hw.get(key)
    if (other === undefined) continue
    const at: At = { path: [key], bp: op.pointer, hp: other.pointer }
    compareOperationFacts(d, at, op.node, other.node)
    compareParameters(d, at, op, other)
    compareRequestBody(d, at, op.node, other.node)
    compareResponses(d, at, op.node, other.node)
  }
  const b = operations(d.base)
  const h = operations(d.head)
  const headPaths = new Set([...h.values()].map((o) => o.key.slice(o.key.indexOf(' ') + 1)))
  for (const [key, op] of b) {
    const other = h.get(key)
    const at: At = { path: [key], bp: op.pointer, hp: other?.pointer ?? op.pointer }
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
