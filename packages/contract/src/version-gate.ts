// The version gate: the changeset bump a spec change needs, the bump found, and whether they agree.
import type { Change } from './types.ts'

/** A semver bump as changesets writes it, plus `none`. */
export type Bump = 'none' | 'patch' | 'minor' | 'major'

/** The packages whose version follows the spec. */
export const GATED_PACKAGES = ['@joinlink/types', '@joinlink/client'] as const

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

/** The highest bump each gated package gets across all the given changeset texts. */
export function foundBumps(changesets: readonly string[]): Record<string, Bump> {
  const found: Record<string, Bump> = Object.fromEntries(GATED_PACKAGES.map((p) => [p, 'none' as Bump]))
  for (const text of changesets) {
    for (const [pkg, bump] of Object.entries(parseChangeset(text))) {
      if (pkg in found) found[pkg] = maxBump(found[pkg] ?? 'none', bump)
    }
  }
  return found
}

/** Why a bump is required: a breaking change, an additive change, a docs-only change, or none. */
export interface Requirement {
  bump: Bump
  reason: string
}

/**
 * The bump the spec change needs: major for any breaking change, minor for any other change the
 * classifier sees, patch when only descriptions (or parts it does not read) changed, none when equal.
 */
export function requiredBump(changes: readonly Change[], specChanged: boolean): Requirement {
  if (changes.some((c) => c.breaking)) return { bump: 'major', reason: 'breaking change' }
  if (changes.some((c) => c.kind !== 'docs')) return { bump: 'minor', reason: 'additive change' }
  if (changes.length > 0 || specChanged) return { bump: 'patch', reason: 'documentation-only spec change' }
  return { bump: 'none', reason: 'spec unchanged' }
}

/** The gate's verdict in one line. */
export interface GateResult {
  ok: boolean
  summary: string
}

/** Compares the required bump with the bumps found for every gated package. */
export function gate(required: Requirement, found: Record<string, Bump>): GateResult {
  const foundText = GATED_PACKAGES.map((p) => `${p} ${found[p] ?? 'none'}`).join(', ')
  if (required.bump === 'none') {
    return { ok: true, summary: `spec unchanged — no bump required; found: ${foundText}` }
  }
  const short = GATED_PACKAGES.filter((p) => rank(found[p] ?? 'none') < rank(required.bump))
  const needs = `${required.reason} needs ${required.bump === 'major' ? 'a' : 'at least a'} ${required.bump} bump of ${GATED_PACKAGES.join(' and ')}`
  if (short.length === 0) return { ok: true, summary: `${needs}; found: ${foundText}` }
  const hint = Object.values(found).every((b) => b === 'none') ? ' — add one with `pnpm changeset`' : ''
  return { ok: false, summary: `${needs}; found: ${foundText}${hint}` }
}
