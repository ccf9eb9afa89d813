// The spec a deployment serves (/openapi.json, /openapi.yaml, and /docs through /openapi.json)
// describes that deployment: its join-link pattern names the configured host families, and its
// `security` says whether a key is required. spec/openapi.yaml describes the default deployment.
import { DEFAULT_ALLOWED_HOSTS, joinUrlPattern, LOOKUP_PATH } from '@joinlink/validation'

/** The spec as text, in both forms the edge serves. */
export interface SpecText {
  json: string
  yaml: string
}

/** The settings the served spec depends on (a subset of the edge's Config). */
export interface SpecDeployment {
  /** JOINLINK_ALLOWED_HOSTS: the host families the join-link pattern names. */
  allowedHosts: readonly string[]
  /** JOINLINK_PUBLIC: false means every lookup needs an API key. */
  public: boolean
}

const DEFAULT_PATTERN = joinUrlPattern(DEFAULT_ALLOWED_HOSTS)
const KEY_REQUIRED = [{ edgeApiKey: [] }]
// The lookup operation's security list in spec/openapi.yaml: comments, then `- {}` and the key.
const YAML_OPTIONAL_KEY = /(\n {6}security:\n(?: {8}#[^\n]*\n)*) {8}- \{\}\n( {8}- edgeApiKey: \[\]\n)/g

/** True when the deployment is the one spec/openapi.yaml describes, so the text is served as is. */
export function isDefaultDeployment(deployment: SpecDeployment): boolean {
  return deployment.public && joinUrlPattern(deployment.allowedHosts) === DEFAULT_PATTERN
}

function replaceOnce(
  text: string,
  search: string | RegExp,
  replacement: (match: string, ...groups: string[]) => string,
  what: string,
): string {
  const count = typeof search === 'string' ? text.split(search).length - 1 : (text.match(search) ?? []).length
  if (count !== 1) {
    throw new Error(
      `spec/openapi.yaml has ${count} ${what} where served-spec.ts expects one; update apps/edge/src/http/served-spec.ts`,
    )
  }
  return text.replace(search, replacement)
}

/**
 * The spec this deployment serves, from the spec text it was built with. The default deployment
 * gets `source` unchanged (nothing is parsed); any other gets its host families in the
 * `attendeeJoinUrl` pattern and, under `JOINLINK_PUBLIC=false`, a required key in the lookup's
 * `security`. The YAML is edited as text (no YAML library in the Worker bundle); a test checks it
 * parses to the same document as the JSON.
 *
 * @throws TypeError when no allowed host family can be a join link's host (see `joinUrlPattern`).
 */
export function servedSpec(source: SpecText, deployment: SpecDeployment): SpecText {
  if (isDefaultDeployment(deployment)) return source
  const pattern = joinUrlPattern(deployment.allowedHosts)
  const doc = JSON.parse(source.json)
  const link = doc.components?.schemas?.LookupRequest?.properties?.attendeeJoinUrl
  const lookup = doc.paths?.[LOOKUP_PATH]?.post
  if (!link || !lookup) {
    throw new Error('the spec text has no lookup operation or LookupRequest to adapt; rebuild the edge')
  }
  link.pattern = pattern
  if (!deployment.public) lookup.security = KEY_REQUIRED

  // joinUrlPattern builds from checked host names: the pattern holds no `'` to escape in YAML.
  let yaml = replaceOnce(
    source.yaml,
    `pattern: '${DEFAULT_PATTERN}'`,
    () => `pattern: '${pattern}'`,
    'join-link patterns',
  )
  if (!deployment.public) {
    yaml = replaceOnce(
      yaml,
      YAML_OPTIONAL_KEY,
      (_all, head, key) => `${head}${key}`,
      'optional-key security lists',
    )
  }
  return { json: JSON.stringify(doc), yaml }
}
