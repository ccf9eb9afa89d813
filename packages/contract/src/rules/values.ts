// What values a schema admits: its types (and null), its enum or const, extensible enums and the
// generated names of enum values.
import type { Json } from '../spec-ref.ts'
import type { Schema } from './normalize.ts'
import { type Diff, emit, type SchemaAt, show, where } from './walk.ts'

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

function compareTypes(d: Diff, at: SchemaAt, base: Schema, head: Schema): void {
  const bt = typesOf(base.node)
  const ht = typesOf(head.node)
  const s = at.subject
  if (bt.nullable !== ht.nullable && (bt.types !== undefined || ht.types !== undefined)) {
    const msg = `${where(at)}: ${ht.nullable ? 'may now be null' : 'may no longer be null'}`
    emit(d, at, `${s}-became-${ht.nullable ? '' : 'not-'}nullable`, msg, { key: ['type'] })
  }
  const removed = (bt.types ?? ALL_TYPES).filter((t) => !accepts(ht.types, t))
  const added = (ht.types ?? ALL_TYPES).filter((t) => !accepts(bt.types, t))
  if (removed.length === 0 && added.length === 0) return
  const label = (x: string[] | undefined) => (x === undefined ? 'any' : x.join('|'))
  const msg = `${where(at)}: type changed from ${label(bt.types)} to ${label(ht.types)}`
  // oasdiff's "list of types": an anyOf/oneOf of single types on either side.
  if ((base.typeList || head.typeList) && bt.types !== undefined && ht.types !== undefined) {
    if (removed.length > 0) emit(d, at, `${s}-list-of-types-narrowed`, msg, { key: ['type'] })
    if (added.length > 0) emit(d, at, `${s}-list-of-types-widened`, msg, { key: ['type'] })
    return
  }
  const suffix =
    removed.length > 0 && added.length > 0 ? 'changed' : added.length > 0 ? 'generalized' : 'specialized'
  emit(d, at, `${s}-type-${suffix}`, msg, { key: ['type'] })
}

const values = (list: unknown[]): string[] => list.map((v) => JSON.stringify(v))

function compareVarnames(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const names = (x: Json) => (Array.isArray(x['x-enum-varnames']) ? x['x-enum-varnames'].map(String) : [])
  const bn = names(b)
  const hn = names(h)
  const gone = bn.filter((n) => !hn.includes(n))
  const added = hn.filter((n) => !bn.includes(n))
  if (gone.length > 0) {
    const msg = `${where(at)}: x-enum-varnames ${gone.join(', ')} removed or renamed; code using the generated names breaks`
    emit(d, at, `${at.subject}-enum-varname-removed`, msg, { key: ['x-enum-varnames'] })
  }
  if (added.length > 0)
    emit(
      d,
      at,
      `${at.subject}-enum-varname-added`,
      `${where(at)}: x-enum-varnames ${added.join(', ')} added`,
      {
        key: ['x-enum-varnames', hn.indexOf(added[0] as string)],
      },
    )
}

/** The values an enum lists, and whether clients must expect others (`x-extensible-enum`). */
function enumOf(x: Json): { list?: string[]; open: boolean; key: string } {
  // Zalando's form: `x-extensible-enum: [values]` lists the known values of an open set.
  if (Array.isArray(x['x-extensible-enum']))
    return { list: values(x['x-extensible-enum']), open: true, key: 'x-extensible-enum' }
  const open = x['x-extensible-enum'] === true
  return Array.isArray(x.enum) ? { list: values(x.enum), open, key: 'enum' } : { open, key: 'enum' }
}

function compareEnums(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const s = at.subject
  compareVarnames(d, at, b, h)
  const be = enumOf(b)
  const he = enumOf(h)
  if (b['x-extensible-enum'] === true || h['x-extensible-enum'] === true) {
    if (be.open !== he.open) {
      const msg = he.open
        ? `${where(at)}: enum marked x-extensible-enum — clients must accept values not listed`
        : `${where(at)}: x-extensible-enum mark removed`
      emit(d, at, `${s}-became-${he.open ? '' : 'not-'}extensible-enum`, msg, { key: ['x-extensible-enum'] })
    }
  }
  if (be.list === undefined && he.list === undefined) {
    compareConst(d, at, b, h)
    return
  }
  if (be.list === undefined || he.list === undefined) {
    const msg = he.list
      ? `${where(at)}: now restricted to ${show(he.list.join(', '))}`
      : `${where(at)}: no longer restricted to ${show(be.list?.join(', '))}`
    emit(d, at, `${s}-became-${he.list ? '' : 'not-'}enum`, msg, { key: [he.key] })
    return
  }
  const removed = be.list.filter((v) => !he.list?.includes(v))
  const added = he.list.filter((v) => !be.list?.includes(v))
  if (removed.length > 0) {
    const id = be.open && he.open ? `${s}-x-extensible-enum-value-removed` : `${s}-enum-value-removed`
    emit(d, at, id, `${where(at)}: enum value(s) ${removed.join(', ')} removed`, { key: [he.key] })
  }
  if (added.length > 0) {
    const extensible = he.open
    const why = extensible ? ' (extensible: clients already expect unknown values)' : ''
    emit(
      d,
      at,
      `${s}-${extensible ? 'x-extensible-' : ''}enum-value-added`,
      `${where(at)}: enum value(s) ${added.join(', ')} added${why}`,
      { key: [he.key, he.list.indexOf(added[0] as string)] },
    )
  }
}

function compareConst(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const bc = 'const' in b
  const hc = 'const' in h
  if (!bc && !hc) return
  if (bc && hc && JSON.stringify(b.const) === JSON.stringify(h.const)) return
  const suffix = !bc ? 'added' : !hc ? 'removed' : 'changed'
  const msg = `${where(at)}: const changed from ${show(b.const)} to ${show(h.const)}`
  emit(d, at, `${at.subject}-const-${suffix}`, msg, { key: ['const'] })
}

/** Compares the types, nullability, enums and consts of two resolved schemas. */
export function compareValues(d: Diff, at: SchemaAt, base: Schema, head: Schema): void {
  compareTypes(d, at, base, head)
  compareEnums(d, at, base.node, head.node)
}
