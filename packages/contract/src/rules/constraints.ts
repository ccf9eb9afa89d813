// Schema constraints: bounds, lengths, item counts, pattern, format, multipleOf, uniqueItems.
import type { Json } from '../spec-ref.ts'
import { type Diff, emit, type SchemaAt, show, where } from './walk.ts'

// [keyword, rule stem]; whether tightening is a decrease or an increase is the catalog's business.
const BOUNDS: [string, string][] = [
  ['maximum', 'max'],
  ['exclusiveMaximum', 'exclusive-max'],
  ['maxLength', 'max-length'],
  ['maxItems', 'max-items'],
  ['maxProperties', 'max-properties'],
  ['minimum', 'min'],
  ['exclusiveMinimum', 'exclusive-min'],
  ['minLength', 'min-length'],
  ['minItems', 'min-items'],
  ['minProperties', 'min-properties'],
]

const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined)

function bounds(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  for (const [key, stem] of BOUNDS) {
    const from = num(b[key])
    const to = num(h[key])
    if (from === to) continue
    let suffix: string
    if (from === undefined) suffix = 'set'
    else if (to === undefined) suffix = 'unset'
    else suffix = to < from ? 'decreased' : 'increased'
    emit(
      d,
      at,
      `${at.subject}-${stem}-${suffix}`,
      `${where(at)}: ${key} changed from ${show(from)} to ${show(to)}`,
    )
  }
}

function addedRemovedChanged(d: Diff, at: SchemaAt, key: string, stem: string, b: Json, h: Json): void {
  const from = b[key]
  const to = h[key]
  if (JSON.stringify(from) === JSON.stringify(to)) return
  const suffix = from === undefined ? 'added' : to === undefined ? 'removed' : 'changed'
  emit(
    d,
    at,
    `${at.subject}-${stem}-${suffix}`,
    `${where(at)}: ${key} changed from ${show(from)} to ${show(to)}`,
  )
}

/** Compares the constraint keywords of two schemas (already dereferenced). */
export function compareConstraints(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  bounds(d, at, b, h)
  addedRemovedChanged(d, at, 'pattern', 'pattern', b, h)
  addedRemovedChanged(d, at, 'format', 'format', b, h)
  if (JSON.stringify(b.multipleOf) !== JSON.stringify(h.multipleOf)) {
    const msg = `${where(at)}: multipleOf changed from ${show(b.multipleOf)} to ${show(h.multipleOf)}`
    emit(d, at, `${at.subject}-multiple-of-changed`, msg)
  }
  const bu = b.uniqueItems === true
  const hu = h.uniqueItems === true
  if (bu !== hu) {
    const msg = `${where(at)}: items ${hu ? 'must now be unique' : 'may now repeat'}`
    emit(d, at, `${at.subject}-unique-items-${hu ? 'set' : 'unset'}`, msg)
  }
}
