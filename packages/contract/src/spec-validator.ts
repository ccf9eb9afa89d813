// An independent judge of answers: Ajv (JSON Schema 2020-12) over the spec document itself.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import addFormatsModule from 'ajv-formats'
import { deref, escapePointer, isObject, resolvePointer } from './spec-ref.ts'

// ajv-formats is CommonJS; under Node's ESM loader its default export is the module object.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as typeof addFormatsModule

/** The operation's documented answers, keyed by HTTP status (`"200"`, `"400"`, …). */
export interface OperationJudge {
  statuses: string[]
  /** Validates a parsed body for `status`; returns readable errors, empty when it conforms. */
  validate(status: number, body: unknown): string[]
  /** The media types documented for `status` (empty when none are). */
  mediaTypes(status: number): string[]
}

/** The operation's path and method; defaults to the one lookup operation. */
export interface OperationRef {
  path: string
  method: string
}

/** The lookup operation. */
export const LOOKUP: OperationRef = {
  path: '/confopenapi/conference/getConferenceByAttendeeJoinUrl',
  method: 'post',
}

/** Builds a judge for one operation of `spec`, compiling each response schema straight from the document. */
export function judgeFor(spec: unknown, op: OperationRef = LOOKUP): OperationJudge {
  const opPointer = `#/paths/${escapePointer(op.path)}/${op.method}`
  const operation = resolvePointer(spec, opPointer)
  if (!isObject(operation) || !isObject(operation.responses)) {
    throw new TypeError(`the spec has no ${op.method.toUpperCase()} ${op.path} with responses`)
  }
  const responses = operation.responses
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false })
  addFormats(ajv)
  ajv.addSchema(spec as object, 'spec')
  const compiled = new Map<string, ValidateFunction | null>()

  // The pointer to a response's JSON schema, following a `$ref` to components/responses.
  const schemaPointer = (status: string): string | undefined => {
    const raw = responses[status]
    const base =
      isObject(raw) && typeof raw.$ref === 'string'
        ? raw.$ref
        : `${opPointer}/responses/${escapePointer(status)}`
    const content = deref(spec, raw).node.content
    if (!isObject(content)) return undefined
    const type = Object.keys(content).find((t) => /^application\/([\w.-]+\+)?json/i.test(t))
    if (type === undefined) return undefined
    return `${base}/content/${escapePointer(type)}/schema`
  }
  const key = (status: number): string | undefined => {
    const exact = String(status)
    if (exact in responses) return exact
    const range = `${exact[0]}XX`
    if (range in responses) return range
    return 'default' in responses ? 'default' : undefined
  }

  return {
    statuses: Object.keys(responses),
    mediaTypes(status) {
      const k = key(status)
      const content = k === undefined ? undefined : deref(spec, responses[k]).node.content
      return isObject(content) ? Object.keys(content) : []
    },
    validate(status, body) {
      const k = key(status)
      if (k === undefined) return [`status ${status} is not documented for this operation`]
      if (!compiled.has(k)) {
        const pointer = schemaPointer(k)
        compiled.set(k, pointer === undefined ? null : ajv.compile({ $ref: `spec${pointer}` }))
      }
      const fn = compiled.get(k)
      if (fn === null || fn === undefined) return []
      if (fn(body)) return []
      return (fn.errors ?? []).map(
        (e) => `${e.instancePath || '(body)'} ${e.message ?? 'is invalid'}${describeParams(e.params)}`,
      )
    },
  }
}

function describeParams(params: Record<string, unknown>): string {
  const interesting = ['allowedValues', 'additionalProperty', 'missingProperty', 'type', 'format', 'pattern']
  const parts = interesting.filter((k) => k in params).map((k) => `${k}: ${JSON.stringify(params[k])}`)
  return parts.length > 0 ? ` (${parts.join(', ')})` : ''
}
