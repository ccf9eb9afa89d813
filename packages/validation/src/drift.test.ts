import { describe, expect, it } from 'vitest'
import { findDrift, MAX_DRIFT_FINDINGS } from './drift.ts'
import { driftedVendorAnswers, seedResponse, validConferences } from './fixtures/index.ts'
import { lookupSuccessSchema } from './index.ts'

const sorted = <T extends { path: string; kind: string }>(list: readonly T[]) =>
  [...list].sort((a, b) => `${a.path} ${a.kind}`.localeCompare(`${b.path} ${b.kind}`))

describe('findDrift', () => {
  it.each(driftedVendorAnswers.map((f) => [f.name, f] as const))(
    '%s: finds exactly the drift written down',
    (_name, f) => {
      expect(lookupSuccessSchema.safeParse(f.envelope).success, 'the answer is valid').toBe(true)
      expect(sorted(findDrift(f.envelope))).toEqual(sorted(f.drift))
    },
  )

  it.each(validConferences.map((f) => [f.name, f] as const))(
    'conference/%s: no drift in a record the spec describes',
    (_name, f) => {
      expect(findDrift({ ...seedResponse, result: [f.conference] })).toEqual([])
    },
  )

  it('reports kinds and paths, never a value', () => {
    for (const f of driftedVendorAnswers) {
      const text = JSON.stringify(findDrift(f.envelope))
      expect(text).not.toMatch(/DRIFT/)
    }
  })

  it('reports one finding per (path, kind), however many attendees carry it', () => {
    const attendees = Array.from({ length: 500 }, (_, i) => ({
      ...seedResponse.result[0].attendList[0],
      user: String(i),
      userType: 9,
    }))
    expect(
      findDrift({ ...seedResponse, result: [{ ...seedResponse.result[0], attendList: attendees }] }),
    ).toEqual([{ path: 'result[].attendList[].userType', kind: 'unknown integer' }])
  })

  it(`stops at ${MAX_DRIFT_FINDINGS} distinct findings, and quotes and cuts odd keys`, () => {
    const extra = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`f${i}`, i]))
    expect(findDrift({ ...seedResponse, ...extra })).toHaveLength(MAX_DRIFT_FINDINGS)
    const [odd] = findDrift({ ...seedResponse, [`a.b ${'x'.repeat(100)}`]: 1 })
    expect(odd?.path).toBe(JSON.stringify(`a.b ${'x'.repeat(60)}`))
  })

  it('ignores what is not an object where one is expected (validation refuses it first)', () => {
    expect(findDrift(null)).toEqual([])
    expect(findDrift({ ...seedResponse, result: 'x' })).toEqual([])
  })
})
