import { readFileSync } from 'node:fs'
import { createSpecJudge } from '@joinlink/spec-judge'
import { DEFAULT_ALLOWED_HOSTS, LOOKUP_PATH } from '@joinlink/validation'
import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { buildTestApp } from '../../test/support/app.ts'
import { isDefaultDeployment, servedSpec } from './served-spec.ts'

const yaml = readFileSync(new URL('../../../../spec/openapi.yaml', import.meta.url), 'utf8')
const source = { json: JSON.stringify(parse(yaml)), yaml }
const original = parse(yaml)
const SEED_CODE = 'mkIW3Txa0Uk'

/** What a served spec says, read independently of served-spec.ts: Ajv over the served document. */
function describeServed(doc: Record<string, any>) {
  const judge = createSpecJudge(doc)
  return {
    security: doc.paths[LOOKUP_PATH].post.security,
    accepts: (link: string) => judge.schema('LookupRequest', { attendeeJoinUrl: link }).ok,
  }
}

describe('servedSpec', () => {
  it('serves spec/openapi.yaml unchanged, byte for byte, to the default deployment', () => {
    const deployment = { allowedHosts: DEFAULT_ALLOWED_HOSTS, public: true }
    expect(isDefaultDeployment(deployment)).toBe(true)
    expect(servedSpec(source, deployment)).toBe(source)
    // The same families in another case or order are the same deployment.
    expect(isDefaultDeployment({ allowedHosts: ['QSH1.CN', 'quanshi.com'], public: true })).toBe(true)
  })

  it.each([
    {
      name: 'other host families',
      deployment: { allowedHosts: ['example.org', 'meet.example.net'], public: true },
      security: original.paths[LOOKUP_PATH].post.security,
      accepted: [`https://a.example.org/k/${SEED_CODE}`, `MEET.example.net/a/${SEED_CODE}`],
      refused: [`https://mtest.qsh1.cn/k/${SEED_CODE}`, `https://example.net/k/${SEED_CODE}`],
    },
    {
      name: 'keys required (JOINLINK_PUBLIC=false)',
      deployment: { allowedHosts: DEFAULT_ALLOWED_HOSTS, public: false },
      security: [{ edgeApiKey: [] }],
      accepted: [`https://mtest.qsh1.cn/k/${SEED_CODE}`],
      refused: [`https://a.example.org/k/${SEED_CODE}`],
    },
    {
      name: 'both',
      deployment: { allowedHosts: ['qsh1.cn'], public: false },
      security: [{ edgeApiKey: [] }],
      accepted: [`https://s.qsh1.cn/k/${SEED_CODE}`],
      refused: [`https://quanshi.com/k/${SEED_CODE}`],
    },
  ])('$name: pattern and security describe the deployment, JSON and YAML alike', (c) => {
    const served = servedSpec(source, c.deployment)
    const json = JSON.parse(served.json)
    expect(parse(served.yaml)).toEqual(json)
    const view = describeServed(json)
    expect(view.security).toEqual(c.security)
    for (const link of c.accepted) expect(view.accepts(link), link).toBe(true)
    for (const link of c.refused) expect(view.accepts(link), link).toBe(false)
    // Nothing else changes.
    const { pattern: _p, ...linkRest } = json.components.schemas.LookupRequest.properties.attendeeJoinUrl
    const { pattern: _o, ...originalLinkRest } =
      original.components.schemas.LookupRequest.properties.attendeeJoinUrl
    expect(linkRest).toEqual(originalLinkRest)
    expect({ ...json, paths: {}, components: {} }).toEqual({ ...original, paths: {}, components: {} })
  })

  it('refuses host families no join link can have, and spec text it cannot adapt, with a reason', () => {
    expect(() => servedSpec(source, { allowedHosts: ['10.0.0.1'], public: true })).toThrow(
      /no allowed host family can be a join link's host/,
    )
    expect(() =>
      servedSpec({ json: '{}', yaml: '' }, { allowedHosts: ['example.org'], public: true }),
    ).toThrow(/no lookup operation/)
    expect(() =>
      servedSpec(
        { ...source, yaml: yaml.replace('- {}', '- {} ') },
        { allowedHosts: ['qsh1.cn'], public: false },
      ),
    ).toThrow(/0 optional-key security lists where served-spec.ts expects one/)
  })
})

describe('GET /openapi.json and /openapi.yaml describe the deployment', () => {
  it('JOINLINK_ALLOWED_HOSTS=example.org, JOINLINK_PUBLIC=false', async () => {
    const t = await buildTestApp({
      JOINLINK_ALLOWED_HOSTS: 'example.org',
      JOINLINK_PUBLIC: 'false',
      JOINLINK_API_KEYS: 'ops:lookup:lookup-key-0123456789abcdef',
    })
    const json = await (await t.fetch('http://app.local/openapi.json', {})).json()
    const served = parse(await (await t.fetch('http://app.local/openapi.yaml', {})).text())
    expect(served).toEqual(json)
    const view = describeServed(json)
    expect(view.security).toEqual([{ edgeApiKey: [] }])
    expect(view.accepts(`https://x.example.org/k/${SEED_CODE}`)).toBe(true)
    expect(view.accepts(`https://mtest.qsh1.cn/k/${SEED_CODE}`)).toBe(false)
  })
})

