// The contract suite over a real socket against `node dist/node.js`, plus what only the process
// shows: graceful shutdown, start-up refusals for bad configuration and bad data files.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { type AddressInfo, connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  FULL_KEY,
  httpContractSuite,
  LOOKUP_PATH,
  SEED_LINK,
  SENTINEL_LINK,
  SUITE_ENV,
} from '@joinlink/test-kit/contract'
import { dataset, seedConference, seedResponse, sentinelConference } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdge, type NodeServer, runUntilExit, startNodeServer } from './support/node-server.ts'

const servers: NodeServer[] = []
const dataDir = mkdtempSync(join(tmpdir(), 'joinlink-edge-test-'))
let server: NodeServer

async function start(env: Record<string, string>): Promise<NodeServer> {
  const started = await startNodeServer(env)
  servers.push(started)
  return started
}

beforeAll(async () => {
  buildEdge()
  server = await start({ ...SUITE_ENV })
}, 120_000)

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()))
  rmSync(dataDir, { recursive: true, force: true })
})

httpContractSuite({
  name: 'Node (dist/node.js)',
  baseUrl: () => server.url,
  logs: () => server.stdout(),
  ambiguousFraming: 'json',
})

const lookupBody = (link: string) => JSON.stringify({ attendeeJoinUrl: link })
const post = (url: string, link: string, headers: Record<string, string> = {}) =>
  fetch(`${url}${LOOKUP_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: lookupBody(link),
    signal: AbortSignal.timeout(10_000),
  })

describe('Node process', () => {
  it('prints one ready line naming the embedded dataset and its size, with a curl of a link in it', () => {
    const ready = server.stdout().split('\n')[0] ?? ''
    expect(ready).toMatch(/^Joinlink ready on http:\/\/127\.0\.0\.1:\d+ /)
    expect(ready).toContain(
      `(node; the embedded dataset, ${dataset.length} conferences; public; docs ${server.url}/docs)`,
    )
    expect(ready).toContain(`curl -s -X POST ${server.url}${LOOKUP_PATH}`)
    expect(ready).toContain(`{"attendeeJoinUrl":"${SEED_LINK}"}`)
  })

  it.each([
    ['PORT', 'PORT', {}],
    ['JOINLINK_METRICS_PORT', 'JOINLINK_METRICS_PORT', { PORT: '0' }],
  ])('a busy %s: exit 1 with one line naming it, no stack trace', async (_, variable, env) => {
    const busy = createServer()
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve))
    const { port } = busy.address() as AddressInfo
    try {
      const exit = await runUntilExit({ ...env, [variable]: String(port) })
      expect(exit.code, exit.stderr).toBe(1)
      expect(exit.stdout).toBe('')
      expect(exit.stderr).toBe(
        `Joinlink could not listen on 127.0.0.1:${port}: the port is in use (another Joinlink still running?). Stop that program, or set ${variable} to a free port (${variable}=0 picks one).\n`,
      )
    } finally {
      busy.close()
    }
  })

  it('SIGTERM: the in-flight request completes with 200, new connections are refused, exit code 0 without waiting out the keep-alive', async () => {
    // A keep-alive longer than the exit is allowed to take: the connection that carried the in-flight
    // answer is closed once it is idle, not when this expires.
    const s = await start({ ...SUITE_ENV, JOINLINK_KEEP_ALIVE_TIMEOUT_MS: '60000' })
    const { port } = new URL(s.url)
    const body = lookupBody(SEED_LINK)
    const socket = connect({ host: '127.0.0.1', port: Number(port) })
    let received = ''
    socket.setEncoding('utf8').on('data', (chunk: string) => {
      received += chunk
    })
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()))
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
    // Headers and half the body: the request is in the handler, waiting for the rest.
    const half = Math.floor(body.length / 2)
    socket.write(
      `POST ${LOOKUP_PATH} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
        `Transfer-Encoding: chunked\r\n\r\n${half.toString(16)}\r\n${body.slice(0, half)}\r\n`,
    )
    await new Promise((resolve) => setTimeout(resolve, 500))
    s.child.kill('SIGTERM')
    await expect.poll(() => s.stdout(), { timeout: 5000 }).toContain('SIGTERM')
    await expect(post(s.url, SEED_LINK)).rejects.toThrow()
    const rest = body.slice(half)
    socket.write(`${rest.length.toString(16)}\r\n${rest}\r\n0\r\n\r\n`)
    await expect.poll(() => received, { timeout: 5000 }).toMatch(/"conferenceId":"239719428"/)
    expect(received).toMatch(/^HTTP\/1\.1 200 /)
    const exit = await Promise.race([
      s.exited,
      new Promise((resolve) => setTimeout(resolve, 8000, 'timeout')),
    ])
    expect(exit).toEqual({ code: 0, signal: null })
    await closed
  })
})

