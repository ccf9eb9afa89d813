// Schema constraints: bounds, lengths, item and `contains` counts, pattern, format, multipleOf,
// uniqueItems, contentMediaType and contentEncoding.
import type { Json } from '../spec-ref.ts'
import { type Diff, emit, type SchemaAt, show, where } from './walk.ts'

// [keyword, rule stem]; whether tightening is a decrease or an increase is the catalog's business.
const BOUNDS: [string, string][] = [
  ['maximum', 'max'],
  ['exclusiveMaximum', 'exclusive-max'],
  ['maxLength', 'max-length'],
  ['maxItems', 'max-items'],
  ['maxProperties', 'max-properties'],
  ['maxContains', 'max-contains'],
  ['minimum', 'min'],
  ['exclusiveMinimum', 'exclusive-min'],
  ['minLength', 'min-length'],
  ['minItems', 'min-items'],
  ['minProperties', 'min-properties'],
  ['minContains', 'min-contains'],
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
      {
        key: [key],
      },
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
    {
      key: [key],
    },
  )
}

function changed(d: Diff, at: SchemaAt, key: string, stem: string, b: Json, h: Json): void {
  if (JSON.stringify(b[key]) === JSON.stringify(h[key])) return
  emit(
    d,
    at,
    `${at.subject}-${stem}-changed`,
    `${where(at)}: ${key} changed from ${show(b[key])} to ${show(h[key])}`,
    {
      key: [key],
    },
  )
}

/** Compares the constraint keywords of two schemas (already resolved). */
export function compareConstraints(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  bounds(d, at, b, h)
  addedRemovedChanged(d, at, 'pattern', 'pattern', b, h)
  addedRemovedChanged(d, at, 'format', 'format', b, h)
  changed(d, at, 'multipleOf', 'multiple-of', b, h)
  changed(d, at, 'contentMediaType', 'content-media-type', b, h)
  changed(d, at, 'contentEncoding', 'content-encoding', b, h)
  const bu = b.uniqueItems === true
  const hu = h.uniqueItems === true
  if (bu !== hu) {
    const msg = `${where(at)}: items ${hu ? 'must now be unique' : 'may now repeat'}`
    emit(d, at, `${at.subject}-unique-items-${hu ? 'set' : 'unset'}`, msg, { key: ['uniqueItems'] })
  }
}
