// Direction-aware comparison of two JSON Schemas (base → revision), following `$ref`s in each.
import { child, deref, isObject, type Json, type Resolved } from '../spec-ref.ts'
import { compareConstraints } from './constraints.ts'
import { compareProperties } from './properties.ts'
import { below, type Diff, emit, isRequest, type SchemaAt, show, where } from './walk.ts'

const ALL_TYPES = ['boolean', 'object', 'array', 'number', 'string']

function typesOf(schema: Json): { types: string[] | undefined; nullable: boolean } {
  const t = schema.type
  const list =
    typeof t === 'string' ? [t] : Array.isArray(t) ? t.filter((x) => typeof x === 'string') : undefined
  const nullable = list === undefined ? false : list.includes('null')
  return { types: list?.filter((x) => x !== 'null'), nullable }
}

const accepts = (types: string[] | undefined, t: string): boolean =>
  types === undefined || types.includes(t) || (t === 'integer' && types.includes('number'))

function compareTypes(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const bt = typesOf(b)
  const ht = typesOf(h)
  const s = at.subject
  if (bt.nullable !== ht.nullable && (bt.types !== undefined || ht.types !== undefined)) {
    const msg = `${where(at)}: ${ht.nullable ? 'may now be null' : 'may no longer be null'}`
    emit(d, at, `${s}-became-${ht.nullable ? '' : 'not-'}nullable`, msg)
  }
  const removed = (bt.types ?? ALL_TYPES).filter((t) => !accepts(ht.types, t))
  const added = (ht.types ?? ALL_TYPES).filter((t) => !accepts(bt.types, t))
  if (removed.length === 0 && added.length === 0) return
  const label = (x: string[] | undefined) => (x === undefined ? 'any' : x.join('|'))
  const msg = `${where(at)}: type changed from ${label(bt.types)} to ${label(ht.types)}`
  const suffix =
    removed.length > 0 && added.length > 0 ? 'changed' : added.length > 0 ? 'generalized' : 'specialized'
  emit(d, at, `${s}-type-${suffix}`, msg)
}

function enumOf(schema: Json): string[] | undefined {
  if (Array.isArray(schema.enum)) return schema.enum.map((v) => JSON.stringify(v))
  if ('const' in schema) return [JSON.stringify(schema.const)]
  return undefined
}

function compareVarnames(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const names = (x: Json) => (Array.isArray(x['x-enum-varnames']) ? x['x-enum-varnames'].map(String) : [])
  const bn = names(b)
  const hn = names(h)
  const gone = bn.filter((n) => !hn.includes(n))
  const added = hn.filter((n) => !bn.includes(n))
  if (gone.length > 0) {
    const msg = `${where(at)}: x-enum-varnames ${gone.join(', ')} removed or renamed; code using the generated names breaks`
    emit(d, at, `${at.subject}-enum-varname-removed`, msg)
  }
  if (added.length > 0)
    emit(d, at, `${at.subject}-enum-varname-added`, `${where(at)}: x-enum-varnames ${added.join(', ')} added`)
}

function compareEnums(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const s = at.subject
  compareVarnames(d, at, b, h)
  const bx = b['x-extensible-enum'] === true
  const hx = h['x-extensible-enum'] === true
  if (bx !== hx) {
    const msg = hx
      ? `${where(at)}: enum marked x-extensible-enum — clients must accept values not listed`
      : `${where(at)}: x-extensible-enum mark removed`
    emit(d, at, `${s}-became-${hx ? '' : 'not-'}extensible-enum`, msg)
  }
  const be = enumOf(b)
  const he = enumOf(h)
  if (be === undefined && he === undefined) return
  if (be === undefined || he === undefined) {
    const msg = he
      ? `${where(at)}: now restricted to ${he.join(', ')}`
      : `${where(at)}: no longer restricted to ${be?.join(', ')}`
    emit(d, at, `${s}-became-${he ? '' : 'not-'}enum`, msg)
    return
  }
  const removed = be.filter((v) => !he.includes(v))
  const added = he.filter((v) => !be.includes(v))
  if (removed.length > 0)
    emit(d, at, `${s}-enum-value-removed`, `${where(at)}: enum value(s) ${removed.join(', ')} removed`)
  if (added.length > 0) {
    const open = hx && !isRequest(s)
    const why = open ? ' (x-extensible-enum: clients already expect unknown values)' : ''
    emit(
      d,
      at,
      `${s}-${open ? 'x-extensible-' : ''}enum-value-added`,
      `${where(at)}: enum value(s) ${added.join(', ')} added${why}`,
    )
  }
}