describe('start-up refuses bad configuration: exit 1, a message naming the variable, no stack trace', () => {
  const cases: { name: string; env: Record<string, string>; names: RegExp; secret?: string }[] = [
    { name: 'PORT=abc', env: { PORT: 'abc' }, names: /PORT must be a whole number/ },
    { name: 'PORT=70000', env: { PORT: '70000' }, names: /PORT must be a whole number/ },
    { name: 'JOINLINK_RATE_LIMIT=-1', env: { JOINLINK_RATE_LIMIT: '-1' }, names: /JOINLINK_RATE_LIMIT/ },
    { name: 'JOINLINK_API_KEYS=bad', env: { JOINLINK_API_KEYS: 'bad' }, names: /JOINLINK_API_KEYS entry 1/ },
    {
      name: 'JOINLINK_API_KEYS with an unknown scope (the key is never echoed)',
      env: { JOINLINK_API_KEYS: 'ops:admin:super-secret-key-0123456789' },
      names: /JOINLINK_API_KEYS entry 1/,
      secret: 'super-secret-key-0123456789',
    },
    {
      name: 'JOINLINK_PUBLIC=maybe',
      env: { JOINLINK_PUBLIC: 'maybe' },
      names: /JOINLINK_PUBLIC must be true or false/,
    },
    {
      name: 'JOINLINK_PUBLIC=false without keys',
      env: { JOINLINK_PUBLIC: 'false' },
      names: /JOINLINK_PUBLIC=false needs at least one key/,
    },
    {
      name: 'JOINLINK_CORS_ORIGINS with a path',
      env: { JOINLINK_CORS_ORIGINS: 'https://app.example.com/x' },
      names: /JOINLINK_CORS_ORIGINS/,
    },
    {
      name: 'JOINLINK_SOURCE=vendor',
      env: { JOINLINK_SOURCE: 'vendor' },
      names: /JOINLINK_SOURCE must be one of/,
    },
  ]
  // Separate processes that only print and exit: started side by side.
  for (const { name, env, names, secret } of cases) {
    it.concurrent(name, async ({ expect }) => {
      const exit = await runUntilExit(env)
      const output = exit.stderr + exit.stdout
      expect(exit.code, output).toBe(1)
      expect(exit.stderr).toMatch(names)
      expect(output).not.toMatch(/\n\s+at /)
      expect(output).not.toMatch(/Joinlink ready/)
      if (secret) expect(output).not.toContain(secret)
    })
  }
})

