// The independent judge: Ajv (JSON Schema 2020-12) over an OpenAPI document itself — never over the
// zod schemas or a copy of the spec's schemas, and nothing generated from the spec. Private: the
// validation, edge, client and contract tests, and `pnpm contract`, all judge through this one module.
import { readFileSync } from 'node:fs'
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'

export type JudgeVerdict = { ok: true } | { ok: false; errors: string }

/** An operation of the document, by path and method. */
export interface OperationRef {
  path: string
  method: string
}

const SPEC_URL = new URL('../../../spec/openapi.yaml', import.meta.url)
/** The repository's spec/openapi.yaml, read once. */
const specText = readFileSync(SPEC_URL, 'utf8')

const isObject = (value: unknown): value is Record<string, any> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** The lookup's operationId in the spec. */
export const LOOKUP_OPERATION_ID = 'getConferenceByAttendeeJoinUrl'

/** Where `document` declares the operation `operationId`; throws naming it when it does not. */
export function findOperation(document: Record<string, any>, operationId: string): OperationRef {
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!isObject(item)) continue
    for (const [method, op] of Object.entries(item))
      if (isObject(op) && op.operationId === operationId) return { path, method }
  }
  throw new TypeError(`the spec declares no operation ${operationId}`)
}

/** The lookup operation, found in the spec by its operationId; every judge speaks for it unless told otherwise. */
export const LOOKUP: OperationRef = findOperation(parse(specText), LOOKUP_OPERATION_ID)

export interface SpecJudge {
  /** The parsed spec document. */
  spec: Record<string, any>
  /** The response keys the operation documents (`"200"`, `"400"`, …, maybe `"4XX"` or `"default"`). */
  statuses: readonly string[]
  /** The same, as numbers, for the exact statuses. */
  documentedStatuses: readonly number[]
  /** Validates a value against `components.schemas.<name>`. */
  schema(name: string, value: unknown): JudgeVerdict
  /** Problems with an answer's body for `status` (empty when it conforms, or when no JSON body is documented). */
  validate(status: number, body: unknown): string[]
  /** The answer's status must be documented and its body valid for it. */
  response(status: number, body: unknown): JudgeVerdict
  /** The media types documented for `status` (empty when none are). */
  mediaTypes(status: number): string[]
}

const escapePointer = (segment: string) => segment.replaceAll('~', '~0').replaceAll('/', '~1')

/** Follows a local `#/a/b` pointer. */
function resolvePointer(doc: unknown, ref: string): unknown {
  let node: unknown = doc
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    const key = decodeURIComponent(raw).replaceAll('~1', '/').replaceAll('~0', '~')
    node = isObject(node) ? node[key] : Array.isArray(node) ? node[Number(key)] : undefined
  }
  return node
}

/** A response object with its `$ref`s followed, and the pointer it was found at. */
function derefResponse(doc: unknown, raw: unknown, at: string): { node: Record<string, any>; at: string } {
  let node = raw
  let pointer = at
  for (let hops = 0; hops < 16 && isObject(node) && typeof node.$ref === 'string'; hops++) {
    pointer = node.$ref
    node = resolvePointer(doc, node.$ref)
  }
  return { node: isObject(node) ? node : {}, at: pointer }
}

const describeErrors = (errors: ErrorObject[] | null | undefined): string[] =>
  (errors ?? []).map((e) => {
    const interesting = [
      'allowedValues',
      'additionalProperty',
      'missingProperty',
      'type',
      'format',
      'pattern',
    ]
    const params = interesting.filter((k) => k in e.params).map((k) => `${k}: ${JSON.stringify(e.params[k])}`)
    return `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${params.length ? ` (${params.join(', ')})` : ''}`
  })

/**
 * Builds a judge over a spec — its text or its parsed document; by default the repository's
 * spec/openapi.yaml — speaking for one operation (default: the lookup).
 */
export function createSpecJudge(
  source: string | Record<string, any> = specText,
  operation: OperationRef = LOOKUP,
): SpecJudge {
  const spec: Record<string, any> = typeof source === 'string' ? parse(source) : source
  const opPointer = `#/paths/${escapePointer(operation.path)}/${operation.method}`
  const op = resolvePointer(spec, opPointer)
  if (!isObject(op) || !isObject(op.responses)) {
    throw new TypeError(`the spec has no ${operation.method.toUpperCase()} ${operation.path} with responses`)
  }
  const responses: Record<string, unknown> = op.responses
  // strict: false because OpenAPI adds keywords (x-*, example) that plain JSON Schema does not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
  addFormats.default(ajv)
  ajv.addSchema(spec, 'spec')
  const compiled = new Map<string, ValidateFunction>()
  const compile = (pointer: string) => {
    if (!compiled.has(pointer)) compiled.set(pointer, ajv.compile({ $ref: `spec${pointer}` }))
    return compiled.get(pointer) as ValidateFunction
  }

  const keyFor = (status: number): string | undefined => {
    const exact = String(status)
    if (exact in responses) return exact
    const range = `${exact[0]}XX`
    if (range in responses) return range
    return 'default' in responses ? 'default' : undefined
  }
  const response = (status: number) => {
    const key = keyFor(status)
    return key === undefined
      ? undefined
      : derefResponse(spec, responses[key], `${opPointer}/responses/${escapePointer(key)}`)
  }
  const mediaTypes = (status: number): string[] => {
    const content = response(status)?.node.content
    return isObject(content) ? Object.keys(content) : []
  }
  const validate = (status: number, body: unknown): string[] => {
    const found = response(status)
    if (!found) return [`status ${status} is not documented for this operation`]
    const type = mediaTypes(status).find((t) => /^application\/([\w.-]+\+)?json/i.test(t))
    if (type === undefined) return []
    const check = compile(`${found.at}/content/${escapePointer(type)}/schema`)
    return check(body) ? [] : describeErrors(check.errors)
  }
  const verdict = (errors: string[]): JudgeVerdict =>
    errors.length ? { ok: false, errors: errors.join('; ') } : { ok: true }

  return {
    spec,
    statuses: Object.keys(responses),
    documentedStatuses: Object.keys(responses)
      .filter((k) => /^\d+$/.test(k))
      .map(Number),
    schema(name, value) {
      const check = compile(`#/components/schemas/${escapePointer(name)}`)
      return verdict(check(value) ? [] : describeErrors(check.errors))
    },
    validate,
    response: (status, body) => verdict(validate(status, body)),
    mediaTypes,
  }
}
