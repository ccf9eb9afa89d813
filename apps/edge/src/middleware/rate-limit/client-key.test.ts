import { describe, expect, it } from 'vitest'
import { clientKey } from './client-key.ts'

describe('clientKey: one client, one count', () => {
  it.each([
    ['IPv4 as itself', '192.0.2.7', 64, '192.0.2.7'],
    ['IPv4 with leading zeros, normalised', '192.000.002.007', 64, '192.0.2.7'],
    ['IPv4-mapped IPv6 as IPv4', '::ffff:192.0.2.7', 64, '192.0.2.7'],
    ['IPv6 by its /64', '2001:db8:1:2:aaaa:bbbb:cccc:dddd', 64, '2001:db8:1:2::/64'],
    ['another address of that /64', '2001:db8:1:2::1', 64, '2001:db8:1:2::/64'],
    ['IPv6 by a /48', '2001:db8:1:2::1', 48, '2001:db8:1::/48'],
    ['IPv6 by a /56 (not on a group boundary)', '2001:db8:1:2ff::1', 56, '2001:db8:1:200::/56'],
    ['IPv6 whole (/128)', '2001:db8::1', 128, '2001:db8::1/128'],
    ['IPv6 whole, zeros compressed (RFC 5952)', '2001:0DB8:0:0:1:0:0:1', 128, '2001:db8::1:0:0:1/128'],
    ['IPv6 with a zone, the zone dropped', 'fe80::1%eth0', 64, 'fe80::/64'],
    ['IPv6 with an embedded IPv4 tail', '64:ff9b::192.0.2.7', 96, '64:ff9b::/96'],
    ['IPv4-mapped in hex, as IPv4', '::ffff:c000:207', 64, '192.0.2.7'],
    ['not an address', 'unknown', 64, 'unknown'],
    ['not an address, though the URL parser would find a host in it', '192.0.2.7/x', 64, '192.0.2.7/x'],
    ['malformed IPv6 as it came', '2001:db8:::1', 64, '2001:db8:::1'],
  ])('%s: %s /%i → %s', (_name, address, prefix, key) => {
    expect(clientKey(address, prefix)).toBe(key)
  })
})
