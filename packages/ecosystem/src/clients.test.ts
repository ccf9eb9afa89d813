// Clients generated from spec/openapi.yaml by hey-api (fetch client, zod plugin, SDK validating
// requests and responses) and orval (fetch client, zod) typecheck under strict with Bundler and
// NodeNext resolution, and fetch the seed conference from a real edge on 127.0.0.1, validated by
// their own generated zod schemas.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { createClient } from '@hey-api/openapi-ts'
import { generate } from 'orval'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeScratchDirs, SPEC, type Started, scratchDir, startEdge, typecheck } from './support.ts'

const SEED_LINK = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'
const SEED_CONFERENCE_ID = '239719428'
type Resolution = 'Bundler' | 'NodeNext'
type Lookup = (
  baseUrl: string,
  link: string,
) => Promise<{ status: number; conferenceId: string; when: number }>

let edge: Started
let dir: string

beforeAll(async () => {
  dir = scratchDir('ecosystem')
  edge = await startEdge()
}, 120_000)

afterAll(async () => {
  await edge?.stop()
  removeScratchDirs()
})

/** hey-api into `<dir>/hey-<resolution>`; NodeNext makes it write `.js` import extensions. */
async function heyApi(resolution: Resolution, input = SPEC, label = ''): Promise<string> {
  const name = `hey-${resolution.toLowerCase()}${label}`
  const out = join(dir, name)
  const tsconfig = join(dir, `${name}.tsconfig.json`)
  writeFileSync(
    tsconfig,
    JSON.stringify({
      compilerOptions: {
        module: resolution === 'Bundler' ? 'ESNext' : 'NodeNext',
        moduleResolution: resolution,
      },
    }),
  )
  await createClient({
    input,
    output: { path: out, tsConfigPath: tsconfig },
    plugins: ['@hey-api/client-fetch', 'zod', { name: '@hey-api/sdk', validator: true }],
    logs: { level: 'silent' },
  })
  const ext = resolution === 'NodeNext' ? '.js' : ''
  writeFileSync(
    join(dir, `call-${name}.ts`),
    `import { client } from './${name}/client.gen${ext}'
import { getConferenceByAttendeeJoinUrl } from './${name}/sdk.gen${ext}'
import type { GetConferenceByAttendeeJoinUrlResponse } from './${name}/types.gen${ext}'
import { zGetConferenceByAttendeeJoinUrlResponse } from './${name}/zod.gen${ext}'

export async function lookup(baseUrl: string, link: string) {
  client.setConfig({ baseUrl })
  const { data, error, response } = await getConferenceByAttendeeJoinUrl({ body: { attendeeJoinUrl: link } })
  if (data === undefined) throw new Error(\`hey-api: \${response?.status} \${JSON.stringify(error)}\`)
  // The generated types and the generated zod schema must describe the same value.
  const checked: GetConferenceByAttendeeJoinUrlResponse = zGetConferenceByAttendeeJoinUrlResponse.parse(data)
  const when: number = checked.timestamp
  return { status: response?.status ?? 0, conferenceId: checked.result[0]?.conferenceId ?? '', when }
}
`,
  )
  return `call-${name}.ts`
}

/** orval's fetch client and zod schemas into `<dir>/orval`, calling `baseUrl`. */
async function orval(baseUrl: string): Promise<Record<Resolution, string>> {
  const input = { target: SPEC }
  mkdirSync(join(dir, 'orval'), { recursive: true })
  // Warnings still print (and fail the test, see @joinlink/vitest-config); the success banner does not.
  const quiet = { logLevel: 'warn' } as const
  await generate(
    { input, output: { target: join(dir, 'orval/client.ts'), client: 'fetch', mode: 'single', baseUrl } },
    undefined,
    quiet,
  )
  await generate(
    { input, output: { target: join(dir, 'orval/zod.ts'), client: 'zod', mode: 'single' } },
    undefined,
    quiet,
  )
  const files = {} as Record<Resolution, string>
  for (const resolution of ['Bundler', 'NodeNext'] as const) {
    const ext = resolution === 'NodeNext' ? '.js' : ''
    const file = `call-orval-${resolution.toLowerCase()}.ts`
    writeFileSync(
      join(dir, file),
      `import { getConferenceByAttendeeJoinUrl, type LookupSuccess } from './orval/client${ext}'
import { GetConferenceByAttendeeJoinUrlResponse } from './orval/zod${ext}'

export async function lookup(_baseUrl: string, link: string) {
  const answer = await getConferenceByAttendeeJoinUrl({ attendeeJoinUrl: link })
  if (answer.status !== 200) throw new Error(\`orval: \${answer.status} \${JSON.stringify(answer.data)}\`)
  // The generated types and the generated zod schema must describe the same value.
  const checked: LookupSuccess = GetConferenceByAttendeeJoinUrlResponse.parse(answer.data)
  const when: number = checked.timestamp
  return { status: answer.status, conferenceId: checked.result[0]?.conferenceId ?? '', when }
}
`,
    )
    files[resolution] = file
  }
  return files
}

async function callThrough(file: string): Promise<Awaited<ReturnType<Lookup>>> {
  const { lookup } = (await import(/* @vite-ignore */ pathToFileURL(join(dir, file)).href)) as {
    lookup: Lookup
  }
  return lookup(edge.baseUrl, SEED_LINK)
}

describe('@hey-api/openapi-ts 0.99.0 (client-fetch, zod, sdk with validator)', () => {
  it.each(['Bundler', 'NodeNext'] as const)(
    'generates code that typechecks under strict with %s resolution and gets the seed conference',
    async (resolution) => {
      const call = await heyApi(resolution)
      const name = `hey-${resolution.toLowerCase()}`
      const tsc = await typecheck(dir, resolution, [name, call])
      expect(tsc.output, `tsc (${resolution}) over hey-api's output`).toBe('')
      expect(tsc.code).toBe(0)
      const answer = await callThrough(call)
      expect(answer).toEqual({ status: 200, conferenceId: SEED_CONFERENCE_ID, when: expect.any(Number) })
    },
    120_000,
  )

  it('turns red when an integer is `format: int64` again (its zod plugin reads a bigint, its types a number)', async () => {
    const text = readFileSync(SPEC, 'utf8')
    const marker = '          description: When the answer was made, in Unix milliseconds'
    expect(text).toContain(marker)
    const broken = join(dir, 'int64.yaml')
    writeFileSync(broken, text.replaceAll(marker, `          format: int64\n${marker}`))
    const call = await heyApi('Bundler', broken, '-int64')
    const tsc = await typecheck(dir, 'Bundler', ['hey-bundler-int64', call])
    expect(tsc.code).not.toBe(0)
    expect(tsc.output).toMatch(/bigint/)
  }, 120_000)
})

describe('orval 8.38.0 (fetch client, zod)', () => {
  it('generates code that typechecks under strict with Bundler and NodeNext and gets the seed conference', async () => {
    const files = await orval(edge.baseUrl)
    for (const resolution of ['Bundler', 'NodeNext'] as const) {
      const tsc = await typecheck(dir, resolution, ['orval', files[resolution]])
      expect(tsc.output, `tsc (${resolution}) over orval's output`).toBe('')
      expect(tsc.code).toBe(0)
    }
    expect(await callThrough(files.Bundler)).toEqual({
      status: 200,
      conferenceId: SEED_CONFERENCE_ID,
      when: expect.any(Number),
    })
  }, 120_000)
})
