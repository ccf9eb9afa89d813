// Tiny OpenAPI documents for the rule tables: one POST operation whose request and 200 response
// schemas are components (`Ask`, `Reply`), as in spec/openapi.yaml.
import { expect } from 'vitest'
import { classifyChanges } from '../diff.ts'
import { resolvePointer } from '../spec-ref.ts'
import type { Level } from '../types.ts'

type Json = Record<string, unknown>

/** What a document of the table differs in. */
export interface Parts {
  /** The `Ask` request schema. */
  req?: Json
  /** The `Reply` 200 response schema. */
  res?: Json
  /** Merged into the operation (parameters, security, deprecated, …). */
  op?: Json
  /** Merged into the 200 response (headers, content, …). */
  ok?: Json
  /** Merged into the document root (servers, security, …). */
  doc?: Json
  /** Merged into `components`. */
  components?: Json
  /** Extra paths. */
  paths?: Json
}

/** One row: a base document, its revision, and the rule, level and field the classifier must report. */
export interface RuleCase {
  id: string
  level: Level
  base: Parts
  rev: Parts
  /** A word the message must contain (defaults to none). */
  names?: string
}

/** A one-property object schema: `{ p: schema }`, required when asked. */
export const prop = (schema: Json, required = false, extra: Json = {}): Json => ({
  type: 'object',
  ...(required ? { required: ['p'] } : {}),
  properties: { p: schema },
  ...extra,
})

/** Builds the document for one side of a row. */
export function spec(parts: Parts): Json {
  const post = {
    operationId: 'lookup',
    requestBody: {
      required: true,
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Ask' } } },
    },
    responses: {
      '200': {
        description: 'ok',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Reply' } } },
        ...parts.ok,
      },
      '404': { description: 'no', content: { 'application/json': { schema: { type: 'object' } } } },
    },
    ...parts.op,
  }
  return {
    openapi: '3.1.0',
    info: { title: 't', version: '1' },
    paths: { '/lookup': { post }, ...parts.paths },
    components: {
      schemas: {
        Ask: parts.req ?? prop({ type: 'string' }, true),
        Reply: parts.res ?? prop({ type: 'string' }, true),
      },
      ...parts.components,
    },
    ...parts.doc,
  }
}

/** 2026-12-01: "now" for the sunset rules. */
export const NOW = Date.parse('2026-12-01')

/** Asserts that the classifier reports `c.id` at `c.level`, with a message and a pointer that resolves. */
export function expectRule(c: RuleCase): void {
  const base = spec(c.base)
  const head = spec(c.rev)
  const changes = classifyChanges(base, head, { now: NOW })
  const hit = changes.find((x) => x.id === c.id)
  expect(hit, `${c.id} not reported; got ${changes.map((x) => x.id).join(', ') || 'nothing'}`).toBeDefined()
  if (hit === undefined) return
  expect(hit.level, c.id).toBe(c.level)
  expect(hit.message.length, c.id).toBeGreaterThan(5)
  if (c.names !== undefined) expect(hit.message, c.id).toContain(c.names)
  expect(
    resolvePointer(head, `#${hit.pointer}`),
    `${c.id}: pointer ${hit.pointer} leads nowhere`,
  ).toBeDefined()
  expect(
    resolvePointer(base, `#${hit.basePointer}`),
    `${c.id}: base pointer ${hit.basePointer} leads nowhere`,
  ).toBeDefined()
}
