// What a schema says about itself: default, deprecation (and its sunset date), descriptions, and the
// `x-joinlink-*` marks that decide what the public profile shows.
import type { Json } from '../spec-ref.ts'
import { type Diff, emit, type SchemaAt, show, where } from './walk.ts'

/** `x-joinlink-*` extensions that decide what a public caller sees. */
const PRIVACY_MARK = /^x-joinlink-(secret|priva|personal|public)/

/** Compares the privacy marks and other `x-joinlink-*` facts of two schemas. */
export function compareMarks(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const s = at.subject
  const bs = b['x-joinlink-secret'] === true
  const hs = h['x-joinlink-secret'] === true
  if (bs !== hs) {
    const msg = hs
      ? `${where(at)} is now marked x-joinlink-secret: public callers will receive it empty`
      : `${where(at)} is no longer marked x-joinlink-secret: the public profile would hand it to every attendee`
    emit(d, at, `${s}-secret-mark-${hs ? 'added' : 'removed'}`, msg, { key: ['x-joinlink-secret'] })
  }
  const keys = new Set([...Object.keys(b), ...Object.keys(h)].filter((k) => k.startsWith('x-joinlink-')))
  keys.delete('x-joinlink-secret')
  for (const key of keys) {
    const before = b[key]
    const after = h[key]
    if (JSON.stringify(before) === JSON.stringify(after)) continue
    // Marks that decide what the public profile shows are security-relevant; other facts
    // (message templates, limits) are documentation of the same wire.
    const rule = PRIVACY_MARK.test(key) ? 'privacy-mark-changed' : 'extension-changed'
    emit(d, at, `${s}-${rule}`, `${where(at)}: ${key} ${changeOf(before, after)}`, { key: [key] })
  }
}

/**
 * How a value changed, without printing long values whole: for lists, the items added and removed
 * (or the positions that changed); otherwise both values, each cut short.
 */
export function changeOf(before: unknown, after: unknown): string {
  if (before === undefined) return `added (${show(after)})`
  if (after === undefined) return `removed (was ${show(before)})`
  if (Array.isArray(before) && Array.isArray(after)) {
    const b = before.map((x) => JSON.stringify(x))
    const a = after.map((x) => JSON.stringify(x))
    const added = a.filter((x) => !b.includes(x))
    const removed = b.filter((x) => !a.includes(x))
    const parts = [
      added.length > 0
        ? `${added.length} added (${show(JSON.parse(added[0] as string))}${added.length > 1 ? ', …' : ''})`
        : '',
      removed.length > 0
        ? `${removed.length} removed (${show(JSON.parse(removed[0] as string))}${removed.length > 1 ? ', …' : ''})`
        : '',
    ].filter(Boolean)
    if (parts.length > 0) return `changed: ${parts.join(', ')}`
    return 'reordered'
  }
  return `changed from ${show(before)} to ${show(after)}`
}

function sunsetOf(node: Json): { text?: string; time?: number } {
  const raw = node['x-sunset']
  if (raw === undefined) return {}
  const text = raw instanceof Date ? raw.toISOString().slice(0, 10) : String(raw)
  const time = Date.parse(text)
  return { text, ...(Number.isNaN(time) ? {} : { time }) }
}

/** Compares default, deprecation and documentation of two schemas. */
export function compareAnnotations(d: Diff, at: SchemaAt, b: Json, h: Json): void {
  const s = at.subject
  if (JSON.stringify(b.default) !== JSON.stringify(h.default)) {
    const suffix = b.default === undefined ? 'added' : h.default === undefined ? 'removed' : 'changed'
    emit(d, at, `${s}-default-value-${suffix}`, `${where(at)}: default ${changeOf(b.default, h.default)}`, {
      key: ['default'],
    })
  }
  if ((b.deprecated === true) !== (h.deprecated === true)) {
    const now = h.deprecated === true
    const sunset = sunsetOf(h).text
    const id = now
      ? sunset === undefined
        ? `${s}-deprecated`
        : `${s}-deprecated-with-sunset`
      : `${s}-reactivated`
    const msg = now
      ? `deprecated${sunset === undefined ? '' : ` (sunset ${sunset})`}`
      : 'no longer deprecated'
    emit(d, at, id, `${where(at)}: ${msg}`, { key: ['deprecated'] })
  }
  const key =
    b.description !== h.description
      ? 'description'
      : b.title !== h.title
        ? 'title'
        : b['x-enum-descriptions'] !== h['x-enum-descriptions'] &&
            JSON.stringify(b['x-enum-descriptions']) !== JSON.stringify(h['x-enum-descriptions'])
          ? 'x-enum-descriptions'
          : undefined
  if (key !== undefined) emit(d, at, 'description-changed', `${where(at)}: ${key} changed`, { key: [key] })
}
