import { describe, expect, it } from 'vitest'
import { connectionCap } from './connection-cap.ts'
import { parseTrustProxy, type TrustProxy } from './trust-proxy.ts'

const trust = (raw: string) => parseTrustProxy(raw) as TrustProxy

describe('connectionCap', () => {
  it('admits up to the cap per address, and again once one closes', () => {
    const cap = connectionCap({ maxConnectionsPerClient: 2, trustProxy: trust('') })
    expect([cap.admit('10.0.0.1'), cap.admit('10.0.0.1'), cap.admit('10.0.0.1')]).toEqual([true, true, false])
    expect(cap.admit('10.0.0.2')).toBe(true)
    cap.release('10.0.0.1')
    expect(cap.admit('10.0.0.1')).toBe(true)
    expect(cap.size).toBe(2)
  })

  it('forgets an address whose connections all closed (the table stays bounded)', () => {
    const cap = connectionCap({ maxConnectionsPerClient: 5, trustProxy: trust('') })
    for (let i = 0; i < 1000; i++) {
      cap.admit(`10.0.${i >> 8}.${i & 255}`)
      cap.release(`10.0.${i >> 8}.${i & 255}`)
    }
    expect(cap.size).toBe(0)
  })

  it('IPv6 addresses of one /64 share a count; another /64 has its own', () => {
    const cap = connectionCap({ maxConnectionsPerClient: 2, trustProxy: trust('') })
    expect([
      cap.admit('2001:db8:1:2::1'),
      cap.admit('2001:db8:1:2:ffff::9'),
      cap.admit('2001:db8:1:2::7'),
    ]).toEqual([true, true, false])
    expect(cap.admit('2001:db8:1:3::1')).toBe(true)
    cap.release('2001:db8:1:2::1')
    expect(cap.admit('2001:db8:1:2::abcd')).toBe(true)
  })

  it.each([
    ['no cap (0)', 0, '', '10.0.0.1', 100],
    ['a hop count: every peer is a proxy', 2, '1', '10.0.0.1', 100],
    ['a trusted range is exempt', 2, '10.0.0.0/8', '10.0.0.1', 100],
    ['outside the trusted range: capped', 2, '10.0.0.0/8', '192.0.2.1', 2],
    ['an IPv4-mapped peer matches its IPv4 range', 2, '127.0.0.0/8', '::ffff:127.0.0.1', 100],
    ['no address: one shared count', 2, '', undefined, 2],
    ['IPv6: counted by its /64', 2, '', '2001:db8:1:2::1', 2],
  ])('%s', (_name, perClient, trusted, address, admitted) => {
    const cap = connectionCap({ maxConnectionsPerClient: perClient, trustProxy: trust(trusted) })
    let count = 0
    for (let i = 0; i < 100; i++) if (cap.admit(address)) count++
    expect(count).toBe(admitted)
  })
})
