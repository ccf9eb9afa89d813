import type { Conference, LookupSuccess, paths } from '@joinlink/types'
import type { Client } from 'openapi-fetch'
import { describe, expectTypeOf, it } from 'vitest'
import type * as publicApi from './index.ts'
import {
  createJoinlinkClient,
  type JoinlinkClient,
  type JoinlinkClientOptions,
  type JoinlinkError,
  type JoinlinkErrorKind,
} from './index.ts'

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
    expectTypeOf(client.raw).toEqualTypeOf<Client<paths>>()
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
    expectTypeOf<JoinlinkError['status']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<JoinlinkError['httpStatus']>().toEqualTypeOf<number | undefined>()
    expectTypeOf<JoinlinkError['msg']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<JoinlinkError['requestId']>().toEqualTypeOf<string | undefined>()
    expectTypeOf<JoinlinkError['cause']>().toEqualTypeOf<unknown>()
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
    expectTypeOf<keyof typeof publicApi>().toEqualTypeOf<'createJoinlinkClient' | 'JoinlinkError'>()
  })
})
