import type { Conference, ErrorCode as GeneratedErrorCode, LookupSuccess, paths } from '@joinlink/types'
import type { Client } from 'openapi-fetch'
import { describe, expectTypeOf, it } from 'vitest'
import type * as publicApi from './index.ts'
import {
  createJoinlinkClient,
  ErrorCode,
  type JoinlinkClient,
  type JoinlinkClientOptions,
  JoinlinkError,
  type JoinlinkErrorKind,
} from './index.ts'
import { createRawClient } from './raw.ts'

describe('public API types', () => {
  const client = createJoinlinkClient({ baseUrl: 'http://127.0.0.1:8787' })

  it('getConference resolves to Conference, lookup to LookupSuccess', () => {
    expectTypeOf(client).toEqualTypeOf<JoinlinkClient>()
    expectTypeOf(client.getConference).parameter(0).toEqualTypeOf<string>()
    expectTypeOf(client.getConference).returns.toEqualTypeOf<Promise<Conference>>()
    expectTypeOf(client.lookup).returns.toEqualTypeOf<Promise<LookupSuccess>>()
    expectTypeOf(client.getConference)
      .parameter(1)
      .toEqualTypeOf<{ signal?: AbortSignal; headers?: Record<string, string> } | undefined>()
    expectTypeOf(createRawClient({ baseUrl: 'http://127.0.0.1:8787' })).toEqualTypeOf<Client<paths>>()
    expectTypeOf<publicApi.Conference>().toEqualTypeOf<Conference>()
    expectTypeOf<publicApi.LookupSuccess>().toEqualTypeOf<LookupSuccess>()
  })

  it('JoinlinkError carries the documented fields and a closed kind union', () => {
    expectTypeOf<JoinlinkErrorKind>().toEqualTypeOf<
      | 'invalid_request'
      | 'unauthorized'
      | 'not_found'
      | 'rate_limited'
      | 'upstream'
      | 'timeout'
      | 'network'
      | 'invalid_response'
    >()
    expectTypeOf<JoinlinkError>().toExtend<Error>()
    expectTypeOf<JoinlinkError['kind']>().toEqualTypeOf<JoinlinkErrorKind>()
    expectTypeOf<JoinlinkError['code']>().toEqualTypeOf<GeneratedErrorCode | undefined>()
    expectTypeOf<JoinlinkError['status']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<JoinlinkError['httpStatus']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<JoinlinkError['msg']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<JoinlinkError['requestId']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<JoinlinkError['cause']>().toEqualTypeOf<unknown>()
  })

  it('ErrorCode is the generated union as a type, and its named constants as a value', () => {
    expectTypeOf<ErrorCode>().toEqualTypeOf<GeneratedErrorCode>()
    expectTypeOf(ErrorCode.NOT_FOUND).toEqualTypeOf<40401>()
    expectTypeOf<(typeof ErrorCode)[keyof typeof ErrorCode]>().toEqualTypeOf<GeneratedErrorCode>()
    const error = new JoinlinkError('not_found', 'x', { status: 40401 })
    // Comparing with a constant narrows `code` to that one literal.
    if (error.code === ErrorCode.NOT_FOUND) expectTypeOf(error.code).toEqualTypeOf<40401>()
    else expectTypeOf(error.code).toEqualTypeOf<Exclude<GeneratedErrorCode, 40401> | undefined>()
    // @ts-expect-error 40499 is not one of the spec's codes, so the comparison cannot be true
    if (error.code === 40499) throw error
  })

  it('options: only baseUrl is required, validate is a closed union, any fetch fits', () => {
    expectTypeOf<{ baseUrl: string }>().toExtend<JoinlinkClientOptions>()
    expectTypeOf<{ timeoutMs: number }>().not.toExtend<JoinlinkClientOptions>()
    expectTypeOf<JoinlinkClientOptions['validate']>().toEqualTypeOf<'off' | 'strict' | undefined>()
    expectTypeOf<typeof fetch>().toExtend<NonNullable<JoinlinkClientOptions['fetch']>>()
    expectTypeOf<JoinlinkClientOptions>().toHaveProperty('apiKey').toEqualTypeOf<string | undefined>()
    expectTypeOf<JoinlinkClientOptions>().toHaveProperty('token').toEqualTypeOf<string | undefined>()
    expectTypeOf<JoinlinkClientOptions>().toHaveProperty('retries').toEqualTypeOf<number | undefined>()
    // @ts-expect-error baseUrl is required
    createJoinlinkClient({})
    // @ts-expect-error validate is 'off' or 'strict'
    createJoinlinkClient({ baseUrl: 'x', validate: 'loose' })
  })

  it('exports nothing beyond the deliberate surface', () => {
    expectTypeOf<keyof typeof publicApi>().toEqualTypeOf<
      'createJoinlinkClient' | 'ErrorCode' | 'JoinlinkError'
    >()
  })
})