describe('JOINLINK_DATA', () => {
  const envelope = (...result: unknown[]) => JSON.stringify({ ...seedResponse, result })
  const other = { ...seedConference, attendeeJoinUrl: 'https://mtest.qsh1.cn/k/jlOther0001' }
  const badFiles: { name: string; file: string; text: string; names: RegExp[] }[] = [
    {
      name: 'JSON array, second record with a numeric title',
      file: 'records.json',
      text: JSON.stringify([seedConference, { ...other, title: 42 }]),
      names: [/record 2/, /title/],
    },
    {
      name: 'JSON envelope, result[1] missing startTime',
      file: 'envelope.json',
      text: envelope(seedConference, { ...other, startTime: undefined }),
      names: [/record 1/, /result\[1\]\.startTime/],
    },
    {
      name: 'JSON that does not parse',
      file: 'broken.json',
      text: '[{"conferenceId": ',
      names: [/not valid JSON/],
    },
    {
      name: 'NDJSON, line 2 an envelope with a string startTime',
      file: 'envelopes.ndjson',
      text: `${envelope(seedConference)}\n${envelope({ ...other, startTime: 'soon' })}\n`,
      names: [/line 2/, /result\[0\]\.startTime/],
    },
    {
      name: 'NDJSON, line 3 not JSON',
      file: 'garbage.ndjson',
      text: `${JSON.stringify(seedConference)}\n\n{oops\n`,
      names: [/line 3/, /not valid JSON/],
    },
    {
      name: 'NDJSON, the same short code twice',
      file: 'twice.ndjson',
      text: `${JSON.stringify(seedConference)}\n${JSON.stringify(seedConference)}\n`,
      names: [/line 2/, /attendeeJoinUrl/, /appears twice/],
    },
    {
      name: 'JSON array, record 2 a link on a host outside the allow-list',
      file: 'foreign.json',
      text: JSON.stringify([
        seedConference,
        { ...other, attendeeJoinUrl: 'https://example.com/k/jlOther0001' },
      ]),
      names: [/record 2/, /attendeeJoinUrl/, /example\.com|host/],
    },
    { name: 'a file that does not exist', file: 'missing.ndjson', text: '', names: [/cannot read/] },
  ]
  for (const { name, file, text, names } of badFiles) {
    it.concurrent(`malformed: ${name} → exit 1 naming the file, the record and the field`, async ({
      expect,
    }) => {
      const path = join(dataDir, file)
      if (name !== 'a file that does not exist') writeFileSync(path, text)
      const exit = await runUntilExit({ JOINLINK_DATA: path })
      expect(exit.code, exit.stderr + exit.stdout).toBe(1)
      expect(exit.stderr).toContain(path)
      for (const pattern of names) expect(exit.stderr).toMatch(pattern)
      expect(exit.stderr).not.toMatch(/\n\s+at /)
      expect(exit.stdout).not.toMatch(/Joinlink ready/)
    })
  }

  it('the ready line names the file, its size and a link it holds; that link answers 200', async () => {
    const path = join(dataDir, 'one.json')
    const only = { ...seedConference, attendeeJoinUrl: 'https://s.qsh1.cn/k/jlOnly00001' }
    writeFileSync(path, JSON.stringify([only]))
    const s = await start({ JOINLINK_DATA: path, JOINLINK_LOG: 'false' })
    const ready = s.stdout().split('\n')[0] ?? ''
    expect(ready).toContain(`(node; JOINLINK_DATA=${path}, 1 conference; public;`)
    const link = /"attendeeJoinUrl":"([^"]+)"/.exec(ready)?.[1] ?? 'none'
    expect(link).toBe(only.attendeeJoinUrl)
    expect((await post(s.url, link)).status).toBe(200)
  })

  it('a valid NDJSON file of vendor envelopes is served, and only it', async () => {
    const path = join(dataDir, 'served.ndjson')
    writeFileSync(path, `${JSON.stringify(seedResponse)}\n${envelope(sentinelConference)}\n`)
    const s = await start({ ...SUITE_ENV, JOINLINK_DATA: path })
    const seed = await post(s.url, SEED_LINK)
    expect(seed.status).toBe(200)
    expect((await seed.json()).result[0].conferenceId).toBe('239719428')
    const full = await post(s.url, SENTINEL_LINK, { authorization: `Bearer ${FULL_KEY}` })
    expect((await full.json()).result).toEqual([sentinelConference])
    // In the embedded dataset but not in the file.
    const absent = await post(s.url, 'https://mtest.qsh1.cn/k/jlCancel01')
    expect(absent.status).toBe(404)
    expect((await absent.json()).status).toBe(40401)
  })
})
