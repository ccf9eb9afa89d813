// Security requirements (global and per operation) and security schemes; every change is tagged `security`.
import { child, isObject, type Json } from '../spec-ref.ts'
import { type At, type Diff, emit, show } from './walk.ts'

type Requirement = Map<string, string[]>

// A security list is a choice between requirement objects; each names schemes that must all hold.
function requirements(value: unknown): Map<string, { req: Requirement; index: number }> | undefined {
  if (!Array.isArray(value)) return undefined
  const out = new Map<string, { req: Requirement; index: number }>()
  value.forEach((raw, index) => {
    const entries = isObject(raw) ? Object.entries(raw) : []
    const req: Requirement = new Map(entries.map(([k, v]) => [k, Array.isArray(v) ? v.map(String) : []]))
    out.set([...req.keys()].sort().join('+'), { req, index })
  })
  return out
}

const label = (key: string): string => (key === '' ? '{} (no credentials)' : key)

function compareSecurityLists(d: Diff, at: At, stem: string, b: unknown, h: unknown): void {
  const bl = requirements(b)
  const hl = requirements(h)
  if (bl === undefined && hl === undefined) return
  const bm = bl ?? new Map()
  const hm = hl ?? new Map()
  const baseOpen = bm.size === 0 || bm.has('')
  const field = 'security'
  for (const [key, { req, index }] of bm) {
    const place = { ...at, bp: child(at.bp, field, index) }
    const other = hm.get(key)
    if (other === undefined) {
      const level = hm.size === 0 && hl !== undefined ? ('info' as const) : undefined
      emit(
        d,
        place,
        `${stem}-removed`,
        `security requirement ${label(key)} removed; ${key === '' ? 'callers without credentials' : 'callers using it'} are refused`,
        level ? { level } : {},
      )
      continue
    }
    for (const [scheme, scopes] of req) {
      const now = other.req.get(scheme) ?? []
      const here = { ...place, hp: child(at.hp, field, other.index) }
      for (const s of now)
        if (!scopes.includes(s))
          emit(d, here, `${stem}-scope-added`, `scope ${show(s)} now required for ${scheme}`)
      for (const s of scopes)
        if (!now.includes(s))
          emit(d, here, `${stem}-scope-removed`, `scope ${show(s)} no longer required for ${scheme}`)
    }
  }
  for (const [key, { index }] of hm) {
    if (bm.has(key)) continue
    const closes = baseOpen && !hm.has('')
    const why = closes ? '; credentials are now required where none were' : ' as an alternative'
    emit(
      d,
      { ...at, hp: child(at.hp, field, index) },
      `${stem}-added`,
      `security requirement ${label(key)} added${why}`,
      closes ? { level: 'error' } : {},
    )
  }
}

/** Compares an operation's own `security` lists (an absent list inherits the global one). */
export function compareOperationSecurity(d: Diff, at: At, b: Json, h: Json): void {
  if (b.security === undefined && h.security === undefined) return
  const global = (doc: unknown) => (isObject(doc) ? doc.security : undefined)
  compareSecurityLists(d, at, 'api-security', b.security ?? global(d.base), h.security ?? global(d.head))
}

function schemesOf(doc: unknown): Json {
  const c = isObject(doc) && isObject(doc.components) ? doc.components : {}
  return isObject(c.securitySchemes) ? c.securitySchemes : {}
}

function flows(scheme: Json): Map<string, Json> {
  return new Map(
    Object.entries(isObject(scheme.flows) ? scheme.flows : {}).filter((e): e is [string, Json] =>
      isObject(e[1]),
    ),
  )
}

function compareScheme(d: Diff, at: At, name: string, b: Json, h: Json): void {
  if (b.type !== h.type) {
    emit(
      d,
      at,
      'api-security-component-type-changed',
      `security scheme ${name}: type changed from ${show(b.type)} to ${show(h.type)}`,
    )
    return
  }
  for (const key of ['in', 'name', 'scheme', 'bearerFormat', 'openIdConnectUrl']) {
    if (b[key] !== h[key])
      emit(
        d,
        at,
        'api-security-component-location-changed',
        `security scheme ${name}: ${key} changed from ${show(b[key])} to ${show(h[key])}`,
      )
  }
  const bf = flows(b)
  const hf = flows(h)
  for (const [flow, bx] of bf) {
    const hx = hf.get(flow) ?? {}
    if (bx.authorizationUrl !== hx.authorizationUrl)
      emit(
        d,
        at,
        'api-security-component-oauth-url-changed',
        `security scheme ${name} (${flow}): authorizationUrl changed`,
      )
    if (bx.tokenUrl !== hx.tokenUrl)
      emit(
        d,
        at,
        'api-security-component-oauth-token-url-changed',
        `security scheme ${name} (${flow}): tokenUrl changed`,
      )
    const bs = Object.keys(isObject(bx.scopes) ? bx.scopes : {})
    const hs = Object.keys(isObject(hx.scopes) ? hx.scopes : {})
    for (const s of bs)
      if (!hs.includes(s))
        emit(
          d,
          at,
          'api-security-component-oauth-scope-removed',
          `security scheme ${name} (${flow}): scope ${s} removed`,
        )
    for (const s of hs)
      if (!bs.includes(s))
        emit(
          d,
          at,
          'api-security-component-oauth-scope-added',
          `security scheme ${name} (${flow}): scope ${s} added`,
        )
  }
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace']

/** Whether any operation of `doc` has no `security` of its own (and so takes the global list). */
function inheritsGlobal(doc: unknown): boolean {
  const paths = isObject(doc) && isObject(doc.paths) ? doc.paths : {}
  return Object.values(paths).some(
    (item) => isObject(item) && METHODS.some((m) => isObject(item[m]) && item[m].security === undefined),
  )
}

/** Compares the global `security` list and `components.securitySchemes`. */
export function compareDocumentSecurity(d: Diff): void {
  const global = (doc: unknown) => (isObject(doc) ? doc.security : undefined)
  const from = d.out.length
  compareSecurityLists(
    d,
    { path: ['security'], bp: '', hp: '' },
    'api-global-security',
    global(d.base),
    global(d.head),
  )
  // The global list only applies to operations without one of their own: when every operation on
  // both sides has its own, a change to it reaches no call (the operations' own lists are compared).
  if (!inheritsGlobal(d.base) && !inheritsGlobal(d.head)) {
    for (const change of d.out.slice(from)) {
      change.level = 'info'
      change.message += ' (every operation sets its own security, so no call is affected)'
    }
  }
  const bs = schemesOf(d.base)
  const hs = schemesOf(d.head)
  const ptr = (name: string) => child('', 'components', 'securitySchemes', name)
  for (const name of Object.keys(bs)) {
    const at = { path: [`security scheme ${name}`], bp: ptr(name), hp: ptr(name) }
    const h = hs[name]
    if (!isObject(h)) emit(d, at, 'api-security-component-removed', `security scheme ${name} was removed`)
    else compareScheme(d, at, name, isObject(bs[name]) ? bs[name] : {}, h)
  }
  for (const name of Object.keys(hs)) {
    if (!(name in bs))
      emit(
        d,
        { path: [`security scheme ${name}`], bp: '', hp: ptr(name) },
        'api-security-component-added',
        `security scheme ${name} was added`,
      )
  }
}
