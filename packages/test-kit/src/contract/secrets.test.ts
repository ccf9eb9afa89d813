import { createSpecJudge } from '@joinlink/spec-judge'
import { describe, expect, it } from 'vitest'
import { markedSecretPaths, PINNED_SECRET_PATHS } from './secrets.ts'

const { spec } = createSpecJudge()

describe('the secret fields', () => {
  it('the spec marks exactly the hand-pinned list: un-marking (or newly marking) a field fails here', () => {
    expect(markedSecretPaths(spec, 'LookupSuccess')).toEqual([...PINNED_SECRET_PATHS].sort())
  })

  it('the walk sees through $ref aliases and arrays (it finds the nested and repeated secrets)', () => {
    const paths = markedSecretPaths(spec, 'LookupSuccess')
    expect(paths).toContain('result[].calExtraInfo.eventWatchword')
    expect(paths).toContain('result[].houseList[].ApplyUserId')
    expect(paths).toContain('result[].attendList[].displayName')
  })
})
