// Finds the secret fields of a record by walking the spec itself (every property marked
// `x-joinlink-secret`), so the redaction checks follow the spec; and pins, by hand, which fields
// those must be, so un-marking a field in the spec fails a test (secrets.test.ts).

/**
 * The identity and contact fields of an attendee, written by hand: each is empty (`userProfile`
 * null) in the public profile, because the list holds people other than the caller.
 */
export const OTHER_ATTENDEE_FIELDS = [
  'user',
  'phoneName',
  'phoneEmail',
  'countryCode',
  'companyName',
  'orgName',
  'mobileNumber',
  'officePhone',
  'cityCode',
  'displayName',
  'contactId',
  'userProfile',
] as const

/**
 * Every field the public profile must empty, written by hand and never derived from the spec's
 * marks: paths from the success envelope, `[]` for the items of an array. Changing the spec's
 * secret marks without changing this list fails `secrets.test.ts`.
 */
export const PINNED_SECRET_PATHS: readonly string[] = [
  'reqid',
  'result[].pcode1',
  'result[].hostId',
  'result[].hostMobile',
  'result[].hostJoinUrl',
  'result[].livePullPwd',
  'result[].wcallurl',
  'result[].calExtraInfo.eventWatchword',
  ...OTHER_ATTENDEE_FIELDS.map((field) => `result[].attendList[].${field}`),
  'result[].houseList[].ApplyUserId',
  'result[].equipList[].ApplyUserId',
  'result[].detailHouseList[].ApplyUserId',
]

type Schema = Record<string, unknown>
type Spec = Record<string, unknown>

/** `at[key]` when `at` is an object or array, else undefined. */
const child = (at: unknown, key: string): unknown =>
  typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined

/** One secret field found in a record: where it is, its value, and what "empty" means for its type. */
export interface SecretField {
  path: string
  value: unknown
  empty: '' | 0 | null
}

function resolve(spec: Spec, node: Schema): Schema {
  let current = node
  for (let hops = 0; typeof current.$ref === 'string'; hops++) {
    if (hops > 32) throw new Error(`$ref loop at ${current.$ref}`)
    const ref = current.$ref as string
    if (!ref.startsWith('#/')) throw new Error(`only local $refs are supported, got ${ref}`)
    current = ref.slice(2).split('/').reduce<unknown>(child, spec) as Schema
    if (!current) throw new Error(`unresolvable $ref ${ref}`)
  }
  return current
}

function types(schema: Schema): string[] {
  return schema.type === undefined ? [] : ([] as string[]).concat(schema.type as string | string[])
}

/** The public profile's empty value for a secret of this schema: `""`, `0` for integers, else `null`. */
function emptyFor(schema: Schema, path: string): '' | 0 | null {
  const t = types(schema)
  if (t.includes('string')) return ''
  if (t.includes('integer')) return 0
  if (t.includes('null')) return null
  throw new Error(
    `secret field ${path} is neither a string, an integer nor nullable: the spec gives it no empty value`,
  )
}

function walk(spec: Spec, node: Schema, value: unknown, path: string, out: SecretField[]): void {
  const schema = resolve(spec, node)
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
    for (const branch of (schema[key] as Schema[] | undefined) ?? []) walk(spec, branch, value, path, out)
  }
  if (Array.isArray(value) && schema.items) {
    for (const [i, item] of value.entries()) walk(spec, schema.items as Schema, item, `${path}[${i}]`, out)
    return
  }
  if (typeof value !== 'object' || value === null) return
  const properties = (schema.properties ?? {}) as Record<string, Schema>
  for (const [name, child] of Object.entries(value as Record<string, unknown>)) {
    const property = properties[name]
    if (!property) continue
    const childPath = path ? `${path}.${name}` : name
    const resolved = resolve(spec, property)
    if (property['x-joinlink-secret'] === true || resolved['x-joinlink-secret'] === true) {
      out.push({ path: childPath, value: child, empty: emptyFor(resolved, childPath) })
    } else {
      walk(spec, property, child, childPath, out)
    }
  }
}

/** Every secret field present in `value`, read as an instance of `components.schemas.<schemaName>`. */
export function secretFields(spec: Spec, schemaName: string, value: unknown): SecretField[] {
  const out: SecretField[] = []
  walk(spec, { $ref: `#/components/schemas/${schemaName}` }, value, '', out)
  return out
}

/**
 * Every property the spec marks secret, as a path from `components.schemas.<schemaName>` (`[]` for
 * array items), found by walking the schemas themselves rather than a record.
 */
export function markedSecretPaths(spec: Spec, schemaName: string): string[] {
  const out: string[] = []
  const stack: [Schema, string, string[]][] = [[{ $ref: `#/components/schemas/${schemaName}` }, '', []]]
  while (stack.length) {
    const [node, path, seen] = stack.pop() as [Schema, string, string[]]
    const schema = resolve(spec, node)
    const at = schema.items ? `${path}[]` : path
    const target = schema.items ? resolve(spec, schema.items as Schema) : schema
    const ref = typeof node.$ref === 'string' ? node.$ref : ''
    if (seen.includes(ref)) continue
    for (const [name, property] of Object.entries((target.properties ?? {}) as Record<string, Schema>)) {
      const childPath = at ? `${at}.${name}` : name
      if (property['x-joinlink-secret'] === true || resolve(spec, property)['x-joinlink-secret'] === true)
        out.push(childPath)
      else stack.push([property, childPath, ref ? [...seen, ref] : seen])
    }
  }
  return out.sort()
}

/** Every non-empty string or number inside a value (a secret may be an object, e.g. userProfile). */
export function leafValues(value: unknown): string[] {
  if (typeof value === 'string') return value ? [value] : []
  if (typeof value === 'number') return [String(value)]
  if (Array.isArray(value)) return value.flatMap(leafValues)
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(leafValues)
  return []
}

/** The record as the public profile must show it: each secret field kept but emptied. */
export function blankSecrets<T>(spec: Spec, schemaName: string, record: T): T {
  const copy = structuredClone(record)
  for (const field of secretFields(spec, schemaName, copy)) setPath(copy, field.path, field.empty)
  return copy
}

function setPath(target: unknown, path: string, value: unknown): void {
  const keys = path.match(/[^.[\]]+/g) ?? []
  const parent = keys.slice(0, -1).reduce<unknown>(child, target) as Record<string, unknown>
  parent[keys.at(-1) as string] = value
}

/** Reads a field by the paths `secretFields` returns (`attendList[0].mobileNumber`). */
export function getPath(target: unknown, path: string): { present: boolean; value: unknown } {
  const keys = path.match(/[^.[\]]+/g) ?? []
  const parent = keys.slice(0, -1).reduce<unknown>(child, target)
  const last = keys.at(-1) as string
  const present = typeof parent === 'object' && parent !== null && Object.hasOwn(parent, last)
  return { present, value: present ? child(parent, last) : undefined }
}
