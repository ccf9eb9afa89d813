// Classifies the differences between two OpenAPI documents, rule by rule (see rules/catalog.ts).

import { compareOperations } from './rules/operations.ts'
import { compareSchema } from './rules/schema.ts'
import { compareDocumentSecurity } from './rules/security.ts'
import { type Diff, emit } from './rules/walk.ts'
import { child, isObject, type Json } from './spec-ref.ts'
import type { Change } from './types.ts'

export type { Change } from './types.ts'

const componentSchemas = (doc: unknown): Json => {
  const c = isObject(doc) && isObject(doc.components) ? doc.components : {}
  return isObject(c.schemas) ? c.schemas : {}
}

function compareComponents(d: Diff): void {
  const b = componentSchemas(d.base)
  const h = componentSchemas(d.head)
  const ptr = (name: string) => child('', 'components', 'schemas', name)
  for (const name of Object.keys(b)) {
    if (!(name in h))
      emit(
        d,
        { path: [`schema ${name}`], bp: ptr(name), hp: ptr(name) },
        'api-schema-removed',
        `component schema ${name} was removed; @joinlink/types loses its export`,
      )
  }
  for (const name of Object.keys(h)) {
    if (!(name in b))
      emit(
        d,
        { path: [`schema ${name}`], bp: ptr(name), hp: ptr(name) },
        'api-schema-added',
        `component schema ${name} was added`,
      )
  }
}

function compareServers(d: Diff): void {
  const urls = (doc: unknown): string[] =>
    isObject(doc) && Array.isArray(doc.servers)
      ? doc.servers.map((s) => (isObject(s) ? String(s.url) : ''))
      : []
  const b = urls(d.base)
  const h = urls(d.head)
  b.forEach((url, i) => {
    if (!h.includes(url))
      emit(
        d,
        { path: ['servers'], bp: child('', 'servers', i), hp: '/servers' },
        'api-server-removed',
        `server ${url} was removed`,
      )
  })
  h.forEach((url, i) => {
    if (!b.includes(url))
      emit(
        d,
        { path: ['servers'], bp: '/servers', hp: child('', 'servers', i) },
        'api-server-added',
        `server ${url} was added`,
      )
  })
}

/** Options of {@link classifyChanges}. */
export interface ClassifyOptions {
  /** "Now" for `x-sunset` dates, in ms since the epoch; default `Date.now()`. */
  now?: number
}

/**
 * Lists every distinct difference between `baseSpec` and `headSpec` that matters to a caller, each
 * with its rule id and level (error = breaking, warning = potentially breaking, info). Request
 * schemas may widen; response schemas may narrow; `$ref`s are followed in each document, and
 * equivalent spellings of one schema are no change (rules/normalize.ts).
 *
 * @example
 * const changes = classifyChanges(parse(baseYaml), parse(headYaml))
 * const breaking = changes.filter((c) => c.level === 'error')
 */
export function classifyChanges(
  baseSpec: unknown,
  headSpec: unknown,
  options: ClassifyOptions = {},
): Change[] {
  const d: Diff = {
    base: baseSpec,
    head: headSpec,
    out: [],
    now: options.now ?? Date.now(),
    compare: compareSchema,
    memo: new Map(),
  }
  compareServers(d)
  compareDocumentSecurity(d)
  compareOperations(d)
  compareComponents(d)
  return distinct(d.out)
}

/**
 * One change per rule and place in the documents: a change to a schema shared by several responses
 * is met once per response on the walk, but it is one change, listed with the other places it reaches.
 */
export function distinct(changes: readonly Change[]): Change[] {
  const groups = new Map<string, Change>()
  for (const c of changes) {
    const key = `${c.id}|${c.level}|${c.pointer}|${c.basePointer}`
    const first = groups.get(key)
    if (first === undefined) groups.set(key, { ...c })
    else if (first.path !== c.path && !first.also?.includes(c.path))
      first.also = [...(first.also ?? []), c.path]
  }
  return [...groups.values()]
}
