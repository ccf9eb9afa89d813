import { expect } from 'vitest'
import { JoinlinkError } from '../src/index.ts'

/** Awaits a call that must reject with a JoinlinkError, and returns that error. */
export async function failure(promise: Promise<unknown>): Promise<JoinlinkError> {
  const error = await promise.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(JoinlinkError)
  return error as JoinlinkError
}