// The served spec publishes no host secret: spec/openapi.yaml keeps the vendor's example answer
// verbatim, every served form carries it as a public caller receives it.
describe('no secret of the example conference in any served form of the spec', () => {
  // Written out by hand from the vendor's example (seed/), not read from the spec's marks: the
  // host passcode, the host's user id, the host's join link, the dial-in link's passcode and
  // billing hashes, the vendor's internal request ids and the addresses they name.
  const HAND_PICKED = [
    '201501000037434973',
    '88610849',
    'mkIW3H0GXqq',
    '64f8da5973e4e4798414ea4c929a66242d10e20865e743ea907af626c6397701',
    'b775327d595bea61f77a6041cf63a612',
    'meetservicem.quanshi.com/m-wcall',
    'confopenapiserver-172.10.248.48',
    'uniformserver-172.10.87.161',
    '172.10.248.48',
    '172.10.87.161',
  ]

  /** Every non-empty value at a secret-marked path of the repository spec's example answers. */
  function markedValues(): string[] {
    const out: string[] = []
    const walkSchema = (schema: any, value: unknown) => {
      const target = schema?.$ref ? original.components.schemas[schema.$ref.split('/').pop()] : schema
      if (value === null || value === undefined || !target) return
      if (Array.isArray(value)) {
        for (const item of value) walkSchema(target.items, item)
        return
      }
      if (typeof value === 'object') {
        for (const [key, child] of Object.entries(value as object)) {
          const prop = target.properties?.[key]
          if (prop?.['x-joinlink-secret'] && child !== '' && child !== 0 && child !== null)
            out.push(typeof child === 'object' ? JSON.stringify(child) : String(child))
          else if (prop) walkSchema(prop, child)
        }
      }
    }
    for (const example of Object.values(original.components.examples) as { value: unknown }[])
      walkSchema(original.components.schemas.LookupSuccess, example.value)
    return out
  }

  it('the marks find the hand-picked secrets of the example (the two lists are checked against each other)', () => {
    const marked = markedValues()
    expect(marked.length).toBeGreaterThanOrEqual(6)
    for (const secret of ['201501000037434973', '88610849', 'https://mtest.qsh1.cn/k/mkIW3H0GXqq'])
      expect(marked).toContain(secret)
    expect(marked.some((v) => v.includes('64f8da5973e4e479'))).toBe(true)
    expect(marked.some((v) => v.includes('172.10.248.48'))).toBe(true)
    // And the repository spec itself keeps them (so the search below could find them).
    for (const secret of HAND_PICKED) expect(yaml, secret).toContain(secret)
  })

  it.each([
    { name: 'the default deployment', env: {} },
    {
      name: 'JOINLINK_PUBLIC=false (served without a key) and other hosts',
      env: {
        JOINLINK_ALLOWED_HOSTS: 'qsh1.cn,example.org',
        JOINLINK_PUBLIC: 'false',
        JOINLINK_API_KEYS: 'ops:lookup:lookup-key-0123456789abcdef',
      },
    },
  ])('$name: /openapi.json, /openapi.yaml and /docs', async ({ env }) => {
    const t = await buildTestApp(env)
    const secrets = [...new Set([...HAND_PICKED, ...markedValues()])]
    for (const path of ['/openapi.json', '/openapi.yaml', '/docs']) {
      const response = await t.fetch(`http://app.local${path}`, {})
      expect(response.status, path).toBe(200)
      const text = await response.text()
      for (const secret of secrets) expect(text.includes(secret), `${path} holds ${secret}`).toBe(false)
    }
    // Still the vendor's example conference, as a public lookup of its link answers it.
    const json = await (await t.fetch('http://app.local/openapi.json', {})).json()
    const served = json.components.examples.SeedSuccess.value
    expect(createSpecJudge(json).response(200, served)).toEqual({ ok: true })
    expect(served.result[0].attendeeJoinUrl).toBe('https://mtest.qsh1.cn/k/mkIW3Txa0Uk')
  })

  it('the Worker static assets (written from the same embedded text) hold none either', async () => {
    const { specJson, specYaml } = await import('./openapi.gen.ts')
    for (const secret of [...HAND_PICKED, ...markedValues()]) {
      expect(specJson.includes(secret), `openapi.json asset holds ${secret}`).toBe(false)
      expect(specYaml.includes(secret), `openapi.yaml asset holds ${secret}`).toBe(false)
    }
  })
})
