// Composition: oneOf/anyOf/allOf members (matched by $ref, then by content, then by position, and
// compared at any depth), a schema wrapped into a new oneOf, `not` (levels reversed below it),
// if/then/else, and the discriminator.
import { deref, isObject, type Json } from '../spec-ref.ts'
import type { Schema } from './normalize.ts'
import { type Diff, emit, keyed, type SchemaAt, show, under, where } from './walk.ts'

const VARIANTS = [
  ['oneOf', 'one-of'],
  ['anyOf', 'any-of'],
  ['allOf', 'all-of'],
] as const

/** A member's identity: its `$ref`, else its content. */
function identity(doc: unknown, value: unknown): string {
  const r = deref(doc, value)
  return r.ref ?? JSON.stringify(value)
}

const named = (doc: unknown, value: unknown, i: number): string => deref(doc, value).ref ?? `#${i}`

/** Pairs base and head members: same identity first, then unmatched inline members in order. */
function pairMembers(
  d: Diff,
  bl: unknown[],
  hl: unknown[],
): { pairs: [number, number][]; gone: number[]; added: number[] } {
  const bk = bl.map((v) => identity(d.base, v))
  const hk = hl.map((v) => identity(d.head, v))
  const pairs: [number, number][] = []
  const usedH = new Set<number>()
  bk.forEach((k, i) => {
    const j = hk.findIndex((x, jj) => x === k && !usedH.has(jj))
    if (j !== -1) {
      pairs.push([i, j])
      usedH.add(j)
    }
  })
  const paired = new Set(pairs.map(([i]) => i))
  const isRef = (doc: unknown, v: unknown) => deref(doc, v).ref !== undefined
  const restB = bl.map((_, i) => i).filter((i) => !paired.has(i) && !isRef(d.base, bl[i]))
  const restH = hl.map((_, j) => j).filter((j) => !usedH.has(j) && !isRef(d.head, hl[j]))
  for (let n = 0; n < Math.min(restB.length, restH.length); n++) {
    pairs.push([restB[n] as number, restH[n] as number])
    paired.add(restB[n] as number)
    usedH.add(restH[n] as number)
  }
  return {
    pairs,
    gone: bl.map((_, i) => i).filter((i) => !paired.has(i)),
    added: hl.map((_, j) => j).filter((j) => !usedH.has(j)),
  }
}

function compareVariants(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  for (const [key, stem] of VARIANTS) {
    const bl = Array.isArray(b[key]) ? (b[key] as unknown[]) : []
    const hl = Array.isArray(h[key]) ? (h[key] as unknown[]) : []
    if (bl.length === 0 && hl.length === 0) continue
    const { pairs, gone, added } = pairMembers(d, bl, hl)
    // A member's place: its index in each document (only the kept side for an added or removed one).
    const member = (i: number | undefined, j: number | undefined): SchemaAt => ({
      ...under(at, `${key}[${j ?? i}]`, key),
      bp: keyed(at.bp, at.bsrc, i === undefined ? [key] : [key, i]),
      hp: keyed(at.hp, at.hsrc, j === undefined ? [key] : [key, j]),
    })
    for (const [i, j] of pairs) d.compare(d, member(i, j), bl[i], hl[j])
    for (const i of gone)
      emit(
        d,
        member(i, undefined),
        `${at.subject}-${stem}-removed`,
        `${where(at)}: ${named(d.base, bl[i], i)} removed from ${key}`,
      )
    for (const j of added)
      emit(
        d,
        member(undefined, j),
        `${at.subject}-${stem}-added`,
        `${where(at)}: ${named(d.head, hl[j], j)} added to ${key}`,
      )
  }
}

/**
 * A schema with properties that became `oneOf` alternatives (oasdiff's "wrapped in oneOf"): one
 * change, then the old schema is compared with the alternative closest to it. True when it applies.
 */
export function compareWrapping(d: Diff, at: SchemaAt, base: Schema, head: Schema): boolean {
  const b = base.node
  const h = head.node
  if (!isObject(b.properties) || b.oneOf !== undefined || h.properties !== undefined) return false
  if (!Array.isArray(h.oneOf) || h.oneOf.length === 0) return false
  const names = Object.keys(b.properties)
  const overlap = (v: unknown) => {
    const p = deref(d.head, v).node.properties
    return isObject(p) ? names.filter((n) => n in p).length : 0
  }
  const scores = h.oneOf.map(overlap)
  const best = scores.indexOf(Math.max(...scores))
  emit(
    d,
    at,
    `${at.subject}-wrapped-in-one-of`,
    `${where(at)}: became one alternative of a oneOf with ${h.oneOf.length} members`,
    {
      key: ['oneOf'],
    },
  )
  const place = under(at, `oneOf[${best}]`, 'oneOf', best)
  d.compare(d, { ...place, bp: at.bp }, b, h.oneOf[best])
  return true
}

/** `if`/`then`/`else`, `not`: each may appear or go; when on both sides, it is compared (`not` reversed). */
function compareConditionals(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  for (const [key, stem] of [
    ['not', 'not'],
    ['if', 'if'],
    ['then', 'then'],
    ['else', 'else'],
  ] as const) {
    const inB = b[key] !== undefined
    const inH = h[key] !== undefined
    if (!inB && !inH) continue
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
      continue
    }
    const place = under(at, key, key)
    d.compare(d, key === 'not' ? { ...place, negated: at.negated !== true } : place, b[key], h[key])
  }
}

function compareDiscriminator(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const s = at.subject
  const bd = isObject(b.discriminator) ? b.discriminator : undefined
  const hd = isObject(h.discriminator) ? h.discriminator : undefined
  if (bd === undefined && hd === undefined) return
  const key = ['discriminator']
  if (bd === undefined || hd === undefined) {
    emit(
      d,
      at,
      `${s}-discriminator-${hd ? 'added' : 'removed'}`,
      `${where(at)}: discriminator ${hd ? 'added' : 'removed'}`,
      { key },
    )
    return
  }
  if (bd.propertyName !== hd.propertyName) {
    const msg = `${where(at)}: discriminator property changed from ${show(bd.propertyName)} to ${show(hd.propertyName)}`
    emit(d, at, `${s}-discriminator-property-name-changed`, msg, { key: ['discriminator', 'propertyName'] })
  }
  const bm = isObject(bd.mapping) ? bd.mapping : {}
  const hm = isObject(hd.mapping) ? hd.mapping : {}
  const mapKey = (k: string) => ({ key: ['discriminator', 'mapping', k] })
  for (const k of Object.keys(bm)) {
    if (!(k in hm))
      emit(
        d,
        at,
        `${s}-discriminator-mapping-deleted`,
        `${where(at)}: discriminator key ${k} removed`,
        mapKey(k),
      )
    else if (bm[k] !== hm[k])
      emit(
        d,
        at,
        `${s}-discriminator-mapping-changed`,
        `${where(at)}: discriminator key ${k} now maps to ${show(hm[k])}`,
        mapKey(k),
      )
  }
  for (const k of Object.keys(hm)) {
    if (!(k in bm))
      emit(d, at, `${s}-discriminator-mapping-added`, `${where(at)}: discriminator key ${k} added`, mapKey(k))
  }
}

/** Compares the composition keywords of two resolved schemas. */
export function compareComposition(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  compareVariants(d, at, b, h)
  compareConditionals(d, at, b, h)
  compareDiscriminator(d, at, b, h)
}
