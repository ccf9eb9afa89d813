import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, expect, inject, it } from 'vitest'

const consumer = mkdtempSync(join(tmpdir(), 'joinlink-consumer-'))

afterAll(() => rmSync(consumer, { recursive: true, force: true }))

const CONSUMER_TS = `
import { createJoinlinkClient, JoinlinkError, type Conference, type JoinlinkErrorKind, type LookupSuccess } from '@joinlink/client'
import { createFixtureFetch } from '@joinlink/client/testing'
import { LOOKUP_PATH } from '@joinlink/validation/facts'

const client = createJoinlinkClient({
  baseUrl: 'http://127.0.0.1:8787',
  apiKey: 'key',
  timeoutMs: 5_000,
  retries: 1,
  validate: 'strict',
  fetch: createFixtureFetch(),
  headers: { 'X-Request-Id': 'consumer-1' },
})
export async function main(): Promise<string> {
  const conference: Conference = await client.getConference('https://mtest.qsh1.cn/k/mkIW3Txa0Uk', {
    signal: AbortSignal.timeout(1_000),
  })
  const envelope: LookupSuccess = await client.lookup('https://mtest.qsh1.cn/k/mkIW3Txa0Uk')
  try {
    await client.getConference('https://mtest.qsh1.cn/k/zzzz0000')
  } catch (error) {
    if (error instanceof JoinlinkError) {
      const kind: JoinlinkErrorKind = error.kind
      const details: [number | undefined, number | undefined, string | undefined, string | undefined] = [
        error.status,
        error.httpStatus,
        error.msg,
        error.requestId,
      ]
      return kind + details.join(',') + String(error.cause)
    }
  }
  const raw = await client.raw.POST(LOOKUP_PATH, {
    body: { attendeeJoinUrl: conference.attendeeJoinUrl },
  })
  return conference.title + envelope.request_id + String(raw.data?.result[0]?.title)
}
// @ts-expect-error kinds are a closed union
const wrong: JoinlinkErrorKind = 'teapot'
void wrong
`

it('packed @joinlink/types, /validation, /core and /client install into a fresh directory and typecheck a consumer under strict TS', () => {
  const packed = inject('packed')
  const tarballs = [packed.types, packed.validation, packed.core, packed.client]
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
  )
  execFileSync(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs, 'typescript@5.9.3'],
    // npm's warnings stay in the pipe; a failure carries them.
    { cwd: consumer, stdio: 'pipe' },
  )
  writeFileSync(join(consumer, 'consumer.ts'), CONSUMER_TS)
  const tsc = join(consumer, 'node_modules', 'typescript', 'bin', 'tsc')
  const args = [tsc, '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext']
  args.push(
    '--target',
    'es2022',
    '--lib',
    'es2022,dom',
    '--exactOptionalPropertyTypes',
    '--skipLibCheck',
    'false',
  )
  const result = (() => {
    try {
      return execFileSync(process.execPath, [...args, 'consumer.ts'], { cwd: consumer, encoding: 'utf8' })
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error)
    }
  })()
  expect(result).toBe('')
  // And it runs: the packed ESM resolves under plain Node.
  const ran = execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import('@joinlink/client').then((m) => console.log(Object.keys(m).sort().join(',')))",
    ],
    { cwd: consumer, encoding: 'utf8' },
  )
  expect(ran.trim()).toBe('JoinlinkError,createJoinlinkClient')
}, 300_000) // a real npm install and a strict typecheck (the four packages are packed once, by test/packed.ts)