/** `x-joinlink-*` extensions that decide what a public caller sees. */
const PRIVACY_MARK = /^x-joinlink-(secret|priva|personal|public)/

function compareMarks(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const s = at.subject
  const bs = b['x-joinlink-secret'] === true
  const hs = h['x-joinlink-secret'] === true
  if (bs !== hs) {
    const msg = hs
      ? `${where(at)} is now marked x-joinlink-secret: public callers will receive it empty`
      : `${where(at)} is no longer marked x-joinlink-secret: the public profile would hand it to every attendee`
    emit(d, at, `${s}-secret-mark-${hs ? 'added' : 'removed'}`, msg)
  }
  const keys = new Set([...Object.keys(b), ...Object.keys(h)].filter((k) => k.startsWith('x-joinlink-')))
  keys.delete('x-joinlink-secret')
  for (const key of keys) {
    if (JSON.stringify(b[key]) === JSON.stringify(h[key])) continue
    // Marks that decide what the public profile shows are security-relevant; other facts
    // (message templates, limits) are documentation of the same wire.
    const rule = PRIVACY_MARK.test(key) ? 'privacy-mark-changed' : 'extension-changed'
    emit(d, at, `${s}-${rule}`, `${where(at)}: ${key} changed from ${show(b[key])} to ${show(h[key])}`)
  }
}

function variantKey(doc: unknown, value: unknown, index: number): string {
  const r = deref(doc, value)
  return r.ref ?? `#${index}`
}

function compareVariants(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  for (const [key, stem] of [
    ['oneOf', 'one-of'],
    ['anyOf', 'any-of'],
    ['allOf', 'all-of'],
  ] as const) {
    const bl = Array.isArray(b[key]) ? (b[key] as unknown[]) : []
    const hl = Array.isArray(h[key]) ? (h[key] as unknown[]) : []
    const bk = bl.map((v, i) => variantKey(d.base, v, i))
    const hk = hl.map((v, i) => variantKey(d.head, v, i))
    bk.forEach((k, i) => {
      const j = hk.indexOf(k)
      const place = {
        ...at,
        path: [...at.path, `${key}[${i}]`],
        bp: child(at.bp, key, i),
        hp: child(at.hp, key, j),
      }
      if (j === -1)
        emit(d, place, `${at.subject}-${stem}-removed`, `${where(at)}: ${k} removed from ${key}`, {
          removed: true,
        })
      else compareSchema(d, place, bl[i], hl[j])
    })
    hk.forEach((k, j) => {
      if (bk.includes(k)) return
      const place = { ...at, path: [...at.path, `${key}[${j}]`], hp: child(at.hp, key, j) }
      emit(d, place, `${at.subject}-${stem}-added`, `${where(at)}: ${k} added to ${key}`)
    })
  }
}

function compareDiscriminator(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const s = at.subject
  const bd = isObject(b.discriminator) ? b.discriminator : undefined
  const hd = isObject(h.discriminator) ? h.discriminator : undefined
  if (bd === undefined && hd === undefined) return
  if (bd === undefined || hd === undefined) {
    const msg = `${where(at)}: discriminator ${hd ? 'added' : 'removed'}`
    emit(d, at, `${s}-discriminator-${hd ? 'added' : 'removed'}`, msg, { removed: hd === undefined })
    return
  }
  if (bd.propertyName !== hd.propertyName) {
    const msg = `${where(at)}: discriminator property changed from ${show(bd.propertyName)} to ${show(hd.propertyName)}`
    emit(d, at, `${s}-discriminator-property-name-changed`, msg)
  }
  const bm = isObject(bd.mapping) ? bd.mapping : {}
  const hm = isObject(hd.mapping) ? hd.mapping : {}
  for (const k of Object.keys(bm)) {
    if (!(k in hm))
      emit(d, at, `${s}-discriminator-mapping-deleted`, `${where(at)}: discriminator key ${k} removed`, {
        removed: true,
      })
    else if (bm[k] !== hm[k])
      emit(
        d,
        at,
        `${s}-discriminator-mapping-changed`,
        `${where(at)}: discriminator key ${k} now maps to ${show(hm[k])}`,
      )
  }
  for (const k of Object.keys(hm)) {
    if (!(k in bm))
      emit(d, at, `${s}-discriminator-mapping-added`, `${where(at)}: discriminator key ${k} added`)
  }
}

