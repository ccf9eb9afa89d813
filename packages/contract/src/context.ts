// What every check receives: the repository root, the parsed options and the shared spec comparison.
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { ACK_FILE, type Acknowledged, acknowledge, parseAcknowledgements } from './acknowledge.ts'
import { classifyChanges } from './diff.ts'
import { type Base, changedFiles, resolveBase, showAt } from './git.ts'
import type { Change, CheckResult } from './types.ts'

/** The spec file, relative to the repository root. */
export const SPEC_FILE = 'spec/openapi.yaml'

/** Options every check may read; parsed once by the CLI. */
export interface Options {
  base?: string
  seed: number
  count: number
  only?: string[]
}

/** The head spec against the base spec, computed once for the breaking and version checks. */
export type Comparison =
  | {
      kind: 'compared'
      base: Extract<Base, { kind: 'ref' }>
      /** Every distinct change, with the acknowledgement file's entries applied. */
      changes: Change[]
      specChanged: boolean
      baseText: string
      baseSpec: unknown
      headSpec: unknown
      /** What the acknowledgement file did: problems fail the breaking check. */
      acknowledgements: Pick<Acknowledged, 'problems' | 'spent' | 'count'>
    }
  | { kind: 'no-base'; reason: string }
  | { kind: 'error'; message: string }

/** Passed to every check. */
export interface CheckContext {
  root: string
  options: Options
  comparison(): Promise<Comparison>
  /** Files changed since the base (committed, staged, unstaged, untracked); empty without a base. */
  changedFiles(): Promise<string[]>
  /** Progress for a person watching; goes to stderr. */
  log(line: string): void
}

/** A named check. */
export interface Check {
  name: string
  run(ctx: CheckContext): Promise<CheckResult>
}

/** Reads and parses the working-tree spec. */
export function readHeadSpec(root: string): unknown {
  return parse(readFileSync(join(root, SPEC_FILE), 'utf8'))
}

async function compare(root: string, explicitBase: string | undefined): Promise<Comparison> {
  if (!existsSync(join(root, SPEC_FILE))) return { kind: 'error', message: `${SPEC_FILE} does not exist` }
  const base = await resolveBase(root, explicitBase)
  if (base.kind === 'error') return { kind: 'error', message: base.message }
  if (base.kind === 'none')
    return { kind: 'no-base', reason: `no base spec — nothing to compare (${base.reason})` }
  const baseText = await showAt(root, base.sha, SPEC_FILE)
  if (baseText === undefined) {
    return {
      kind: 'no-base',
      reason: `no base spec — nothing to compare (${SPEC_FILE} does not exist at ${base.ref})`,
    }
  }
  try {
    const baseSpec: unknown = parse(baseText)
    const headSpec = readHeadSpec(root)
    const now = Date.now()
    const classified = classifyChanges(baseSpec, headSpec, { now })
    const specChanged = JSON.stringify(baseSpec) !== JSON.stringify(headSpec)
    const headFile = join(root, ACK_FILE)
    const ack = acknowledge(
      classified,
      parseAcknowledgements(existsSync(headFile) ? readFileSync(headFile, 'utf8') : undefined),
      parseAcknowledgements(await showAt(root, base.sha, ACK_FILE)),
      now,
    )
    const { changes, ...acknowledgements } = ack
    return { kind: 'compared', base, changes, specChanged, baseText, baseSpec, headSpec, acknowledgements }
  } catch (error) {
    return {
      kind: 'error',
      message: `could not parse the spec: ${error instanceof Error ? error.message : String(error)}`,
    }
  }
}

/** Builds the context, memoising the comparison and the changed files so each is found at most once. */
export function createContext(root: string, options: Options, log: (line: string) => void): CheckContext {
  let memo: Promise<Comparison> | undefined
  let files: Promise<string[]> | undefined
  const comparison = () => (memo ??= compare(root, options.base))
  const changed = async () => {
    const c = await comparison()
    return c.kind === 'compared' ? changedFiles(root, c.base.sha) : []
  }
  return { root, options, log, comparison, changedFiles: () => (files ??= changed()) }
}
