// Object properties: added, removed, required or optional, each judged by the side it is on.
import { child, isObject, type Resolved } from '../spec-ref.ts'
import { compareSchema } from './schema.ts'
import { below, type Diff, emit, isRequest, type SchemaAt } from './walk.ts'

const requiredOf = (r: Resolved): Set<unknown> =>
  new Set(Array.isArray(r.node.required) ? r.node.required : [])

/** Compares `properties` and `required` of two object schemas and recurses into each kept property. */
export function compareProperties(d: Diff, at: SchemaAt, base: Resolved, head: Resolved): void {
  const bp = isObject(base.node.properties) ? base.node.properties : {}
  const hp = isObject(head.node.properties) ? head.node.properties : {}
  const bReq = requiredOf(base)
  const hReq = requiredOf(head)
  const owner = head.name ?? base.name
  const label = (p: string) => (owner === undefined ? p : `${owner}.${p}`)
  const request = isRequest(at.subject)
  const place = (p: string): SchemaAt => ({
    ...at,
    subject: below(at.subject),
    path: [...at.path, label(p)],
    bp: child(at.bp, 'properties', p),
    hp: child(at.hp, 'properties', p),
  })
  for (const p of Object.keys(bp)) {
    const here = place(p)
    const name = `"${p}" (${label(p)})`
    if (!(p in hp)) {
      if (request) {
        const closed = head.node.additionalProperties === false
        const why = closed ? 'callers that send it are now refused' : 'it is now ignored'
        emit(d, here, 'request-property-removed', `request property ${name} was removed; ${why}`, {
          removed: true,
        })
      } else {
        const req = bReq.has(p)
        const msg = `${req ? 'required' : 'optional'} response property ${name} was removed (a rename is a removal plus an addition); clients reading it break`
        emit(d, here, `response-${req ? 'required' : 'optional'}-property-removed`, msg, { removed: true })
      }
      continue
    }
    compareSchema(d, here, bp[p], hp[p])
    const was = bReq.has(p)
    const now = hReq.has(p)
    if (was === now) continue
    if (request) {
      emit(
        d,
        here,
        `request-property-became-${now ? 'required' : 'optional'}`,
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
    const id = request ? `new-${kind}-request-property` : `response-${kind}-property-added`
    emit(d, here, id, `${kind} ${request ? 'request' : 'response'} property "${p}" (${label(p)}) was added`)
  }
}
