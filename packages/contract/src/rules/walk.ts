// What every rule family shares: both documents, where the walk is, and how a change is recorded.
import type { Change, Level } from '../types.ts'
import { rule, type Subject } from './catalog.ts'

/** The two documents and the list changes go into. */
export interface Diff {
  base: unknown
  head: unknown
  out: Change[]
  /** "Now" for sunset dates, in ms since the epoch. */
  now: number
}

/** A place in both documents: a readable path and a JSON Pointer into each. */
export interface At {
  path: string[]
  /** Pointer in the base document. */
  bp: string
  /** Pointer in the revised document. */
  hp: string
}

/** Options of one recorded change. */
export interface EmitOptions {
  /** The change is a removal: point into the base document. */
  removed?: boolean
  /** Overrides the rule's level (rules whose level depends on the case say so in the catalog). */
  level?: Level
  /** Appended to the readable path. */
  extra?: string
}

/** Records one change found by rule `id` at `at`. */
export function emit(d: Diff, at: At, id: string, message: string, options: EmitOptions = {}): void {
  const found = rule(id)
  const path = options.extra === undefined ? at.path : [...at.path, options.extra]
  d.out.push({
    id,
    level: options.level ?? found.level,
    path: path.join(' › '),
    message,
    pointer: options.removed === true ? at.bp : at.hp,
    in: options.removed === true ? 'base' : 'revision',
    tags: found.security === true ? ['security'] : [],
  })
}

/** A schema walk's position: the place, the side and what kind of schema this is. */
export interface SchemaAt extends At {
  subject: Subject
  /** `$ref` pairs on the current descent, so recursive schemas terminate. */
  stack: Set<string>
}

/** The subject for the properties below a schema of `subject`. */
export function below(subject: Subject): Subject {
  if (subject === 'request-body') return 'request-property'
  if (subject === 'response-body') return 'response-property'
  return subject
}

/** Whether a subject is read by the server (request) rather than by clients (response). */
export const isRequest = (subject: Subject): boolean => subject.startsWith('request')

/** The last segment of the readable path: what a message names. */
export const where = (at: At): string => at.path.at(-1) ?? 'the document'

/** JSON text of a value, for messages; `none` for undefined. */
export const show = (value: unknown): string => (value === undefined ? 'none' : JSON.stringify(value))
