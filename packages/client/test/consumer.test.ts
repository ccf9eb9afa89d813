// The packed tarballs as a consumer gets them (packed once per run by test/packed.ts):
// @joinlink/types, /validation, /core and /client, and msw from the registry, installed by npm into
// a fresh directory, then
// - a consumer's TypeScript typechecked under strict settings (typed error codes narrow, recorded
//   requests, MSW handlers, the raw client, the closed kind union), and run under plain Node:
//   strict validation's message, the recorded request, ErrorCode, the MSW handlers intercepting
//   fetch (setupServer), the raw client, and the CLI's --version;
// - the same client bundled into a page (esbuild, as a browser app's bundler) on another origin in
//   headless Chromium, calling the edge: shown the conference when the edge allows that origin,
//   and an error naming CORS and JOINLINK_CORS_ORIGINS when it does not.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { launchChromium } from '@joinlink/test-kit/browser'
import type { Spawned } from '@joinlink/test-kit/process'
import { LOOKUP_PATH } from '@joinlink/validation/facts'
import { seedConference } from '@joinlink/validation/fixtures'
import { build } from 'esbuild'
import { afterAll, expect, inject, it } from 'vitest'
import { startEdge } from './edge.ts'

const run = promisify(execFile)
const consumer = mkdtempSync(join(tmpdir(), 'joinlink-consumer-'))
const SEED_LINK = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))

const cleanup: (() => unknown)[] = []
afterAll(async () => {
  await Promise.all(cleanup.map((step) => step()))
  rmSync(consumer, { recursive: true, force: true })
})

const CONSUMER_TS = `
import { createJoinlinkClient, ErrorCode, JoinlinkError, type Conference, type JoinlinkErrorKind, type LookupSuccess } from '@joinlink/client'
import { createRawClient } from '@joinlink/client/raw'
import { createFixtureFetch, type RecordedRequest } from '@joinlink/client/testing'
import { LOOKUP_PATH } from '@joinlink/validation/facts'

const SEED = '${SEED_LINK}'
const UNKNOWN = 'https://mtest.qsh1.cn/k/zzzz0000'
/** The JoinlinkError a call rejects with, or undefined when it resolves. */
const failure = (call: Promise<unknown>) => call.then(() => undefined, (error: unknown) => (error instanceof JoinlinkError ? error : undefined))

export async function main(): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {}
  // The test fetch records what the client sent, readable after the call.
  const fetch = createFixtureFetch()
  const client = createJoinlinkClient({ baseUrl: 'http://joinlink.test', fetch, apiKey: 'key-0123456789abcdef', validate: 'strict' })
  const envelope: LookupSuccess = await client.lookup(SEED + '?priority=web')
  const conference: Conference | undefined = envelope.result[0]
  out.title = conference?.title
  const sent: RecordedRequest | undefined = fetch.requests[0]
  out.recorded = sent && { method: sent.method, url: sent.url, authorization: sent.headers.authorization, body: JSON.parse(sent.body) }
  // Typed error codes: comparing with a constant narrows the union.
  const notFound = await failure(client.getConference(UNKNOWN))
  if (notFound?.code === ErrorCode.NOT_FOUND) {
    const code: 40401 = notFound.code
    const kind: JoinlinkErrorKind = notFound.kind
    out.notFound = [code, kind]
  }
  // Strict validation says what arrived, and what to do.
  const mistyped = createJoinlinkClient({
    baseUrl: 'http://joinlink.test',
    validate: 'strict',
    retries: 0,
    fetch: async () => Response.json({ ...envelope, request_id: 'r1', result: [{ ...conference, title: 42 }] }),
  })
  out.strict = (await failure(mistyped.getConference(SEED)))?.message
  // The raw openapi-fetch client, typed by path, over the test fetch.
  const raw = createRawClient({ baseUrl: 'http://joinlink.test', fetch })
  const { data } = await raw.POST(LOOKUP_PATH, { body: { attendeeJoinUrl: SEED } })
  out.raw = data?.result[0]?.title
  return out
}

// @ts-expect-error kinds are a closed union
const wrong: JoinlinkErrorKind = 'teapot'
// @ts-expect-error 40499 is not a spec code: the comparison cannot be true
if (new JoinlinkError('not_found', 'x').code === 40499) void wrong

console.log(JSON.stringify(await main()))
`

/**
 * MSW's setupServer with the handlers: apart, because checking msw's own declarations (its
 * dependencies' included) would triple the strict typecheck, which is for this project's.
 */
const CONSUMER_MSW_TS = `
import { createJoinlinkClient, JoinlinkError } from '@joinlink/client'
import { joinlinkHandlers } from '@joinlink/client/msw'
import { setupServer } from 'msw/node'

// Made before the server listens: the client reads the global fetch at each call.
const client = createJoinlinkClient({ baseUrl: 'https://joinlink.example.com', retries: 0 })
const server = setupServer(...joinlinkHandlers({ baseUrl: 'https://joinlink.example.com' }))
server.listen({ onUnhandledFrame: 'error' })
try {
  const title = (await client.getConference('${SEED_LINK}')).title
  const code = await client.getConference('https://mtest.qsh1.cn/k/zzzz0000').then(
    () => undefined,
    (error: unknown) => (error instanceof JoinlinkError ? error.code : undefined),
  )
  console.log(JSON.stringify({ msw: title, mswNotFound: code }))
} finally {
  server.close()
}
`

