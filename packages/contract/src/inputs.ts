// What a check reads, so that a check whose inputs did not change since the base can be skipped (with
// the reason in the report), and a build whose inputs did not change can be reused.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import type { CheckContext } from './context.ts'
import { isObject } from './spec-ref.ts'

/** Keys that only document: a change to them alone reaches no judge and no running server. */
const DOCS = new Set(['description', 'summary', 'title', 'x-enum-descriptions', 'externalDocs'])

/** `doc` without its documentation (and without its examples when `examples` is false). */
export function semantic(doc: unknown, examples: boolean): unknown {
  if (Array.isArray(doc)) return doc.map((x) => semantic(x, examples))
  if (!isObject(doc)) return doc
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(doc)) {
    // A property named `description` is a schema (an object), not documentation: kept.
    if (DOCS.has(k) && (typeof v === 'string' || Array.isArray(v) || k === 'externalDocs')) continue
    // Examples are data, compared whole (or left out).
    if (k === 'example' || k === 'examples') {
      if (examples) out[k] = v
      continue
    }
    out[k] = semantic(v, examples)
  }
  return out
}

/** What a check reads: file prefixes (from the repository root) and whether spec examples count. */
export interface Inputs {
  paths: readonly string[]
  /** The spec's examples are judged by the check (fixtures), not only its schemas. */
  examples: boolean
}

const SHARED = ['pnpm-lock.yaml', 'package.json', 'tsconfig.base.json', 'pnpm-workspace.yaml']

/** The fixtures check: the validation package's judges and fixtures, the types they satisfy, the spec. */
export const FIXTURES_INPUTS: Inputs = {
  paths: ['packages/validation/', 'packages/types/', 'packages/spec-judge/', ...SHARED],
  examples: true,
}

/** The conformance check: the edge and everything it bundles, the fixtures it sends, this checker. */
export const CONFORMANCE_INPUTS: Inputs = {
  paths: [
    'apps/edge/',
    'packages/core/',
    'packages/validation/',
    'packages/types/',
    'packages/test-kit/',
    'packages/spec-judge/',
    'packages/contract/src/',
    ...SHARED,
  ],
  examples: false,
}

/**
 * Why `name` may be skipped, or undefined when it must run: it runs when it was asked for by name
 * (`--only`), when there is no base, when the spec changed in more than documentation, or when a file
 * it reads changed since the base (committed, staged, unstaged or untracked).
 */
export async function skipReason(
  ctx: CheckContext,
  name: string,
  inputs: Inputs,
): Promise<string | undefined> {
  if (ctx.options.only?.includes(name)) return undefined
  const c = await ctx.comparison()
  if (c.kind !== 'compared') return undefined
  const same =
    JSON.stringify(semantic(c.baseSpec, inputs.examples)) ===
    JSON.stringify(semantic(c.headSpec, inputs.examples))
  if (!same) return undefined
  // Generated files follow from the spec (the generated check holds them to it), so a documentation
  // change regenerates them without changing what they do.
  const changed = (await ctx.changedFiles()).filter(
    (f) => !f.endsWith('.gen.ts') && inputs.paths.some((p) => f === p || f.startsWith(p)),
  )
  if (changed.length > 0) return undefined
  const spec = c.specChanged ? 'the spec changed only in its documentation' : 'the spec is unchanged'
  return `nothing it reads changed since ${c.base.ref}: ${spec}, and no file under ${inputs.paths.filter((p) => p.endsWith('/')).join(', ')} or the lockfile did`
}

const SKIP_DIRS = new Set(['node_modules', 'dist', '.turbo', '.wrangler', 'coverage'])

function files(dir: string, out: string[] = []): string[] {
  if (!existsSync(dir)) return out
  for (const entry of readdirSync(dir).sort()) {
    if (SKIP_DIRS.has(entry) || entry.startsWith('.')) continue
    const path = join(dir, entry)
    if (statSync(path).isDirectory()) files(path, out)
    else if (!/\.test(-d)?\.ts$/.test(entry)) out.push(path)
  }
  return out
}

/** A hash of every file under `paths` (tests, dist and node_modules left out), names and contents. */
export function hashInputs(root: string, paths: readonly string[]): string {
  const hash = createHash('sha256')
  for (const p of paths) {
    const full = join(root, p)
    for (const file of existsSync(full) && statSync(full).isDirectory()
      ? files(full)
      : existsSync(full)
        ? [full]
        : []) {
      hash.update(file.slice(root.length))
      hash.update('\0')
      hash.update(readFileSync(file))
    }
  }
  return hash.digest('hex')
}