function compareAnnotations(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const s = at.subject
  if (JSON.stringify(b.default) !== JSON.stringify(h.default)) {
    const suffix = b.default === undefined ? 'added' : h.default === undefined ? 'removed' : 'changed'
    emit(
      d,
      at,
      `${s}-default-value-${suffix}`,
      `${where(at)}: default changed from ${show(b.default)} to ${show(h.default)}`,
    )
  }
  if ((b.deprecated === true) !== (h.deprecated === true)) {
    emit(
      d,
      at,
      `${s}-${h.deprecated === true ? 'deprecated' : 'reactivated'}`,
      `${where(at)}: ${h.deprecated === true ? 'deprecated' : 'no longer deprecated'}`,
    )
  }
  const docs = (x: Json) => JSON.stringify([x.description, x.title, x['x-enum-descriptions']])
  if (docs(b) !== docs(h)) emit(d, at, 'description-changed', `${where(at)}: description changed`)
}

function compareNested(d: Diff, at: SchemaAt, base: Resolved, head: Resolved): void {
  const b = base.node
  const h = head.node
  if (b.items !== undefined || h.items !== undefined) {
    const last = at.path.at(-1) ?? ''
    const place = {
      ...at,
      path: [...at.path.slice(0, -1), `${last}[]`],
      bp: child(at.bp, 'items'),
      hp: child(at.hp, 'items'),
    }
    compareSchema(d, place, b.items, h.items)
  }
  const bx = b.additionalProperties
  const hx = h.additionalProperties
  if ((bx === false) !== (hx === false)) {
    const msg = `${where(at)}: unknown properties are now ${hx === false ? 'refused' : 'allowed'}`
    emit(d, at, `${at.subject}-additional-properties-${hx === false ? 'closed' : 'opened'}`, msg)
  }
  if (isObject(bx) && isObject(hx)) {
    const place = {
      ...at,
      path: [...at.path, '{*}'],
      bp: child(at.bp, 'additionalProperties'),
      hp: child(at.hp, 'additionalProperties'),
    }
    compareSchema(d, { ...place, subject: below(at.subject) }, bx, hx)
  }
}

/**
 * The spec's extensible-enum form — `x-extensible-enum: true` with `anyOf: [{type, enum}, {type}]`
 * (either branch may also carry `format` and descriptions)
 * (the known values, then any value of the same type) — read as the enum it documents, so that
 * making an enum extensible is the one `became-extensible-enum` change, not a composition change.
 */
function asEnum(node: Json): Json {
  if (node['x-extensible-enum'] !== true || !Array.isArray(node.anyOf) || node.anyOf.length !== 2) return node
  const [known, open] = node.anyOf as unknown[]
  const isObject = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x)
  if (!isObject(known) || !isObject(open) || !Array.isArray(known.enum)) return node
  if ('enum' in open || 'const' in open || open.type !== known.type) return node
  const { anyOf: _variants, ...rest } = node
  return { ...known, ...rest, enum: known.enum }
}

/** Compares one schema pair and everything below it, appending to `d.out`. */
export function compareSchema(d: Diff, at: SchemaAt, baseValue: unknown, headValue: unknown): void {
  const base = deref(d.base, baseValue, at.bp)
  const head = deref(d.head, headValue, at.hp)
  const key = `${base.ref ?? '·'}→${head.ref ?? '·'}`
  if (base.ref !== undefined && head.ref !== undefined) {
    if (at.stack.has(key)) return
    at.stack.add(key)
  }
  const here: SchemaAt = { ...at, bp: base.pointer, hp: head.pointer }
  const [b, h] = [asEnum(base.node), asEnum(head.node)]
  compareAnnotations(d, here, b, h)
  compareMarks(d, here, b, h)
  compareTypes(d, here, b, h)
  compareEnums(d, here, b, h)
  compareConstraints(d, here, b, h)
  compareProperties(d, here, base, head)
  compareVariants(d, here, b, h)
  compareDiscriminator(d, here, b, h)
  compareNested(d, here, base, head)
  at.stack.delete(key)
}
