import { describe, expect, it } from 'vitest'
import { forwardOnly, parseTraceparent, traceHeaders } from './tracing.ts'

const ID = '4bf92f3577b34da6a3ce929d0e0e4736'
const SPAN = '00f067aa0ba902b7'

describe('parseTraceparent (W3C Trace Context, version 00)', () => {
  const cases: { header: string | undefined; expected: ReturnType<typeof parseTraceparent> }[] = [
    { header: `00-${ID}-${SPAN}-01`, expected: { traceId: ID, spanId: SPAN, flags: 1 } },
    { header: ` 00-${ID.toUpperCase()}-${SPAN}-00 `, expected: { traceId: ID, spanId: SPAN, flags: 0 } },
    { header: undefined, expected: undefined },
    { header: '', expected: undefined },
    { header: `01-${ID}-${SPAN}-01`, expected: undefined },
    { header: `00-${'0'.repeat(32)}-${SPAN}-01`, expected: undefined },
    { header: `00-${ID}-${'0'.repeat(16)}-01`, expected: undefined },
    { header: `00-${ID}-${SPAN}-01-extra`, expected: undefined },
    { header: `00-${ID.slice(1)}-${SPAN}-01`, expected: undefined },
  ]
  for (const { header, expected } of cases)
    it(`${JSON.stringify(header)} → ${expected ? 'valid' : 'invalid'}`, () =>
      expect(parseTraceparent(header)).toEqual(expected))
})

describe('forwardOnly (no tracer configured)', () => {
  it('forwards a valid header as it came (lower-cased), drops an invalid one', () => {
    expect(traceHeaders(forwardOnly.start('x', `00-${ID}-${SPAN}-01`, 'server'))).toEqual({
      traceparent: `00-${ID}-${SPAN}-01`,
    })
    expect(traceHeaders(forwardOnly.start('x', 'garbage', 'server'))).toBeUndefined()
    expect(traceHeaders(forwardOnly.start('x', undefined, 'server'))).toBeUndefined()
  })

  it('a child of a forwarded context carries the same header', () => {
    const parent = forwardOnly.start('x', `00-${ID}-${SPAN}-01`, 'server')
    expect(forwardOnly.start('y', parent, 'client').traceparent).toBe(parent.traceparent)
  })
})
