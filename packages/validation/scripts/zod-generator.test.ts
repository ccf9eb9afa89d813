// `pnpm generate` accepts the equivalent spellings of a schema and writes the same files for each:
// the real spec, one field rewritten, against the real spec as it is.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { generateFiles } from './zod-generator.ts'

type Json = Record<string, unknown>
const text = readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8')
const original = generateFiles(parse(text))

/** The real spec with one property of one component schema replaced by `rewrite(property)`. */
function withField(schema: string, property: string, rewrite: (p: Json) => Json): unknown {
  const doc = parse(text)
  const props = doc.components.schemas[schema].properties
  expect(props[property], `${schema}.${property}`).toBeDefined()
  props[property] = rewrite(props[property])
  return doc
}
const rest = (p: Json, ...keys: string[]) =>
  Object.fromEntries(Object.entries(p).filter(([k]) => !keys.includes(k)))

describe('pnpm generate accepts equivalent spellings of a schema', () => {
  it.each([
    [
      'a type list as anyOf of single types',
      'DetailRoom',
      'Location',
      (p: Json) => ({
        ...rest(p, 'type'),
        anyOf: (p.type as string[]).map((type) => ({ type })),
      }),
    ],
    [
      'a type list as oneOf of single types',
      'DetailRoom',
      'Floor',
      (p: Json) => ({
        ...rest(p, 'type'),
        oneOf: (p.type as string[]).map((type) => ({ type })),
      }),
    ],
    [
      'null in a type list as anyOf with {type: null} (array)',
      'Conference',
      'detailHouseList',
      (p: Json) => ({
        ...rest(p, 'type', 'items'),
        anyOf: [{ type: 'array', items: p.items }, { type: 'null' }],
      }),
    ],
    [
      'null in a type list as oneOf with {type: null} (secret object)',
      'Attendee',
      'userProfile',
      (p: Json) => ({
        ...rest(p, 'type', 'additionalProperties'),
        oneOf: [{ type: 'null' }, { type: 'object', additionalProperties: p.additionalProperties }],
      }),
    ],
    ['a one-member allOf of a $ref', 'Conference', 'calExtraInfo', (p: Json) => ({ allOf: [p] })],
    [
      'a one-member allOf with the keywords inside',
      'Conference',
      'length',
      (p: Json) => ({
        description: p.description,
        allOf: [rest(p, 'description')],
      }),
    ],
  ])('%s', (_name, schema, property, rewrite) => {
    const files = generateFiles(withField(schema, property, rewrite))
    expect(files.map(([path]) => path)).toEqual(original.map(([path]) => path))
    for (const [i, [path, content]] of files.entries()) expect(content, path).toBe(original[i]?.[1])
  })

  it('still refuses what zod cannot express, naming the place', () => {
    const doc = withField('Conference', 'title', (p) => ({
      ...p,
      type: undefined,
      anyOf: [{ type: 'string' }, { enum: [1] }],
    }))
    expect(() => generateFiles(doc)).toThrow(/Conference\.title: anyOf without x-extensible-enum/)
  })
})
