// What every rule family shares: both documents, where the walk is, and how a change is recorded.
// Families recurse into sub-schemas through `d.compare`, so no family imports another's module.
import { child, pointerSegments, resolvePointer } from '../spec-ref.ts'
import type { Change, Level } from '../types.ts'
import { flippedLevel, rule, type Subject } from './catalog.ts'

/** Compares one schema pair and everything below it (rules/schema.ts). */
export type SchemaComparer = (d: Diff, at: SchemaAt, base: unknown, head: unknown) => void

/** The two documents and the list changes go into. */
export interface Diff {
  base: unknown
  head: unknown
  out: Change[]
  /** "Now" for sunset dates, in ms since the epoch. */
  now: number
  /** The schema comparison, for families that reach sub-schemas. */
  compare: SchemaComparer
  /** Schema pairs already compared: where their changes are in `out`, and the path they were met at. */
  memo: Map<string, { start: number; end: number; prefix: string }>
}

/** A place in both documents: a readable path and a JSON Pointer into each. */
export interface At {
  path: string[]
  /** Pointer in the base document. */
  bp: string
  /** Pointer in the revised document. */
  hp: string
  /**
   * Where a keyword of a normalised schema is written, when not directly under `bp`/`hp` (a type
   * list written as `anyOf`, an enum inside the extensible-enum form): keyword → pointer.
   */
  bsrc?: Readonly<Record<string, string>>
  hsrc?: Readonly<Record<string, string>>
}

/** Options of one recorded change. */
export interface EmitOptions {
  /** Overrides the rule's level (rules whose level depends on the case say so in the catalog). */
  level?: Level
  /** Appended to the readable path. */
  extra?: string
  /**
   * The keyword (and below) that changed, so the pointer, and the line, is the changed one:
   * `['maxLength']`, `['enum', 3]`. In a document without it, the nearest parent that exists.
   */
  key?: (string | number)[]
}

/** The pointer itself if it leads somewhere in `doc`, else its nearest ancestor that does. */
export function nearest(doc: unknown, pointer: string): string {
  const segments = pointerSegments(pointer)
  for (let n = segments.length; n > 0; n--) {
    const candidate = child('', ...segments.slice(0, n))
    if (resolvePointer(doc, `#${candidate}`) !== undefined) return candidate
  }
  return ''
}

/** `pointer` with `key` appended, through `src` when the first keyword is written elsewhere. */
export function keyed(pointer: string, src: At['hsrc'], key: EmitOptions['key']): string {
  if (key === undefined || key.length === 0) return pointer
  const [first, ...rest] = key
  const written = src?.[String(first)]
  return written === undefined ? child(pointer, ...key) : child(written, ...rest)
}

/** Records one change found by rule `id` at `at`. */
export function emit(d: Diff, at: At, id: string, message: string, options: EmitOptions = {}): void {
  const found = rule(id)
  const path = options.extra === undefined ? at.path : [...at.path, options.extra]
  const negated = 'negated' in at && at.negated === true
  const level = options.level ?? (negated ? flippedLevel(id) : found.level)
  d.out.push({
    id,
    level,
    path: path.join(' › '),
    message: negated ? `${message} (inside \`not\`: the effect is reversed)` : message,
    pointer: nearest(d.head, keyed(at.hp, at.hsrc, options.key)),
    basePointer: nearest(d.base, keyed(at.bp, at.bsrc, options.key)),
    tags: found.security === true ? ['security'] : [],
  })
}

/** A schema walk's position: the place, the side and what kind of schema this is. */
export interface SchemaAt extends At {
  subject: Subject
  /** `$ref` pairs on the current descent, so recursive schemas terminate. */
  stack: Set<string>
  /** Below a `not`: what narrows the inner schema widens the outer one, so levels swap sides. */
  negated?: boolean
}

/** The subject for the properties below a schema of `subject`. */
export function below(subject: Subject): Subject {
  if (subject === 'request-body') return 'request-property'
  if (subject === 'response-body') return 'response-property'
  if (subject === 'request-parameter') return 'request-parameter-property'
  return subject
}

/** Whether a subject is read by the server (request) rather than by clients (response). */
export const isRequest = (subject: Subject): boolean => subject.startsWith('request')

/** The last segment of the readable path: what a message names. */
export const where = (at: At): string => at.path.at(-1) ?? 'the document'

/** Longest JSON text a message quotes before it is cut. */
const SHOWN = 60

/** JSON text of a value for messages, cut at 60 characters; `none` for undefined. */
export const show = (value: unknown): string => {
  if (value === undefined) return 'none'
  const text = JSON.stringify(value) ?? String(value)
  return text.length <= SHOWN ? text : `${text.slice(0, SHOWN - 1)}…`
}

/**
 * A place below `at` for the sub-schema at `key`, same subject: `label` is appended to the last path
 * segment when it starts with `[` or `{` (`title[]`, `extra{*}`), else added as a segment (`allOf[0]`).
 */
export function under(at: SchemaAt, label: string, ...key: (string | number)[]): SchemaAt {
  const { bsrc: _b, hsrc: _h, ...rest } = at
  const last = at.path.at(-1) ?? ''
  const path = /^[[{]/.test(label) ? [...at.path.slice(0, -1), `${last}${label}`] : [...at.path, label]
  return {
    ...rest,
    path,
    bp: keyed(at.bp, at.bsrc, key),
    hp: keyed(at.hp, at.hsrc, key),
  }
}
