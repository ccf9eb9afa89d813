import { Hono } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { describe, expect, it } from 'vitest'
import { secureHeaderSet } from './index.ts'

describe('secureHeaderSet', () => {
  for (const policy of ['same-origin', 'cross-origin'] as const) {
    it(`is exactly what hono/secure-headers sets (crossOriginResourcePolicy ${policy})`, async () => {
      const app = new Hono()
      app.use(secureHeaders({ crossOriginResourcePolicy: policy }))
      app.get('/', () => new Response('x'))
      const res = await app.request('/')
      const fromHono = Object.fromEntries([...res.headers].filter(([name]) => name !== 'content-type'))
      const ours = Object.fromEntries(
        Object.entries(secureHeaderSet(policy)).map(([name, value]) => [name.toLowerCase(), value]),
      )
      expect(ours).toEqual(fromHono)
    })
  }
})
