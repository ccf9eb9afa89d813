// Sub-schemas other than properties and compositions: items, prefixItems, contains,
// additionalProperties, patternProperties, propertyNames, dependentSchemas, unevaluatedItems and
// unevaluatedProperties, contentSchema. Each may appear or go (a rule of its own); when on both
// sides it is compared at any depth through `d.compare`.
import { isObject, type Json } from '../spec-ref.ts'
import { below, type Diff, emit, keyed, type SchemaAt, under, where } from './walk.ts'

const present = (x: unknown): boolean => x !== undefined

/** A keyword holding one schema, with an added/removed rule of its own. */
function single(d: Diff, at: SchemaAt, b: Json, h: Json, key: string, stem: string, label: string): void {
  const inB = present(b[key])
  const inH = present(h[key])
  if (!inB && !inH) return
  if (inB !== inH) {
    emit(
      d,
      at,
      `${at.subject}-${stem}-${inH ? 'added' : 'removed'}`,
      `${where(at)}: \`${key}\` ${inH ? 'added' : 'removed'}`,
      {
        key: [key],
      },
    )
    return
  }
  if (isObject(b[key]) && isObject(h[key])) d.compare(d, under(at, label, key), b[key], h[key])
  else if (JSON.stringify(b[key]) !== JSON.stringify(h[key])) {
    // `false` refuses everything the keyword governs: stricter than any schema.
    const stricter = h[key] === false
    emit(
      d,
      at,
      `${at.subject}-${stem}-${stricter ? 'added' : 'removed'}`,
      `${where(at)}: \`${key}\` is now ${JSON.stringify(h[key])}`,
      {
        key: [key],
      },
    )
  }
}

/** A keyword holding a map of schemas (patternProperties, dependentSchemas). */
function mapOf(d: Diff, at: SchemaAt, b: Json, h: Json, key: string, stem: string): void {
  const bm = isObject(b[key]) ? b[key] : {}
  const hm = isObject(h[key]) ? h[key] : {}
  const sub = below(at.subject)
  for (const k of Object.keys(bm)) {
    if (k in hm) d.compare(d, { ...under(at, `{${k}}`, key, k), subject: sub }, bm[k], hm[k])
    else emit(d, at, `${at.subject}-${stem}-removed`, `${where(at)}: ${key} "${k}" removed`, { key: [key] })
  }
  for (const k of Object.keys(hm))
    if (!(k in bm))
      emit(d, at, `${at.subject}-${stem}-added`, `${where(at)}: ${key} "${k}" added`, { key: [key, k] })
}

function prefixItems(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const bl = Array.isArray(b.prefixItems) ? b.prefixItems : undefined
  const hl = Array.isArray(h.prefixItems) ? h.prefixItems : undefined
  if (bl === undefined && hl === undefined) return
  const s = at.subject
  const longer = Math.max(bl?.length ?? 0, hl?.length ?? 0)
  for (let i = 0; i < longer; i++) {
    const inB = bl !== undefined && i < bl.length
    const inH = hl !== undefined && i < hl.length
    if (inB && inH) {
      d.compare(d, under(at, `[${i}]`, 'prefixItems', i), bl[i], hl[i])
      continue
    }
    const what = `${where(at)}: prefixItems position ${i} ${inH ? 'added' : 'removed'}`
    emit(d, at, `${s}-prefix-items-${inH ? 'added' : 'removed'}`, what, {
      key: inH ? ['prefixItems', i] : ['prefixItems'],
    })
  }
}

/** Compares every sub-schema keyword of two resolved schemas. */
export function compareSubschemas(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  if (b.items !== undefined || h.items !== undefined) d.compare(d, under(at, '[]', 'items'), b.items, h.items)
  prefixItems(d, at, b, h)
  single(d, at, b, h, 'contains', 'contains', '[contains]')
  const bx = b.additionalProperties
  const hx = h.additionalProperties
  if ((isObject(bx) || isObject(hx)) && bx !== false && hx !== false) {
    const place = { ...under(at, '{*}', 'additionalProperties'), subject: below(at.subject) }
    d.compare(d, { ...place, bp: keyed(at.bp, at.bsrc, ['additionalProperties']) }, bx, hx)
  }
  mapOf(d, at, b, h, 'patternProperties', 'pattern-property')
  single(d, at, b, h, 'propertyNames', 'property-names', '{names}')
  mapOf(d, at, b, h, 'dependentSchemas', 'dependent-schema')
  single(d, at, b, h, 'unevaluatedItems', 'unevaluated-items', '[unevaluated]')
  single(d, at, b, h, 'unevaluatedProperties', 'unevaluated-properties', '{unevaluated}')
  single(d, at, b, h, 'contentSchema', 'content-schema', '{content}')
}
