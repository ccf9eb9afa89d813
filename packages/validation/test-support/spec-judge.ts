// The independent judge: Ajv (JSON Schema 2020-12) over spec/openapi.yaml itself, never over the
// zod schemas or a copy. Test-only (not published): the edge, client and contract tests use it.
import { readFileSync } from 'node:fs'
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { parse } from 'yaml'

export type JudgeVerdict = { ok: true } | { ok: false; errors: string }

export interface SpecJudge {
  /** The parsed spec document. */
  spec: Record<string, any>
  /** Validates a value against `components.schemas.<name>`. */
  schema(name: string, value: unknown): JudgeVerdict
  /** Validates an answer of the lookup operation: its status must be documented and its body valid. */
  response(status: number, body: unknown): JudgeVerdict
  /** The HTTP statuses the spec documents for the lookup operation. */
  documentedStatuses: readonly number[]
}

const specUrl = new URL('../../../spec/openapi.yaml', import.meta.url)

const describe = (errors: ErrorObject[] | null | undefined) =>
  (errors ?? []).map((e) => `${e.instancePath || '(root)'} ${e.message ?? ''}`).join('; ')

/** Builds a judge over the spec text (by default the repository's spec/openapi.yaml). */
export function createSpecJudge(specText: string = readFileSync(specUrl, 'utf8')): SpecJudge {
  const spec = parse(specText)
  // strict: false because OpenAPI adds keywords (x-*, example) that plain JSON Schema does not know.
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  addFormats.default(ajv)
  ajv.addSchema(spec, 'spec')
  const cache = new Map<string, ReturnType<typeof ajv.compile>>()
  const compiled = (ref: string) => {
    let validate = cache.get(ref)
    if (!validate) {
      validate = ajv.compile({ $ref: `spec#${ref}` })
      cache.set(ref, validate)
    }
    return validate
  }
  const verdict = (ref: string, value: unknown): JudgeVerdict => {
    const validate = compiled(ref)
    return validate(value) ? { ok: true } : { ok: false, errors: describe(validate.errors) }
  }
  const [, pathItem] = Object.entries(spec.paths)[0] as [string, any]
  const responses: Record<string, any> = pathItem.post.responses
  const bodyRef = (status: number): string | undefined => {
    const response = responses[String(status)]
    if (!response) return undefined
    const resolved = response.$ref ? spec.components.responses[response.$ref.split('/').at(-1)] : response
    return resolved.content['application/json'].schema.$ref.replace('#', '')
  }
  return {
    spec,
    documentedStatuses: Object.keys(responses).map(Number),
    schema: (name, value) => verdict(`/components/schemas/${name}`, value),
    response(status, body) {
      const ref = bodyRef(status)
      if (!ref) return { ok: false, errors: `HTTP ${status} is not documented for the lookup operation` }
      return verdict(ref, body)
    },
  }
}
