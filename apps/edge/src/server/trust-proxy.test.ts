import ipaddr from 'ipaddr.js'
import { describe, expect, it } from 'vitest'
import { type ForwardedHeader, parseTrustProxy, resolveClient, type TrustProxy } from './trust-proxy.ts'

const trust = (raw: string): TrustProxy => {
  const parsed = parseTrustProxy(raw)
  if ('problem' in parsed) throw new Error(parsed.problem)
  return parsed
}

describe('parseTrustProxy', () => {
  it.each([
    ['', { kind: 'none' }],
    ['false', { kind: 'none' }],
    ['0', { kind: 'none' }],
    ['1', { kind: 'hops', hops: 1 }],
    [' 2 ', { kind: 'hops', hops: 2 }],
    ['10.0.0.0/8, 192.168.1.7 ,', { kind: 'ranges', text: ['10.0.0.0/8', '192.168.1.7'] }],
    ['2001:db8::/32,::1', { kind: 'ranges', text: ['2001:db8::/32', '::1'] }],
  ])('%j → %j', (raw, expected) => {
    expect(parseTrustProxy(raw)).toMatchObject(expected)
  })

  it.each([
    ['33', 'hop count from 1 to 32'],
    ['10.0.0.0/33', '"10.0.0.0/33" is not an IP address or CIDR range'],
    ['proxy.internal', '"proxy.internal" is not an IP address'],
    ['10.0.0.1, 300.1.1.1', '"300.1.1.1"'],
    [',,', 'lists no address'],
  ])('refuses %j, naming the variable', (raw, message) => {
    const parsed = parseTrustProxy(raw)
    expect(parsed).toHaveProperty('problem')
    const { problem } = parsed as { problem: string }
    expect(problem).toContain('JOINLINK_TRUST_PROXY')
    expect(problem).toContain(message)
  })
})

interface Row {
  name: string
  trust: string
  header?: ForwardedHeader
  socket: string | undefined
  headers: Record<string, string>
  client: string | undefined
}

const rows: Row[] = [
  {
    name: 'no trust: the socket, whatever the headers say',
    trust: '',
    socket: '10.0.0.5',
    headers: { 'x-forwarded-for': '203.0.113.9' },
    client: '10.0.0.5',
  },
  {
    name: 'no trust: an IPv4-mapped socket address is normalised',
    trust: '',
    socket: '::ffff:127.0.0.1',
    headers: {},
    client: '127.0.0.1',
  },
  { name: 'no socket address: unknown', trust: '1', socket: undefined, headers: {}, client: undefined },
  {
    name: '1 hop: the entry the proxy appended, not what the client sent before it',
    trust: '1',
    socket: '10.0.0.5',
    headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.9' },
    client: '203.0.113.9',
  },
  {
    name: '2 hops: CDN then load balancer',
    trust: '2',
    socket: '10.0.0.5',
    headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 198.51.100.1' },
    client: '203.0.113.9',
  },
  {
    name: 'hops beyond the chain: the farthest address',
    trust: '5',
    socket: '10.0.0.5',
    headers: { 'x-forwarded-for': '203.0.113.9' },
    client: '203.0.113.9',
  },
  {
    name: 'hops, no header: the socket',
    trust: '1',
    socket: '10.0.0.5',
    headers: {},
    client: '10.0.0.5',
  },
  {
    name: 'ranges: the first address outside them, from the nearest',
    trust: '10.0.0.0/8',
    socket: '10.0.0.5',
    headers: { 'x-forwarded-for': '6.6.6.6, 203.0.113.9, 10.1.2.3' },
    client: '203.0.113.9',
  },
  {
    name: 'ranges: a socket outside them is the client, headers ignored',
    trust: '10.0.0.0/8',
    socket: '198.51.100.7',
    headers: { 'x-forwarded-for': '203.0.113.9' },
    client: '198.51.100.7',
  },
  {
    name: 'ranges: all trusted → the farthest',
    trust: '10.0.0.0/8',
    socket: '10.0.0.5',
    headers: { 'x-forwarded-for': '10.9.9.9' },
    client: '10.9.9.9',
  },
  {
    name: 'ranges: IPv6 and ports in X-Forwarded-For',
    trust: '2001:db8::/32, 127.0.0.1',
    socket: '::ffff:127.0.0.1',
    headers: { 'x-forwarded-for': '[2001:db8:cafe::17]:4711, 203.0.113.9:5678, 2001:db8::1' },
    client: '203.0.113.9',
  },
  {
    name: 'Forwarded: for= of each element, quoted IPv6 with a port',
    trust: '1',
    header: 'forwarded',
    socket: '10.0.0.5',
    headers: { forwarded: 'for=6.6.6.6;proto=http, for="[2001:db8:cafe::17]:4711";by=10.0.0.5' },
    client: '2001:db8:cafe::17',
  },
  {
    name: 'Forwarded chosen: X-Forwarded-For (which the client could send) is ignored',
    trust: '1',
    header: 'forwarded',
    socket: '10.0.0.5',
    headers: { 'x-forwarded-for': '6.6.6.6', forwarded: 'for=203.0.113.9' },
    client: '203.0.113.9',
  },
  {
    name: 'X-Forwarded-For chosen: Forwarded is ignored',
    trust: '1',
    socket: '10.0.0.5',
    headers: { forwarded: 'for=6.6.6.6', 'x-forwarded-for': '203.0.113.9' },
    client: '203.0.113.9',
  },
  {
    name: 'Forwarded: an obfuscated identifier is the client as given',
    trust: '1',
    header: 'forwarded',
    socket: '10.0.0.5',
    headers: { forwarded: 'for=_hidden' },
    client: '_hidden',
  },
]

describe('resolveClient', () => {
  it.each(rows)('$name', (row) => {
    const header = (name: string) => row.headers[name]
    expect(resolveClient(trust(row.trust), row.header ?? 'x-forwarded-for', row.socket, header)).toBe(
      row.client,
    )
  })

  // The socket's IPv4 peer skips the parse when it is already canonical: the same answer either way.
  it.each([
    '0.0.0.0',
    '127.0.0.1',
    '255.255.255.255',
    '10.20.30.40',
    '192.168.1.199',
    '010.0.0.1',
    '256.1.1.1',
    '1.2.3',
  ])('socket %s is normalised as ipaddr.js does it', (socket) => {
    let expected: string
    try {
      expected = ipaddr.process(socket).toString()
    } catch {
      expected = socket
    }
    expect(resolveClient(trust(''), 'x-forwarded-for', socket, () => undefined)).toBe(expected)
  })

  it('reads at most the last 32 hops of a huge header', () => {
    const xff = [...Array.from({ length: 10_000 }, (_, i) => `6.6.${i % 250}.1`), '203.0.113.9'].join(', ')
    const all = trust('6.0.0.0/8, 10.0.0.0/8')
    expect(resolveClient(all, 'x-forwarded-for', '10.0.0.5', () => xff)).toBe('203.0.113.9')
    expect(resolveClient(trust('0.0.0.0/0'), 'x-forwarded-for', '10.0.0.5', () => xff)).toBe('6.6.219.1')
  })
})
