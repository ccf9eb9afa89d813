// Not a test of its own: test/core-mutants.test.ts runs this file in a child vitest and expects
// the HTTP contract suite to fail, under each mutation of @joinlink/core's answer builder, on both
// targets that answer through the core here (the MSW handlers and the test fetch). A suite that
// stayed green under a mutant would not be checking what the core does.
import { httpContractSuite } from '@joinlink/test-kit/contract'
import { afterAll, beforeAll, describe, vi } from 'vitest'
import { createFixtureFetch } from '../../src/testing.ts'
import { mswContractTarget } from '../msw-target.ts'

type AnswerModule = typeof import('../../../core/src/answer.ts')
type Built = ReturnType<AnswerModule['errorAnswer']>
type Mutant = {
  profile?: 'full'
  change: (answer: Built, kind: 'success' | 'error') => Built
}

// Hoisted with vi.mock, which runs before the module's own top-level code; `state.mutant` is the
// mutation in force, set by each mutant's describe block.
const { MUTANTS, state } = vi.hoisted(() => {
  const MUTANTS: Record<string, Mutant> = {
    // The public profile no longer applies: the host's secrets go out.
    'public-profile-off': { profile: 'full', change: (answer) => answer },
    // A 405 forgets to say which methods the path takes.
    'allow-header-dropped': {
      change: (answer) => {
        const { Allow: _, ...headers } = answer.headers
        return { ...answer, headers }
      },
    },
  }
  return { MUTANTS, state: { mutant: undefined as Mutant | undefined } }
})

vi.mock(import('../../../core/src/answer.ts'), async (importOriginal) => {
  const real = await importOriginal()
  const none: Mutant = { change: (answer) => answer }
  return {
    ...real,
    successAnswer: (meta, profile, ...rest) => {
      const mutant = state.mutant ?? none
      return mutant.change(real.successAnswer(meta, mutant.profile ?? profile, ...rest), 'success')
    },
    errorAnswer: (...args) => (state.mutant ?? none).change(real.errorAnswer(...args), 'error'),
  }
})

const msw = mswContractTarget('msw')
const publicFetch = createFixtureFetch()
const fullFetch = createFixtureFetch({ profile: 'full' })

for (const [name, mutant] of Object.entries(MUTANTS)) {
  describe(`mutant ${name}`, () => {
    beforeAll(() => {
      state.mutant = mutant
    })
    afterAll(() => {
      state.mutant = undefined
    })
    httpContractSuite(msw)
    httpContractSuite({
      name: 'fixture-fetch',
      baseUrl: msw.baseUrl,
      fetch: (url, init) => publicFetch(url, init),
      fullFetch: (url, init) => fullFetch(url, init),
      kind: 'lookup',
    })
  })
}
