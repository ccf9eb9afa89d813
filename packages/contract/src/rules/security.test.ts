// One row per security rule; each change must also carry the `security` tag.
import { describe, expect, it } from 'vitest'
import { classifyChanges } from '../diff.ts'
import type { Level } from '../types.ts'
import { expectRule, NOW, type Parts, type RuleCase, spec } from './testing.ts'

type J = Record<string, unknown>
const E: Level = 'error'
const W: Level = 'warning'
const I: Level = 'info'
const schemes = (s: J): J => ({ securitySchemes: s })
const key: J = { type: 'apiKey', in: 'header', name: 'token' }
const bearer: J = { type: 'http', scheme: 'bearer' }
const oauth = (scopes: string[], tokenUrl = 'https://a/token'): J => ({
  type: 'oauth2',
  flows: { clientCredentials: { tokenUrl, scopes: Object.fromEntries(scopes.map((s) => [s, s])) } },
})
const global = (...reqs: J[]): Parts => ({
  doc: { security: reqs },
  components: schemes({ key, bearer, o: oauth(['a', 'b']) }),
})
const op = (...reqs: J[]): Parts => ({
  op: { security: reqs },
  components: schemes({ key, bearer, o: oauth(['a', 'b']) }),
})
const row = (id: string, level: Level, base: Parts, rev: Parts): RuleCase => ({ id, level, base, rev })

const rows: RuleCase[] = [
  row('api-global-security-added', I, global({ key: [] }), global({ key: [] }, { bearer: [] })),
  row('api-global-security-added', E, global({}), global({ key: [] })),
  row('api-global-security-removed', E, global({ key: [] }, { bearer: [] }), global({ key: [] })),
  row('api-global-security-scope-added', E, global({ o: ['a'] }), global({ o: ['a', 'b'] })),
  row('api-global-security-scope-removed', I, global({ o: ['a', 'b'] }), global({ o: ['a'] })),
  row('api-security-added', I, op({}, { key: [] }), op({}, { key: [] }, { bearer: [] })),
  row('api-security-added', E, op({}), op({ bearer: [] })),
  row('api-security-removed', E, op({}, { key: [] }), op({ key: [] })),
  row('api-security-scope-added', E, op({ o: [] }), op({ o: ['a'] })),
  row('api-security-scope-removed', I, op({ o: ['a'] }), op({ o: [] })),
  row(
    'api-security-component-added',
    I,
    { components: schemes({ key }) },
    { components: schemes({ key, bearer }) },
  ),
  row(
    'api-security-component-removed',
    W,
    { components: schemes({ key, bearer }) },
    { components: schemes({ key }) },
  ),
  row(
    'api-security-component-type-changed',
    E,
    { components: schemes({ key }) },
    { components: schemes({ key: bearer }) },
  ),
  row(
    'api-security-component-location-changed',
    E,
    { components: schemes({ key }) },
    { components: schemes({ key: { ...key, name: 'x-token' } }) },
  ),
  row(
    'api-security-component-oauth-token-url-changed',
    W,
    { components: schemes({ o: oauth([]) }) },
    { components: schemes({ o: oauth([], 'https://b/token') }) },
  ),
  row(
    'api-security-component-oauth-scope-added',
    I,
    { components: schemes({ o: oauth(['a']) }) },
    { components: schemes({ o: oauth(['a', 'b']) }) },
  ),
  row(
    'api-security-component-oauth-scope-removed',
    E,
    { components: schemes({ o: oauth(['a', 'b']) }) },
    { components: schemes({ o: oauth(['a']) }) },
  ),
]

describe('security rules', () => {
  it.each(rows.map((c, i) => [`${c.id} (${c.level}) #${i}`, c] as const))('%s', (_name, c) => expectRule(c))

  it('tags every security change, and secret-mark changes, as security-relevant', () => {
    for (const c of rows) {
      const changes = classifyChanges(spec(c.base), spec(c.rev), { now: NOW })
      for (const x of changes.filter((y) => y.id.includes('security')))
        expect(x.tags, x.id).toContain('security')
    }
    const mark = { type: 'object', properties: { p: { type: 'string', 'x-joinlink-secret': true } } }
    const [change] = classifyChanges(
      spec({ res: mark }),
      spec({ res: { type: 'object', properties: { p: { type: 'string' } } } }),
    )
    expect(change?.id).toBe('response-property-secret-mark-removed')
    expect(change?.tags).toEqual(['security'])
  })
})