/** The page's script: looks the seed up against ?edge= and writes the outcome on <body>. */
const PAGE_JS = `
import { createJoinlinkClient } from '@joinlink/client'
const client = createJoinlinkClient({ baseUrl: new URLSearchParams(location.search).get('edge'), retries: 0 })
client.getConference('${SEED_LINK}').then(
  (conference) => { document.body.dataset.outcome = 'conference: ' + conference.title },
  (error) => { document.body.dataset.outcome = error.kind + ': ' + error.message },
)
`

/** Serves the page and its bundle from an origin of its own. */
async function servePage(script: string): Promise<string> {
  const server: Server = createServer((request, response) => {
    const [type, body] = request.url?.startsWith('/app.js')
      ? ['text/javascript', script]
      : [
          'text/html',
          '<!doctype html><html><body><script type="module" src="/app.js"></script></body></html>',
        ]
    response.writeHead(200, { 'content-type': `${type}; charset=utf-8` }).end(body)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  cleanup.push(() => new Promise((resolve) => server.close(resolve)))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}

async function install(): Promise<void> {
  const packed = inject('packed')
  const tarballs = [packed.types, packed.validation, packed.core, packed.client]
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  )
  const npm = ['install', '--no-audit', '--no-fund', '--loglevel=error', '--prefer-offline']
  // npm's warnings stay in the pipe; a failure carries them.
  await run('npm', [...npm, ...tarballs, 'typescript@5.9.3', 'msw@3.0.5'], { cwd: consumer })
}

const started = (edge: Spawned) => cleanup.push(() => edge.stop())

it('the packed packages in a fresh npm project: strict types, a run under Node, the CLI, and the client in Chromium on another origin with CORS allowed and not', async () => {
  const [, browser] = await Promise.all([install(), launchChromium()])
  cleanup.push(() => browser.close())

  // Typechecked as a consumer would, strictest settings: for the consumer, this project's own
  // .d.ts files too (skipLibCheck false) and no Node types (a browser app has none); for the MSW
  // part, only the usage (msw's own declarations are msw's to check, and triple the time).
  writeFileSync(join(consumer, 'consumer.ts'), CONSUMER_TS)
  writeFileSync(join(consumer, 'consumer-msw.ts'), CONSUMER_MSW_TS)
  const strict = {
    noEmit: true,
    strict: true,
    exactOptionalPropertyTypes: true,
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    lib: ['es2022', 'dom'],
  }
  const configs = {
    'tsconfig.json': {
      compilerOptions: { ...strict, skipLibCheck: false, types: [] },
      files: ['consumer.ts'],
    },
    'tsconfig.msw.json': { compilerOptions: { ...strict, skipLibCheck: true }, files: ['consumer-msw.ts'] },
  }
  const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc')
  const typecheck = (config: string) =>
    run(process.execPath, [tsc, '-p', config], { cwd: consumer }).then(
      ({ stdout }) => stdout,
      (error: { stdout?: string }) => error.stdout ?? String(error),
    )
  for (const [name, config] of Object.entries(configs))
    writeFileSync(join(consumer, name), JSON.stringify(config))
  expect(await Promise.all(Object.keys(configs).map(typecheck))).toEqual(['', ''])

  // And run under plain Node, from the packed dist.
  const [plain, msw] = await Promise.all(
    ['consumer.ts', 'consumer-msw.ts'].map(async (file) =>
      JSON.parse((await run(process.execPath, [file], { cwd: consumer })).stdout),
    ),
  )
  expect({ ...plain, ...msw }).toEqual({
    title: seedConference.title,
    recorded: {
      method: 'POST',
      url: `http://joinlink.test${LOOKUP_PATH}`,
      authorization: 'Bearer key-0123456789abcdef',
      body: { attendeeJoinUrl: SEED_LINK },
    },
    notFound: [40401, 'not_found'],
    strict:
      'HTTP 200 with an answer outside the spec: result[0].title: expected string, got number; the server does not follow the spec this @joinlink/client was built from: update the client, or report it to the server operator (request id r1)',
    raw: seedConference.title,
    msw: seedConference.title,
    mswNotFound: 40401,
  })
  const cli = await run(join(consumer, 'node_modules', '.bin', 'joinlink-lookup'), ['--version'], {
    cwd: consumer,
  })
  expect(cli.stdout).toBe(`@joinlink/client ${version}\n`)

  // The installed client, bundled for a browser page served from an origin of its own.
  writeFileSync(join(consumer, 'page.js'), PAGE_JS)
  const bundle = await build({
    entryPoints: [join(consumer, 'page.js')],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  })
  const page = await servePage(bundle.outputFiles[0]?.text ?? '')
  const [allowing, refusing] = await Promise.all([startEdge({ JOINLINK_CORS_ORIGINS: page }), startEdge()])
  started(allowing.edge)
  started(refusing.edge)
  const outcome = async (edge: string) => {
    const tab = await browser.newPage()
    await tab.goto(`${page}/?edge=${encodeURIComponent(edge)}`)
    await tab.waitForFunction(() => document.body?.dataset.outcome, undefined, { timeout: 15_000 })
    const text = await tab.evaluate(() => document.body.dataset.outcome)
    await tab.close()
    return text
  }
  expect(await outcome(allowing.origin)).toBe(`conference: ${seedConference.title}`)
  expect(await outcome(refusing.origin)).toBe(
    `network: ${refusing.origin} is unreachable, or it refused this page's origin (CORS): TypeError: Failed to fetch. If it is up, its operator must allow ${page} (JOINLINK_CORS_ORIGINS=${page} on a Joinlink edge); the browser console names the cause.`,
  )
}, 300_000) // a real npm install, two strict typechecks and Chromium (the four packages are packed once, by test/packed.ts)
