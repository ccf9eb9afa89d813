// Derives src/vendor-shapes.gen.ts: for each object schema the vendor sends, its known fields and,
// per field, what a drift report must look into (known enum values, nested objects, arrays).
type Schema = {
  $ref?: string
  type?: string | string[]
  enum?: unknown[]
  anyOf?: Schema[]
  properties?: Record<string, Schema>
  items?: Schema
  'x-extensible-enum'?: boolean
}

const refName = (ref: string) => ref.replace('#/components/schemas/', '')

/** The text of `src/vendor-shapes.gen.ts`, walking from `root` through every `$ref` it reaches. */
export function vendorShapesFile(
  schemas: Record<string, Schema>,
  header: string,
  root = 'LookupSuccess',
): string {
  /** Follows `$ref` aliases (MeetingRoom → Device) to the schema that has the content. */
  const resolve = (name: string): string => {
    const ref = schemas[name]?.$ref
    return ref ? resolve(refName(ref)) : name
  }
  const isObject = (name: string) => Boolean(schemas[name]?.properties)
  const shapes = new Map<string, Record<string, string>>()
  const pending = [root]

  const fieldShape = (prop: Schema): string => {
    if (prop.$ref) {
      const target = resolve(refName(prop.$ref))
      if (isObject(target)) return `{ object: ${JSON.stringify(target)} }`
      return fieldShape(schemas[target] as Schema)
    }
    if (prop['x-extensible-enum']) return `{ known: ${JSON.stringify(prop.anyOf?.[0]?.enum ?? [])} }`
    if (prop.items?.$ref) {
      const target = resolve(refName(prop.items.$ref))
      if (isObject(target)) return `{ items: ${JSON.stringify(target)} }`
    }
    return '{}'
  }

  while (pending.length) {
    const name = pending.pop() as string
    if (shapes.has(name)) continue
    const fields: Record<string, string> = {}
    for (const [key, prop] of Object.entries(schemas[name]?.properties ?? {})) {
      const shape = fieldShape(prop)
      fields[key] = shape
      const nested = /(?:object|items): "([^"]+)"/.exec(shape)?.[1]
      if (nested) pending.push(nested)
    }
    shapes.set(name, fields)
  }

  const names = [...shapes.keys()].sort()
  const blocks = names.map((name) => {
    const fields = Object.entries(shapes.get(name) ?? {}).map(
      ([key, shape]) => `    ${JSON.stringify(key)}: ${shape},`,
    )
    return `  ${name}: {\n${fields.join('\n')}\n  },`
  })
  return `${header}
/** What a drift report looks into for one known field of a vendor record. */
export interface FieldShape {
  /** The listed values of an extensible enum: any other value is drift. */
  readonly known?: readonly (string | number)[]
  /** A nested object of this schema. */
  readonly object?: VendorSchemaName
  /** An array (or null) whose items are objects of this schema. */
  readonly items?: VendorSchemaName
}

/** The vendor's object schemas reachable from \`${root}\`. */
export type VendorSchemaName = ${names.map((n) => JSON.stringify(n)).join(' | ')}

/** Each vendor object schema's known fields, from spec/openapi.yaml. */
export const vendorShapes: Readonly<Record<VendorSchemaName, Readonly<Record<string, FieldShape>>>> = {
${blocks.join('\n')}
}
`
}
