import { LookupError } from '@joinlink/core'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { ApiKey } from '../../config/config.ts'
import { sha256Hex } from '../../config/crypto.ts'
import type { AppEnv } from '../../http/env.ts'
import { authorizer } from './index.ts'

const FULL = 'full-key-0123456789abcdef'
const LOOKUP = 'lookup-key-0123456789abcd'

async function app(isPublic: boolean) {
  const keys: ApiKey[] = [
    { name: 'f', scope: 'full', hash: await sha256Hex(FULL) },
    { name: 'l', scope: 'lookup', hash: await sha256Hex(LOOKUP) },
  ]
  const hono = new Hono<AppEnv>()
  const authorize = authorizer(keys, isPublic)
  hono.get('/', async (c) => c.text(await authorize(c.req.header('authorization'))))
  hono.onError((error, c) =>
    c.text(error instanceof LookupError ? `${error.code} ${error.message}` : 'other', 401),
  )
  return hono
}

const rows: { name: string; isPublic: boolean; header?: string; answer: string }[] = [
  { name: 'public, no key', isPublic: true, answer: 'public' },
  { name: 'private, no key', isPublic: false, answer: '40101 This server needs an API key.' },
  { name: 'full key', isPublic: false, header: `Bearer ${FULL}`, answer: 'full' },
  { name: 'lookup key', isPublic: false, header: `Bearer ${LOOKUP}`, answer: 'public' },
  { name: 'scheme in any case, spaces around', isPublic: true, header: `  bearer ${FULL} `, answer: 'full' },
  {
    name: 'an unknown key is refused, never downgraded',
    isPublic: true,
    header: 'Bearer not-a-configured-key',
    answer: '40101 The API key is not recognised.',
  },
  {
    name: 'not Bearer',
    isPublic: true,
    header: `Basic ${FULL}`,
    answer: '40101 The Authorization header is not "Bearer <key>".',
  },
  {
    name: 'a key with a space',
    isPublic: true,
    header: 'Bearer a b',
    answer: '40101 The Authorization header is not "Bearer <key>".',
  },
]

describe('auth', () => {
  it.each(rows)('$name → $answer', async ({ isPublic, header, answer }) => {
    const res = await (await app(isPublic)).request('/', header ? { headers: { authorization: header } } : {})
    expect(await res.text()).toMatch(new RegExp(`^${answer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`))
  })
})
