// Judges a request by the spec alone, as a fuzzer or a validating proxy does: its Content-Type, its
// body (JSON Schema through the Ajv spec judge, patterns and limits included), its header
// parameters and its security. The server's answer is then held to that verdict (conformance.ts).

import { createSpecJudge, LOOKUP, type OperationRef } from '@joinlink/spec-judge'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { RequestCase } from './request-case.ts'

/** A parsed OpenAPI document: untyped JSON, read by path. */
// biome-ignore lint/suspicious/noExplicitAny: an OpenAPI document is untyped JSON, read by known paths
export type OpenApiDoc = Record<string, any>

/** What the spec says of one request: valid, or why not. */
export interface RequestVerdict {
  valid: boolean
  /** Why the spec rejects it (empty when valid). */
  reasons: string[]
}

/** Options for {@link createRequestJudge}. */
export interface RequestJudgeOptions {
  /** The operation judged (default: the lookup). */
  operation?: OperationRef
  /**
   * The largest body in bytes; the lookup's requestBody description documents 4 KiB (413). JSON
   * Schema cannot say it, so it is given here.
   */
  maxBodyBytes?: number
}

interface HeaderParam {
  name: string
  required: boolean
  check: ValidateFunction
}

/** A media type's essence: `Application/JSON; charset=x` → `application/json`. */
const essence = (type: string) => (type.split(';', 1)[0] ?? '').trim().toLowerCase()

/** Builds a judge of requests for one operation of `spec` (a parsed OpenAPI 3.1 document). */
export function createRequestJudge(
  spec: OpenApiDoc,
  options: RequestJudgeOptions = {},
): (req: Omit<RequestCase, 'name'>) => RequestVerdict {
  const operation = options.operation ?? LOOKUP
  const judge = createSpecJudge(spec, operation)
  const op = spec.paths[operation.path][operation.method]
  const content: Record<string, { schema?: { $ref?: string } }> = op.requestBody?.content ?? {}
  const mediaTypes = Object.keys(content).map((t) => t.toLowerCase())
  const bodyRequired = op.requestBody?.required === true
  const maxBodyBytes = options.maxBodyBytes ?? 4096
  const ajv = new Ajv2020({ strict: false, allErrors: true })
  const headers: HeaderParam[] = (op.parameters ?? [])
    .filter((p: { in: string }) => p.in === 'header')
    .map((p: { name: string; required?: boolean; schema?: object }) => ({
      name: p.name.toLowerCase(),
      required: p.required === true,
      check: ajv.compile(p.schema ?? {}),
    }))
  const security: Record<string, unknown>[] = op.security ?? spec.security ?? [{}]
  const schemes: Record<string, { type: string; scheme?: string; in?: string; name?: string }> =
    spec.components?.securitySchemes ?? {}

  const schemeSatisfied = (name: string, sent: Record<string, string>): boolean => {
    const scheme = schemes[name]
    if (scheme?.type === 'http') {
      const value = sent.authorization ?? ''
      return new RegExp(`^${scheme.scheme ?? 'bearer'} \\S+$`, 'i').test(value.trim())
    }
    if (scheme?.type === 'apiKey' && scheme.in === 'header') return (scheme.name ?? '').toLowerCase() in sent
    return false
  }

  return (req) => {
    const reasons: string[] = []
    const sent = Object.fromEntries(Object.entries(req.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
    const type = req.contentType === null ? undefined : essence(req.contentType)
    if (type === undefined) reasons.push('no Content-Type')
    else if (!mediaTypes.includes(type))
      reasons.push(`Content-Type ${type} is not one of ${mediaTypes.join(', ')}`)
    const bytes = new TextEncoder().encode(req.body).byteLength
    if (bytes > maxBodyBytes) reasons.push(`body of ${bytes} bytes is over ${maxBodyBytes}`)
    if (req.body.trim() === '') {
      if (bodyRequired) reasons.push('no body')
    } else {
      let value: unknown
      let parsed = true
      try {
        value = JSON.parse(req.body)
      } catch {
        parsed = false
        reasons.push('body is not JSON')
      }
      const ref = content['application/json']?.schema?.$ref
      if (parsed && ref !== undefined) {
        const verdict = judge.schema(ref.replace('#/components/schemas/', ''), value)
        if (!verdict.ok) reasons.push(`body: ${verdict.errors}`)
      }
    }
    for (const param of headers) {
      const value = sent[param.name]
      if (value === undefined) {
        if (param.required) reasons.push(`header ${param.name} is required`)
      } else if (!param.check(value)) {
        reasons.push(`header ${param.name}: ${ajv.errorsText(param.check.errors)}`)
      }
    }
    const secured = security.some((requirement) =>
      Object.keys(requirement).every((name) => schemeSatisfied(name, sent)),
    )
    if (!secured) reasons.push(`no credentials that satisfy security ${JSON.stringify(security)}`)
    return { valid: reasons.length === 0, reasons }
  }
}
