// Command-line options of `pnpm contract`, parsed strictly: anything unknown is a usage error.
import { parseArgs } from 'node:util'
import { FORMATS, type Format } from './formats.ts'

/** The six checks, in the order they run. */
export const CHECK_NAMES = ['lint', 'generated', 'fixtures', 'conformance', 'breaking', 'version'] as const

/** What the command line asked for. */
export interface CliOptions {
  help: boolean
  base?: string
  seed?: number
  count?: number
  only?: string[]
  format: Format
  writeChangeset: boolean
  listRules: boolean
}

/** A mistake on the command line; the CLI prints it with the usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

export const USAGE = `Usage: pnpm contract [options]

Runs the contract checks in order (${CHECK_NAMES.join(', ')}), prints a Markdown
report, writes it to .contract/report.md and exits 1 if any check fails.

Options:
  --base <ref>     git ref to diff the spec against (default: merge base with
                   origin/main when it exists, else HEAD~1)
  --seed <n>       fast-check seed for the conformance requests (default: env
                   FC_SEED, else random; always printed)
  --count <n>      generated conformance requests (default 2000)
  --only <a,b>     run only these checks (for quick local runs)
  --format <f>     what stdout gets: ${FORMATS.join(', ')} (default markdown);
                   also written to .contract/report.<ext>
  --write-changeset
                   write .changeset/contract-<hash>.md with the bump each
                   published package needs and the list of changes
  --list-rules     print every classifier rule (id, level, family) and exit
  -h, --help       show this help
`

function integer(name: string, value: string | undefined, min: number): number | undefined {
  if (value === undefined) return undefined
  if (!/^-?\d+$/.test(value) || Number(value) < min || !Number.isSafeInteger(Number(value))) {
    throw new UsageError(`${name} expects an integer ≥ ${min}; got "${value}"`)
  }
  return Number(value)
}

/** Parses `argv` (without node and the script); throws {@link UsageError} on anything it does not know. */
export function parseCli(argv: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>
  try {
    ;({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        base: { type: 'string' },
        seed: { type: 'string' },
        count: { type: 'string' },
        only: { type: 'string' },
        format: { type: 'string' },
        'write-changeset': { type: 'boolean' },
        'list-rules': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const format = (values.format ?? 'markdown') as string
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format: unknown format "${format}"; choose from ${FORMATS.join(', ')}`)
  const out: CliOptions = {
    help: values.help === true,
    format: format as Format,
    writeChangeset: values['write-changeset'] === true,
    listRules: values['list-rules'] === true,
  }
  if (typeof values.base === 'string') {
    if (values.base.trim() === '' || values.base.startsWith('-'))
      throw new UsageError(`--base expects a git ref; got "${values.base}"`)
    out.base = values.base
  }
  const seed = integer('--seed', values.seed as string | undefined, -(2 ** 31))
  if (seed !== undefined) out.seed = seed
  const count = integer('--count', values.count as string | undefined, 0)
  if (count !== undefined) out.count = count
  if (typeof values.only === 'string') {
    const names = values.only
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)
    const unknown = names.filter((n) => !(CHECK_NAMES as readonly string[]).includes(n))
    if (names.length === 0 || unknown.length > 0) {
      throw new UsageError(
        `--only: unknown check(s) ${unknown.join(', ') || '(none given)'}; choose from ${CHECK_NAMES.join(', ')}`,
      )
    }
    out.only = names
  }
  return out
}

/**
 * The checks a run performs: those named in `--only`; else, when writing a changeset, only
 * `breaking` and `version` (all it needs); else all six.
 */
export function checksToRun(only: readonly string[] | undefined, writeChangeset: boolean): string[] {
  if (only !== undefined) return CHECK_NAMES.filter((n) => only.includes(n))
  return writeChangeset ? ['breaking', 'version'] : [...CHECK_NAMES]
}
