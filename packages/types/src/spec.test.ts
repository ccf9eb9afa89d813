import { readFileSync } from 'node:fs'
import { Ajv2020 } from 'ajv/dist/2020.js'
import addFormats from 'ajv-formats'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'

// An independent judge: Ajv over the spec document itself, not a copy of its schemas.
const spec = parse(readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8'))
const ajv = new Ajv2020({ strict: false, allErrors: true })
addFormats.default(ajv)
ajv.addSchema(spec, 'spec')
const validatorFor = (name: string) => ajv.compile({ $ref: `spec#/components/schemas/${name}` })

// The one operation (this package sits upstream of the generated facts, so it reads the spec).
const operation = (Object.values(spec.paths)[0] as { post: Record<string, any> }).post

describe('spec/openapi.yaml', () => {
  it('accepts the vendor example response (components.examples.SeedSuccess) unchanged', () => {
    const validate = validatorFor('LookupSuccess')
    const seed = spec.components.examples.SeedSuccess.value
    expect(validate(seed), JSON.stringify(validate.errors)).toBe(true)
  })

  it.each(Object.entries(operation.requestBody.content['application/json'].examples))(
    'accepts the request example %s',
    (_name, example) => {
      const validate = validatorFor('LookupRequest')
      expect(validate((example as { value: unknown }).value), JSON.stringify(validate.errors)).toBe(true)
    },
  )

  const failureExamples = Object.entries(spec.components.responses).flatMap(([response, body]) =>
    Object.entries(
      (body as { content: { 'application/json': { examples: Record<string, { value: unknown }> } } }).content[
        'application/json'
      ].examples,
    ).map(([name, example]) => [`${response}.${name}`, example.value] as const),
  )

  it.each(failureExamples)('accepts the failure example %s as an ErrorEnvelope', (_name, value) => {
    const validate = validatorFor('ErrorEnvelope')
    expect(validate(value), JSON.stringify(validate.errors)).toBe(true)
  })

  it('has an example for every documented failure status', () => {
    const statuses = Object.keys(operation.responses).filter((s) => s !== '200')
    for (const status of statuses) {
      const ref: string = operation.responses[status].$ref
      const name = ref.split('/').at(-1) as string
      expect(
        Object.keys(spec.components.responses[name].content['application/json'].examples).length,
        status,
      ).toBeGreaterThan(0)
    }
  })

  it('gives each error example a code whose first three digits are its HTTP status', () => {
    for (const [status, { $ref }] of Object.entries(operation.responses) as [string, { $ref?: string }][]) {
      if (!$ref) continue
      const name = $ref.split('/').at(-1) as string
      for (const example of Object.values(
        spec.components.responses[name].content['application/json'].examples,
      )) {
        expect(Math.floor((example as { value: { status: number } }).value.status / 100), name).toBe(
          Number(status),
        )
      }
    }
  })

  it('rejects a response whose title is not a string', () => {
    const validate = validatorFor('LookupSuccess')
    const seed = structuredClone(spec.components.examples.SeedSuccess.value)
    seed.result[0].title = 42
    expect(validate(seed)).toBe(false)
  })
})
