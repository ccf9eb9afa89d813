import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer as createHttpServer, type Server } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { freePort, type Spawned } from '@joinlink/test-kit/process'
import { seedConference } from '@joinlink/validation/fixtures'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatWhen } from '../src/format.ts'
import { createJoinlinkClient } from '../src/index.ts'
import { startEdge as start } from './edge.ts'
import { failure } from './failure.ts'

// Real HTTP against the edge's Node build (test/edge-build.global.ts, never skipped), one process
// per configuration.
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url))
const SEED_LINK = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'
const UNKNOWN_LINK = 'https://mtest.qsh1.cn/k/zzzzzz0000'
const FULL_KEY = 'full-key-0123456789abcdef'

const started: Spawned[] = []
const scratch = mkdtempSync(join(tmpdir(), 'joinlink-client-edge-'))

/** Starts the built edge with `env` on a free port and resolves to its origin, read from its ready line. */
async function startEdge(env: Record<string, string> = {}): Promise<string> {
  const { edge, origin } = await start(env)
  started.push(edge)
  return origin
}

/** A port nothing listens on. */
const closedPort = freePort

const run = promisify(execFile)

/** Runs the CLI with Node (which strips the types) and resolves to its exit code and output. */
async function lookupCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, JOINLINK_BASE_URL: '', JOINLINK_API_KEY: '' }
  return run(process.execPath, [cli, ...args], { env, timeout: 30_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout: string; stderr: string }) => ({
      code: error.code ?? -1,
      stdout: error.stdout,
      stderr: error.stderr,
    }),
  )
}

