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
