import { describe, expect, it } from 'vitest'
import { clientKey } from '../middleware/rate-limit/client-key.ts'
import { noiseLimit } from './log-limit.ts'

describe('noiseLimit', () => {
  it.each([
    ['200', 200, 1000],
    ['304', 304, 1000],
    ['404', 404, 20],
    ['429', 429, 20],
    ['499', 499, 20],
    ['502 (ours to see)', 502, 1000],
  ])('%s: of 1,000 lines from one address in a window, %i are written', (_name, status, written) => {
    const out: string[] = []
    const noise = noiseLimit((line) => out.push(line), { now: () => 0 })
    let allowed = 0
    for (let i = 0; i < 1000; i++) if (noise.allow(status, '192.0.2.1')) allowed++
    expect(allowed).toBe(written)
    expect(noise.dropped).toBe(1000 - written)
  })

  it("one noisy address does not silence another's lines", () => {
    const noise = noiseLimit(() => {}, { now: () => 0 })
    for (let i = 0; i < 500; i++) noise.allow(404, '192.0.2.1')
    expect(noise.allow(404, '192.0.2.2')).toBe(true)
  })

  it("counts an IPv6 client by the rate limit's key: 300 addresses of one /64 share one cap", () => {
    const noise = noiseLimit(() => {}, { now: () => 0, keyOf: (address) => clientKey(address, 64) })
    let allowed = 0
    for (let i = 0; i < 300; i++) if (noise.allow(404, `2001:db8:1:2::${i.toString(16)}`)) allowed++
    expect(allowed).toBe(20)
    expect(noise.allow(404, '2001:db8:1:3::1'), 'another /64').toBe(true)
  })

  it('reports what it dropped in one summary line when the window ends, and lets lines through again', () => {
    const out: string[] = []
    let t = 0
    const noise = noiseLimit((line) => out.push(line), { now: () => t, perWindow: 5, windowMs: 10_000 })
    for (let i = 0; i < 30; i++) noise.allow(404, '192.0.2.1')
    noise.allow(404, '192.0.2.9')
    for (let i = 0; i < 10; i++) noise.allow(404, '192.0.2.9')
    expect(out).toEqual([])
    t = 10_000
    expect(noise.allow(404, '192.0.2.1')).toBe(true)
    expect(out.map((line) => JSON.parse(line))).toEqual([
      { time: expect.any(String), msg: 'log lines dropped', dropped: 31, clients: 2, window_s: 10 },
    ])
    // No drops since: no summary.
    t = 20_000
    noise.allow(200, '192.0.2.1')
    expect(out).toHaveLength(1)
  })

  it('remembers at most maxClients addresses', () => {
    const noise = noiseLimit(() => {}, { now: () => 0, perWindow: 1, maxClients: 10 })
    for (let i = 0; i < 100; i++) noise.allow(404, `10.0.0.${i}`)
    // The first address was forgotten, so it starts a new window.
    expect(noise.allow(404, '10.0.0.0')).toBe(true)
  })
})
