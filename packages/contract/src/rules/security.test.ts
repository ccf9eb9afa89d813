// One case per security rule (the table is cases-fixed.ts); each change must also carry the `security` tag.
import { describe, expect, it } from 'vitest'
import { classifyChanges } from '../diff.ts'
import { SECURITY_CASES } from './cases-fixed.ts'
import { expectRule, NOW, spec } from './testing.ts'

describe('security rules', () => {
  it.each(SECURITY_CASES.map((c, i) => [`${c.id} (${c.level}) #${i}`, c] as const))('%s', (_name, c) =>
    expectRule(c),
  )

  it('tags every security change, and secret-mark changes, as security-relevant', () => {
    for (const c of SECURITY_CASES) {
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
