// Object properties: added, removed, required or optional, readOnly/writeOnly, closed or open, and
// dependentRequired, each judged by the side it is on. Kept properties recurse through `d.compare`.
import { child, deref, isObject, type Json } from '../spec-ref.ts'
import type { Schema } from './normalize.ts'
import { below, type Diff, emit, isRequest, type SchemaAt, show, where } from './walk.ts'

const requiredOf = (node: Json): Set<unknown> => new Set(Array.isArray(node.required) ? node.required : [])

function compareAccess(d: Diff, here: SchemaAt, name: string, required: boolean, b: Json, h: Json): void {
  const side = isRequest(here.subject) ? 'request' : 'response'
  for (const [key, mode] of [
    ['readOnly', 'read-only'],
    ['writeOnly', 'write-only'],
  ] as const) {
    if ((b[key] === true) === (h[key] === true)) continue
    const now = h[key] === true
    emit(
      d,
      here,
      `${side}-${required ? 'required' : 'optional'}-property-became-${now ? '' : 'not-'}${mode}`,
      `${name} ${now ? 'became' : 'is no longer'} ${key}`,
      { key: [key] },
    )
  }
}

function compareClosed(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const bx = b.additionalProperties
  const hx = h.additionalProperties
  if ((bx === false) === (hx === false)) return
  const msg = `${where(at)}: unknown properties are now ${hx === false ? 'refused' : 'allowed'}`
  emit(d, at, `${at.subject}-additional-properties-${hx === false ? 'closed' : 'opened'}`, msg, {
    key: ['additionalProperties'],
  })
}

function compareDependentRequired(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const bd = isObject(b.dependentRequired) ? b.dependentRequired : {}
  const hd = isObject(h.dependentRequired) ? h.dependentRequired : {}
  const s = at.subject
  for (const k of Object.keys(bd)) {
    if (!(k in hd))
      emit(d, at, `${s}-dependent-required-removed`, `${where(at)}: dependentRequired for "${k}" removed`, {
        key: ['dependentRequired', k],
      })
    else if (JSON.stringify(bd[k]) !== JSON.stringify(hd[k]))
      emit(
        d,
        at,
        `${s}-dependent-required-changed`,
        `${where(at)}: "${k}" now requires ${show(hd[k])} (was ${show(bd[k])})`,
        { key: ['dependentRequired', k] },
      )
  }
  for (const k of Object.keys(hd))
    if (!(k in bd))
      emit(d, at, `${s}-dependent-required-added`, `${where(at)}: "${k}" now requires ${show(hd[k])}`, {
        key: ['dependentRequired', k],
      })
}

/** Compares `properties` and `required` of two object schemas and recurses into each kept property. */
export function compareProperties(d: Diff, at: SchemaAt, base: Schema, head: Schema): void {
  compareClosed(d, at, base.node, head.node)
  compareDependentRequired(d, at, base.node, head.node)
  const bp = isObject(base.node.properties) ? base.node.properties : {}
  const hp = isObject(head.node.properties) ? head.node.properties : {}
  const bReq = requiredOf(base.node)
  const hReq = requiredOf(head.node)
  const owner = head.name ?? base.name
  const label = (p: string) => (owner === undefined ? p : `${owner}.${p}`)
  const request = isRequest(at.subject)
  const place = (p: string): SchemaAt => {
    const { bsrc: _b, hsrc: _h, ...rest } = at
    return {
      ...rest,
      subject: below(at.subject),
      path: [...at.path, label(p)],
      bp: child(base.src.properties ?? child(at.bp, 'properties'), p),
      hp: child(head.src.properties ?? child(at.hp, 'properties'), p),
    }
  }
  for (const p of Object.keys(bp)) {
    const here = place(p)
    const name = `"${p}" (${label(p)})`
    if (!(p in hp)) {
      if (request) {
        const closed = head.node.additionalProperties === false
        const why = closed ? 'callers that send it are now refused' : 'it is now ignored'
        emit(d, here, 'request-property-removed', `request property ${name} was removed; ${why}`)
      } else {
        const req = bReq.has(p)
        const msg = `${req ? 'required' : 'optional'} response property ${name} was removed (a rename is a removal plus an addition); clients reading it break`
        emit(d, here, `response-${req ? 'required' : 'optional'}-property-removed`, msg)
      }
      continue
    }
    d.compare(d, here, bp[p], hp[p])
    const was = bReq.has(p)
    const now = hReq.has(p)
    const bNode = deref(d.base, bp[p]).node
    const hNode = deref(d.head, hp[p]).node
    compareAccess(d, here, name, now, bNode, hNode)
    if (was === now) continue
    if (request) {
      const withDefault = now && hNode.default !== undefined ? '-with-default' : ''
      emit(
        d,
        here,
        `request-property-became-${now ? 'required' : 'optional'}${withDefault}`,
        `request property ${name} became ${now ? 'required' : 'optional'}`,
      )
    } else {
      const why = now ? ' (always sent now)' : '; clients that rely on it break'
      emit(
        d,
        here,
        `response-property-became-${now ? 'required' : 'optional'}`,
        `response property ${name} became ${now ? 'required' : 'optional'}${why}`,
      )
    }
  }
  for (const p of Object.keys(hp)) {
    if (p in bp) continue
    const here = place(p)
    const req = hReq.has(p)
    const kind = req ? 'required' : 'optional'
    const withDefault =
      request && req && deref(d.head, hp[p]).node.default !== undefined ? '-with-default' : ''
    const id = request ? `new-${kind}-request-property${withDefault}` : `response-${kind}-property-added`
    emit(d, here, id, `${kind} ${request ? 'request' : 'response'} property "${p}" (${label(p)}) was added`)
  }
}
