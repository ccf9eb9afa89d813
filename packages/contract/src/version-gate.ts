// The version gate: the changeset bump each published package needs, the bump found, and the verdict.
import { rule } from './rules/catalog.ts'
import { bySeverity, count } from './severity.ts'
import type { Change } from './types.ts'

/** A semver bump as changesets writes it, plus `none`. */
export type Bump = 'none' | 'patch' | 'minor' | 'major'

/** The published packages and their folders; each is gated. */
export const PUBLISHED = [
  { name: '@joinlink/types', dir: 'packages/types' },
  { name: '@joinlink/validation', dir: 'packages/validation' },
  { name: '@joinlink/core', dir: 'packages/core' },
  { name: '@joinlink/client', dir: 'packages/client' },
] as const

const ORDER: readonly Bump[] = ['none', 'patch', 'minor', 'major']
const rank = (bump: Bump): number => ORDER.indexOf(bump)

/** The larger of two bumps. */
export function maxBump(a: Bump, b: Bump): Bump {
  return rank(a) >= rank(b) ? a : b
}

/**
 * Reads the front matter of one changeset file: `"<package>": <bump>` lines between `---` fences.
 *
 * @example
 * parseChangeset('---\n"@joinlink/types": major\n---\nDrop title') // { '@joinlink/types': 'major' }
 */
export function parseChangeset(text: string): Record<string, Bump> {
  const match = /^\uFEFF?\s*---\r?\n([\s\S]*?)\r?\n?---/.exec(text)
  const out: Record<string, Bump> = {}
  if (match?.[1] === undefined) return out
  for (const line of match[1].split(/\r?\n/)) {
    const m = /^\s*(["']?)([^"':\s][^"']*?)\1\s*:\s*["']?(major|minor|patch|none)["']?\s*$/.exec(line)
    if (m?.[2] !== undefined && m[3] !== undefined) out[m[2]] = maxBump(out[m[2]] ?? 'none', m[3] as Bump)
  }
  return out
}

/**
 * The bump each published package gets from the given changesets. Packages in one `fixed` group of
 * `.changeset/config.json` are released together, so each gets the group's highest bump.
 */
export function foundBumps(
  changesets: readonly string[],
  fixed: readonly string[][] = [],
): Record<string, Bump> {
  const found: Record<string, Bump> = Object.fromEntries(PUBLISHED.map((p) => [p.name, 'none' as Bump]))
  for (const text of changesets) {
    for (const [pkg, bump] of Object.entries(parseChangeset(text))) {
      if (pkg in found) found[pkg] = maxBump(found[pkg] ?? 'none', bump)
    }
  }
  for (const group of fixed) {
    const top = group.reduce<Bump>((acc, p) => maxBump(acc, found[p] ?? 'none'), 'none')
    for (const p of group) if (p in found) found[p] = top
  }
  return found
}

/** Why a bump is required. */
export interface Requirement {
  bump: Bump
  reason: string
}

/**
 * The bump a spec change needs: major for any breaking or potentially breaking change (error or
 * warning), minor for any other change a caller can see, patch when only docs (or parts no rule
 * reads) changed, none when the spec is unchanged. A change the acknowledgement file accepts is read
 * as the additive change it is said to be (minor, or patch for docs).
 */
export function requiredBump(changes: readonly Change[], specChanged: boolean): Requirement {
  const open = changes.filter((c) => c.acknowledged === undefined)
  const errors = open.filter((c) => c.level === 'error').length
  const warnings = open.filter((c) => c.level === 'warning').length
  if (errors > 0 || warnings > 0) {
    const parts = [
      errors > 0 ? count(errors, 'breaking spec change') : '',
      warnings > 0 ? count(warnings, 'potentially breaking spec change') : '',
    ]
    const worst = bySeverity(open)[0]
    const example = worst === undefined ? '' : `, e.g. \`${worst.id}\`: ${worst.message}`
    return { bump: 'major', reason: `${parts.filter(Boolean).join(' and ')}${example}` }
  }
  const acknowledged = changes.length - open.length
  if (changes.some((c) => rule(c.id).docsOnly !== true)) {
    const note = acknowledged > 0 ? `; ${count(acknowledged, 'acknowledged change')} read as additive` : ''
    return { bump: 'minor', reason: `additive spec change${note}` }
  }
  if (changes.length > 0 || specChanged) return { bump: 'patch', reason: 'documentation-only spec change' }
  return { bump: 'none', reason: 'spec unchanged' }
}

/**
 * What each published package needs: the spec's requirement (every published package is generated
 * from or typed by the spec), and at least a patch for a package whose shipped source changed.
 */
export function packageRequirements(
  spec: Requirement,
  changedFiles: readonly string[],
): Record<string, Requirement> {
  const out: Record<string, Requirement> = {}
  for (const p of PUBLISHED) {
    let req = spec
    const own = changedFiles.filter((f) => f.startsWith(`${p.dir}/src/`) && !/\.test(-d)?\.ts$/.test(f))
    if (own.length > 0 && rank(req.bump) < rank('patch')) {
      const shown = own.slice(0, 3).join(', ') + (own.length > 3 ? ', …' : '')
      req = { bump: 'patch', reason: `its source changed (${shown})` }
    }
    out[p.name] = req
  }
  return out
}

/** The gate's verdict in one line. */
export interface GateResult {
  ok: boolean
  summary: string
}

/**
 * Compares the bump each package needs with the bump found for it. Packages of one `fixed` group
 * (versioned together) are named as the group.
 */
export function gate(
  required: Record<string, Requirement>,
  found: Record<string, Bump>,
  fixed: readonly (readonly string[])[] = [],
): GateResult {
  const name = (names: readonly string[]): string => {
    const group = fixed.find(
      (g) => g.length > 1 && g.length === names.length && g.every((p) => names.includes(p)),
    )
    return group === undefined ? names.join(', ') : `the fixed group (${names.join(', ')})`
  }
  // Packages with the same bump found are named together.
  const foundGroups = new Map<string, string[]>()
  for (const p of PUBLISHED) {
    const bump = found[p.name] ?? 'none'
    foundGroups.set(bump, [...(foundGroups.get(bump) ?? []), p.name])
  }
  const foundText = [...foundGroups].map(([bump, names]) => `${name(names)} ${bump}`).join(', ')
  const needed = PUBLISHED.filter((p) => (required[p.name]?.bump ?? 'none') !== 'none')
  if (needed.length === 0)
    return { ok: true, summary: `no published package changed — no bump required; found: ${foundText}` }
  const short = needed.filter((p) => rank(found[p.name] ?? 'none') < rank(required[p.name]?.bump ?? 'none'))
  // Packages with the same requirement are named together, the reason once.
  const describe = (list: typeof needed) => {
    const groups = new Map<string, string[]>()
    for (const p of list) {
      const key = `${required[p.name]?.bump} (${required[p.name]?.reason})`
      groups.set(key, [...(groups.get(key) ?? []), p.name])
    }
    return [...groups].map(([why, names]) => `${name(names)} ${why}`).join('; ')
  }
  if (short.length === 0) return { ok: true, summary: `needs ${describe(needed)}; found: ${foundText}` }
  const hint = ' — add one with `pnpm changeset`, or let `pnpm contract --write-changeset` write it'
  return { ok: false, summary: `missing bump: ${describe(short)}; found: ${foundText}${hint}` }
}