describe('over real HTTP against the edge (fixtures source)', () => {
  let edge = ''
  let quanshiOnly = ''
  let keyed = ''
  let limited = ''
  let silent: Server
  let silentBase = ''
  let silentRequests = 0

  beforeAll(async () => {
    // An edge that only serves quanshi.com links needs a dataset on that host.
    const data = join(scratch, 'quanshi.json')
    writeFileSync(
      data,
      JSON.stringify([{ ...seedConference, attendeeJoinUrl: 'https://s.quanshi.com/k/abcdef1234' }]),
    )
    ;[edge, quanshiOnly, keyed, limited] = await Promise.all([
      startEdge(),
      startEdge({ JOINLINK_ALLOWED_HOSTS: 'quanshi.com', JOINLINK_DATA: data }),
      startEdge({ JOINLINK_PUBLIC: 'false', JOINLINK_API_KEYS: `t:full:${FULL_KEY}` }),
      startEdge({ JOINLINK_RATE_LIMIT: '1' }),
    ])
    // A server that takes every request and never answers.
    silent = createHttpServer(() => {
      silentRequests++
    })
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    silentBase = `http://127.0.0.1:${(silent.address() as { port: number }).port}`
  }, 150_000)

  afterAll(async () => {
    await Promise.all(started.map((edge) => edge.stop()))
    rmSync(scratch, { recursive: true, force: true })
    if (!silent) return
    silent.closeAllConnections()
    await new Promise((resolve) => silent.close(resolve))
  })

  it('getConference resolves to the seed conference, public profile, and passes strict validation', async () => {
    const client = createJoinlinkClient({ baseUrl: edge, validate: 'strict' })
    const conference = await client.getConference('HTTPS://MTEST.qsh1.cn/k/mkIW3Txa0Uk/?priority=web')
    expect(conference.title).toBe(seedConference.title)
    expect(conference.pcode1).toBe('')
  })

  it('lookup resolves to the whole envelope', async () => {
    const envelope = await createJoinlinkClient({ baseUrl: edge }).lookup(SEED_LINK)
    expect(envelope).toMatchObject({
      status: 0,
      request_id: expect.any(String),
      timestamp: expect.any(Number),
    })
  })

  it('not_found: an unknown code, with the envelope fields', async () => {
    const client = createJoinlinkClient({ baseUrl: edge, validate: 'strict' })
    const error = await failure(client.getConference(UNKNOWN_LINK))
    expect(error).toMatchObject({ kind: 'not_found', status: 40401, httpStatus: 404 })
    expect(error.msg).toEqual(expect.any(String))
    expect(error.requestId).toEqual(expect.any(String))
  })

  it('invalid_request: a wrong path on the server (40402), not not_found', async () => {
    const client = createJoinlinkClient({ baseUrl: `${edge}/nothing-here`, retries: 0 })
    const error = await failure(client.getConference(SEED_LINK))
    expect(error).toMatchObject({ kind: 'invalid_request', status: 40402, httpStatus: 404 })
  })

  it('invalid_request: a 400 envelope for a link this client accepts but the edge refuses', async () => {
    const client = createJoinlinkClient({ baseUrl: quanshiOnly, validate: 'strict' })
    const error = await failure(client.getConference(SEED_LINK))
    expect(error).toMatchObject({ kind: 'invalid_request', httpStatus: 400, requestId: expect.any(String) })
    expect(error.status).toBeGreaterThanOrEqual(40000)
    expect(error.status).toBeLessThan(40100)
    expect(error.message).toContain(error.msg)
  })

  it('unauthorized without an API key; the full record with one', async () => {
    const anonymous = createJoinlinkClient({ baseUrl: keyed, validate: 'strict' })
    const error = await failure(anonymous.getConference(SEED_LINK))
    expect(error).toMatchObject({ kind: 'unauthorized', httpStatus: 401, requestId: expect.any(String) })
    const wrongKey = createJoinlinkClient({ baseUrl: keyed, apiKey: 'not-the-key-0123456789' })
    expect((await failure(wrongKey.getConference(SEED_LINK))).kind).toBe('unauthorized')
    const client = createJoinlinkClient({ baseUrl: keyed, apiKey: FULL_KEY, validate: 'strict' })
    await expect(client.getConference(SEED_LINK)).resolves.toEqual(seedConference)
  })

  it('rate_limited: the second call in the minute, with Retry-After, not retried when retries is 0', async () => {
    const client = createJoinlinkClient({ baseUrl: limited, retries: 0 })
    await expect(client.getConference(SEED_LINK)).resolves.toMatchObject({ title: seedConference.title })
    const error = await failure(client.getConference(SEED_LINK))
    expect(error).toMatchObject({ kind: 'rate_limited', httpStatus: 429, status: 42901 })
    expect(error.retryAfterMs).toBeGreaterThan(0)
  })

  it('network: nothing listens on the port', async () => {
    const baseUrl = `http://127.0.0.1:${await closedPort()}`
    const error = await failure(createJoinlinkClient({ baseUrl, retries: 0 }).getConference(SEED_LINK))
    expect(error.kind).toBe('network')
    expect(error.httpStatus).toBeUndefined()
    expect(error.message).toBe(`${baseUrl} is unreachable: ECONNREFUSED`)
    expect(error.cause).toBeInstanceOf(Error)
  })

  it('timeout: a server that never answers, per attempt, retried once (2 attempts)', async () => {
    silentRequests = 0
    const client = createJoinlinkClient({ baseUrl: silentBase, timeoutMs: 200, retries: 1 })
    const started = Date.now()
    const error = await failure(client.getConference(SEED_LINK))
    expect(error.kind).toBe('timeout')
    expect(error.httpStatus).toBeUndefined()
    expect((error.cause as Error).name).toBe('TimeoutError')
    expect(silentRequests).toBe(2)
    // Two 200 ms attempts and one 100-200 ms backoff.
    expect(Date.now() - started).toBeGreaterThanOrEqual(500)
  })

  it('a caller abort ends the call at once with its reason', async () => {
    const client = createJoinlinkClient({ baseUrl: silentBase, timeoutMs: 10_000 })
    const reason = new Error('user left')
    const call = client.getConference(SEED_LINK, { signal: AbortSignal.timeout(100) })
    await expect(call).rejects.toMatchObject({ name: 'TimeoutError' })
    const controller = new AbortController()
    const second = client.getConference(SEED_LINK, { signal: controller.signal })
    setTimeout(() => controller.abort(reason), 50)
    await expect(second).rejects.toBe(reason)
  })

  // Each case spawns Node (one or two CLI runs): seconds each on a busy machine.
  describe('the CLI, end to end', { timeout: 30_000 }, () => {
    it('prints a summary: title, local times in Asia/Shanghai, status word, host', async () => {
      const { code, stdout, stderr } = await lookupCli(SEED_LINK, '--base-url', edge)
      expect(stderr).toBe('')
      expect(code).toBe(0)
      expect(stdout.split('\n')[0]).toBe('哦')
      expect(stdout).toContain(`when    ${formatWhen(seedConference)}`)
      expect(stdout).toMatch(/when {4}\d{4}-\d\d-\d\d \d\d:\d\d – .+ \(Asia\/Shanghai\)/)
      expect(stdout).toMatch(/status {2}(cancelled|created|ended)\n/)
      expect(stdout).toContain(`link    ${SEED_LINK}`)
    })

    it('--json prints the envelope', async () => {
      const { code, stdout } = await lookupCli(SEED_LINK, '--base-url', edge, '--json')
      expect(code).toBe(0)
      const envelope = JSON.parse(stdout)
      expect(envelope).toMatchObject({ status: 0, request_id: expect.any(String) })
      expect(envelope.result[0].title).toBe('哦')
    })

    it('--api-key reaches a keyed edge; without it the failure is unauthorized', async () => {
      expect((await lookupCli(SEED_LINK, '--base-url', keyed, '--api-key', FULL_KEY)).code).toBe(0)
      const { code, stderr } = await lookupCli(SEED_LINK, '--base-url', keyed)
      expect(code).toBe(1)
      expect(stderr).toMatch(/^error unauthorized: .+\(request id [^)]+\)\n$/)
    })

    it.each([
      [
        'a bad link',
        ['https://example.com/k/mkIW3Txa0Uk'],
        /^error invalid_request: Not an attendee join link: /,
      ],
      ['an unknown code', [UNKNOWN_LINK], /^error not_found: /],
    ])('%s exits 1 with the kind and message, and no stack trace', async (_, args, message) => {
      const { code, stdout, stderr } = await lookupCli(...args, '--base-url', edge)
      expect(code).toBe(1)
      expect(stdout).toBe('')
      expect(stderr).toMatch(message)
      expect(stderr).not.toMatch(/\n\s+at /)
      expect(stderr.trim().split('\n')).toHaveLength(1)
    })

    it('--help exits 0 and lists every option', async () => {
      const { code, stdout } = await lookupCli('--help')
      expect(code).toBe(0)
      for (const option of ['<link>', '--base-url', '--api-key', '--json', '--version', '--help'])
        expect(stdout).toContain(option)
    })

    it.each(['--version', '-v'])('%s prints the package name and version from package.json', async (flag) => {
      const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
      expect(await lookupCli(flag)).toEqual({ code: 0, stdout: `${name} ${version}\n`, stderr: '' })
    })
  })
})
