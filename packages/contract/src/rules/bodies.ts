// Request bodies and responses: presence, required, media types, status codes and headers.
import { child, deref, isObject, type Json } from '../spec-ref.ts'
import type { Subject } from './catalog.ts'
import { type At, type Diff, emit } from './walk.ts'

const contentOf = (node: Json): Json => (isObject(node.content) ? node.content : {})

function compareContent(d: Diff, at: At, subject: Subject, b: Json, h: Json): void {
  const bc = contentOf(b)
  const hc = contentOf(h)
  const request = subject === 'request-body'
  const single = Object.keys(bc).length <= 1 && Object.keys(hc).length <= 1
  for (const type of Object.keys(bc)) {
    const place = { ...at, bp: child(at.bp, 'content', type), hp: child(at.hp, 'content', type) }
    if (!(type in hc)) {
      const id = request ? 'request-body-media-type-removed' : 'response-media-type-removed'
      emit(
        d,
        place,
        id,
        `${at.path.at(-1)}: media type ${type} is no longer ${request ? 'accepted' : 'sent'}`,
      )
      continue
    }
    const bm = deref(d.base, bc[type], place.bp)
    const hm = deref(d.head, hc[type], place.hp)
    if ((bm.node.schema === undefined) !== (hm.node.schema === undefined)) {
      const added = hm.node.schema !== undefined
      const stem = request ? 'request-body' : 'response-body'
      const what = added ? 'now has a schema' : 'no longer has a schema (anything goes)'
      emit(
        d,
        { ...place, hp: child(hm.pointer, 'schema') },
        `${stem}-media-type-schema-${added ? 'added' : 'removed'}`,
        `${at.path.at(-1)}: media type ${type} ${what}`,
      )
      continue
    }
    const schemaAt = {
      path: single ? at.path : [...at.path, type],
      bp: child(bm.pointer, 'schema'),
      hp: child(hm.pointer, 'schema'),
      subject,
      stack: new Set<string>(),
    }
    d.compare(d, schemaAt, bm.node.schema, hm.node.schema)
  }
  for (const type of Object.keys(hc)) {
    if (type in bc) continue
    const id = request ? 'request-body-media-type-added' : 'response-media-type-added'
    emit(d, { ...at, hp: child(at.hp, 'content', type) }, id, `${at.path.at(-1)}: media type ${type} added`)
  }
}

/** Compares the request bodies of one operation in both documents. */
export function compareRequestBody(d: Diff, op: At, b: Json, h: Json): void {
  const path = [...op.path, 'request body']
  if (b.requestBody === undefined && h.requestBody === undefined) return
  const bb = deref(d.base, b.requestBody, child(op.bp, 'requestBody'))
  const hb = deref(d.head, h.requestBody, child(op.hp, 'requestBody'))
  const at: At = { path, bp: bb.pointer, hp: hb.pointer }
  if (b.requestBody === undefined) {
    const required = hb.node.required === true
    emit(
      d,
      at,
      `request-body-added-${required ? 'required' : 'optional'}`,
      `${required ? 'a required' : 'an optional'} request body was added`,
    )
    return
  }
  if (h.requestBody === undefined) {
    emit(
      d,
      { ...at, hp: op.hp },
      'request-body-removed',
      'the request body was removed; callers still send one',
    )
    return
  }
  if ((bb.node.required === true) !== (hb.node.required === true)) {
    const now = hb.node.required === true ? 'required' : 'optional'
    emit(d, at, `request-body-became-${now}`, `the request body became ${now}`)
  }
  if (bb.node.description !== hb.node.description)
    emit(d, at, 'description-changed', 'request body: description changed', { key: ['description'] })
  compareContent(d, at, 'request-body', bb.node, hb.node)
}

function compareHeaders(d: Diff, at: At, status: string, b: Json, h: Json): void {
  const bh = isObject(b.headers) ? b.headers : {}
  const hh = isObject(h.headers) ? h.headers : {}
  const lower = (o: Json) => new Map(Object.keys(o).map((k) => [k.toLowerCase(), k]))
  const bn = lower(bh)
  const hn = lower(hh)
  for (const [name, bk] of bn) {
    const bx = deref(d.base, bh[bk], child(at.bp, 'headers', bk))
    const hk = hn.get(name)
    const place = { path: [...at.path, `header ${bk}`], bp: bx.pointer, hp: child(at.hp, 'headers', bk) }
    if (hk === undefined) {
      const req = bx.node.required === true
      emit(
        d,
        place,
        `${req ? 'required' : 'optional'}-response-header-removed`,
        `${req ? 'required' : 'optional'} response header ${bk} removed for status ${status}`,
      )
      continue
    }
    const hx = deref(d.head, hh[hk], child(at.hp, 'headers', hk))
    place.hp = hx.pointer
    if ((bx.node.required === true) !== (hx.node.required === true)) {
      const now = hx.node.required === true ? 'required' : 'optional'
      emit(
        d,
        place,
        `response-header-became-${now}`,
        `response header ${bk} became ${now} for status ${status}`,
      )
    }
    const schemaAt = {
      ...place,
      bp: child(bx.pointer, 'schema'),
      hp: child(hx.pointer, 'schema'),
      subject: 'response-header' as const,
      stack: new Set<string>(),
    }
    d.compare(d, schemaAt, bx.node.schema, hx.node.schema)
  }
  for (const [name, hk] of hn) {
    if (!bn.has(name))
      emit(
        d,
        { path: [...at.path, `header ${hk}`], bp: at.bp, hp: child(at.hp, 'headers', hk) },
        'response-header-added',
        `response header ${hk} added for status ${status}`,
      )
  }
}

const success = (status: string): boolean => /^2/.test(status)

/** Compares the responses of one operation in both documents. */
export function compareResponses(d: Diff, op: At, b: Json, h: Json): void {
  const br = isObject(b.responses) ? b.responses : {}
  const hr = isObject(h.responses) ? h.responses : {}
  for (const status of Object.keys(br)) {
    const bx = deref(d.base, br[status], child(op.bp, 'responses', status))
    const path = [...op.path, `response ${status}`]
    if (!(status in hr)) {
      const id = success(status) ? 'response-success-status-removed' : 'response-non-success-status-removed'
      emit(
        d,
        { path, bp: bx.pointer, hp: child(op.hp, 'responses') },
        id,
        `response status ${status} is no longer documented`,
      )
      continue
    }
    const hx = deref(d.head, hr[status], child(op.hp, 'responses', status))
    const at: At = { path, bp: bx.pointer, hp: hx.pointer }
    compareHeaders(d, at, status, bx.node, hx.node)
    compareContent(d, at, 'response-body', bx.node, hx.node)
  }
  for (const status of Object.keys(hr)) {
    if (status in br) continue
    const id = success(status) ? 'response-success-status-added' : 'response-non-success-status-added'
    emit(
      d,
      { path: [...op.path, `response ${status}`], bp: op.bp, hp: child(op.hp, 'responses', status) },
      id,
      `response status ${status} was added`,
    )
  }
}
