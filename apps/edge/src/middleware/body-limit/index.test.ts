import { LookupError } from '@joinlink/core'
import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { AppEnv } from '../../http/env.ts'
import { readBody } from './index.ts'

const LIMIT = 16

/** A handler that echoes the body readBody got; a LookupError as its code. */
function app() {
  const hono = new Hono<AppEnv>()
  hono.post('/', async (c) => {
    const body = await readBody(c.req.raw, LIMIT)
    return c.text(typeof body === 'string' ? body : new TextDecoder().decode(body))
  })
  hono.onError((error, c) => c.text(error instanceof LookupError ? String(error.code) : 'other', 400))
  return hono
}

const stream = (...chunks: string[]) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(new TextEncoder().encode(chunk))
      controller.close()
    },
  })

const rows: { name: string; init: () => RequestInit; status: number; body: string }[] = [
  {
    name: 'declared, at the limit',
    init: () => ({ body: 'x'.repeat(LIMIT) }),
    status: 200,
    body: 'x'.repeat(LIMIT),
  },
  {
    name: 'declared, over the limit: refused by Content-Length, body unread',
    init: () => ({ body: 'x'.repeat(LIMIT + 1) }),
    status: 400,
    body: '41301',
  },
  {
    name: 'declared small but Transfer-Encoding too: counted as it streams',
    init: () => ({
      body: stream('x'.repeat(10), 'x'.repeat(10)),
      headers: { 'content-length': '3', 'transfer-encoding': 'chunked' },
      duplex: 'half',
    }),
    status: 400,
    body: '41301',
  },
  {
    name: 'streamed (no length), in chunks within the limit: passed on whole',
    init: () => ({ body: stream('abc', 'def', 'ghij'), duplex: 'half' }),
    status: 200,
    body: 'abcdefghij',
  },
  {
    name: 'streamed, over the limit in its last chunk',
    init: () => ({ body: stream('x'.repeat(LIMIT), 'y'), duplex: 'half' }),
    status: 400,
    body: '41301',
  },
  { name: 'no body', init: () => ({}), status: 200, body: '' },
]

describe('bodyLimit', () => {
  it.each(rows)('$name → $status $body', async ({ init, status, body }) => {
    const res = await app().request('/', { method: 'POST', ...init() } as RequestInit)
    expect([res.status, await res.text()]).toEqual([status, body])
  })
})
