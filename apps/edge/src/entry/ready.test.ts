import { LOOKUP_PATH } from '@joinlink/validation'
import { describe, expect, it } from 'vitest'
import { parseConfig } from '../config/config.ts'
import { listenFailure, MAIN_LISTENER, METRICS_LISTENER, readyLine } from './ready.ts'

const ORIGIN = 'http://127.0.0.1:8787'
const SAMPLE = 'https://s.qsh1.cn/k/jlSample001'

describe('readyLine', () => {
  it.each([
    [
      'the embedded dataset',
      {},
      { conferences: 20, sampleLink: SAMPLE },
      `(node; the embedded dataset, 20 conferences; public; docs ${ORIGIN}/docs)`,
      SAMPLE,
    ],
    [
      'a data file of one',
      { JOINLINK_DATA: '/srv/one.json' },
      { conferences: 1, sampleLink: SAMPLE },
      `(node; JOINLINK_DATA=/srv/one.json, 1 conference; public; docs ${ORIGIN}/docs)`,
      SAMPLE,
    ],
    [
      'a large index',
      { JOINLINK_DATA: '/srv/big.sqlite' },
      { conferences: 1_000_000, sampleLink: SAMPLE },
      '(node; JOINLINK_DATA=/srv/big.sqlite, 1,000,000 conferences; public;',
      SAMPLE,
    ],
    [
      'the vendor API, whose links nobody here knows',
      {
        JOINLINK_SOURCE: 'upstream',
        JOINLINK_UPSTREAM_URL: 'https://vendor.example',
        JOINLINK_UPSTREAM_TOKEN: 't',
      },
      undefined,
      '(node; the vendor API at https://vendor.example; public;',
      '<an attendee join link>',
    ],
  ])('names %s and offers a link it holds', async (_, env, summary, names, link) => {
    const line = readyLine('node', ORIGIN, await parseConfig(env), summary)
    expect(line).toContain(names)
    expect(line).toContain(
      `curl -s -X POST ${ORIGIN}${LOOKUP_PATH} -H 'Content-Type: application/json' -d '{"attendeeJoinUrl":"${link}"}'`,
    )
  })

  it('a server that needs keys: the curl sends one', async () => {
    const config = await parseConfig({
      JOINLINK_PUBLIC: 'false',
      JOINLINK_API_KEYS: 'ops:lookup:lookup-key-0123456789abcdef',
    })
    const line = readyLine('node', ORIGIN, config, { conferences: 20, sampleLink: SAMPLE })
    expect(line).toContain('; keys required;')
    expect(line).toContain(`-H 'Authorization: Bearer <key>'`)
  })
})

describe('listenFailure: one line naming the variable to change', () => {
  it.each([
    ['Node/Bun, port in use', { code: 'EADDRINUSE' }, 'the port is in use', 'set PORT to a free port'],
    ['Deno, port in use', { name: 'AddrInUse' }, 'the port is in use', 'set PORT to a free port'],
    ['Node, privileged port', { code: 'EACCES' }, 'permission denied', 'Set PORT to 1024 or above'],
    ['Deno, privileged port', { name: 'PermissionDenied' }, 'permission denied', 'Set PORT'],
    ['Node, no such address', { code: 'EADDRNOTAVAIL' }, 'no such address', 'Set HOST'],
    ['anything else', { code: 'EWHAT', message: 'odd' }, 'EWHAT (odd)', 'Check HOST and PORT'],
  ])('%s', (_, error, what, fix) => {
    const line = listenFailure(error, '127.0.0.1', 80, MAIN_LISTENER)
    expect(line).toMatch(/^Joinlink could not listen on 127\.0\.0\.1:80: /)
    expect(line).toContain(what)
    expect(line).toContain(fix)
    expect(line).not.toContain('\n')
  })

  it('names the metrics listener by its own variables, and an IPv6 host in brackets', () => {
    expect(listenFailure({ code: 'EADDRINUSE' }, '::1', 9464, METRICS_LISTENER)).toBe(
      'Joinlink could not listen on [::1]:9464: the port is in use (another Joinlink still running?). Stop that program, or set JOINLINK_METRICS_PORT to a free port (JOINLINK_METRICS_PORT=0 picks one).',
    )
  })
})
