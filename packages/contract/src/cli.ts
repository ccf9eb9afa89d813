// `pnpm contract`: runs the six contract checks, prints and writes the report, exits 1 on failure.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHECK_NAMES, type CliOptions, checksToRun, parseCli, USAGE, UsageError } from './args.ts'
import { changesetText, writeChangeset } from './changeset-writer.ts'
import { requirements, versionCheck } from './checks/version.ts'
import { type Check, type CheckContext, createContext, type Options, SPEC_FILE } from './context.ts'
import { type Format, type Outcome, renderGithub, renderJson, renderJunit, renderSarif } from './formats.ts'
import { lineIndex } from './lines.ts'
import { renderRules } from './list-rules.ts'
import { renderReport } from './report.ts'
import type { CheckResult } from './types.ts'

// Each check's module is loaded only when the check runs: a quick run does not load the conformance
// machinery (fast-check, Ajv, the spec judge).
// A check marked `alone` runs with nothing beside it: conformance times a live server's answers.
const CHECKS: { name: string; load: () => Promise<Check>; alone?: boolean }[] = [
  { name: 'lint', load: async () => (await import('./checks/lint.ts')).lintCheck },
  { name: 'generated', load: async () => (await import('./checks/generated.ts')).generatedCheck },
  { name: 'fixtures', load: async () => (await import('./checks/fixtures.ts')).fixturesCheck },
  {
    name: 'conformance',
    load: async () => (await import('./checks/conformance.ts')).conformanceCheck,
    alone: true,
  },
  { name: 'breaking', load: async () => (await import('./checks/breaking.ts')).breakingCheck },
  { name: 'version', load: async () => versionCheck },
]
const root = fileURLToPath(new URL('../../../', import.meta.url))
const EXT: Record<Format, string> = {
  markdown: 'md',
  json: 'json',
  sarif: 'sarif',
  junit: 'xml',
  github: 'txt',
}

function readOptions(): (Options & Pick<CliOptions, 'format' | 'writeChangeset'>) | undefined {
  try {
    const cli = parseCli(process.argv.slice(2))
    if (cli.help) {
      process.stdout.write(USAGE)
      process.exit(0)
    }
    if (cli.listRules) {
      process.stdout.write(renderRules())
      process.exit(0)
    }
    const envSeed = process.env.FC_SEED
    if (cli.seed === undefined && envSeed !== undefined && !/^-?\d{1,10}$/.test(envSeed)) {
      throw new UsageError(`FC_SEED expects an integer; got "${envSeed}"`)
    }
    const seed = cli.seed ?? (envSeed === undefined ? undefined : Number(envSeed))
    return {
      seed: seed ?? Math.floor(Math.random() * 2 ** 31),
      count: cli.count ?? 2000,
      format: cli.format,
      writeChangeset: cli.writeChangeset,
      ...(cli.base === undefined ? {} : { base: cli.base }),
      ...(cli.only === undefined ? {} : { only: cli.only }),
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`pnpm contract: ${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
}

/** Checks that spawn processes run two at a time (the machine's cores); the report keeps their order. */
const PARALLEL = 2

async function runOne(
  ctx: CheckContext,
  entry: (typeof CHECKS)[number],
  log: (line: string) => void,
): Promise<CheckResult> {
  const check = { name: entry.name }
  log(`running ${check.name}…`)
  const started = Date.now()
  let result: CheckResult
  try {
    result = await (await entry.load()).run(ctx)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    result = { name: check.name, ok: false, summary: `the check itself crashed: ${message}` }
  }
  const verdict = result.skipped ? 'skipped' : result.ok ? 'pass' : 'FAIL'
  log(`${check.name}: ${verdict} (${((Date.now() - started) / 1000).toFixed(1)} s) — ${result.summary}`)
  return result
}

async function runChecks(
  ctx: CheckContext,
  selected: typeof CHECKS,
  log: (line: string) => void,
): Promise<CheckResult[]> {
  const results: CheckResult[] = new Array(selected.length)
  const pool = async (indexes: number[], width: number) => {
    let next = 0
    const worker = async () => {
      while (next < indexes.length) {
        const i = indexes[next++] as number
        results[i] = await runOne(ctx, selected[i] as (typeof CHECKS)[number], log)
      }
    }
    await Promise.all(Array.from({ length: Math.min(width, indexes.length) }, worker))
  }
  const all = selected.map((_, i) => i)
  await pool(
    all.filter((i) => selected[i]?.alone !== true),
    PARALLEL,
  )
  await pool(
    all.filter((i) => selected[i]?.alone === true),
    1,
  )
  return results
}

const options = readOptions()
if (options !== undefined) {
  const log = (line: string) => process.stderr.write(`contract: ${line}\n`)
  const ctx = createContext(root, options, log)
  if (options.writeChangeset) {
    const c = await ctx.comparison()
    const needs = await requirements(ctx)
    if (c.kind !== 'compared' || needs === undefined || changesetText(needs, c.changes) === undefined) {
      log('--write-changeset: nothing to write (no published package needs a bump)')
    } else if ((await versionCheck.run(ctx)).ok) {
      log('--write-changeset: nothing to write (the changesets added already give every bump needed)')
    } else log(`wrote ${writeChangeset(root, needs, c.changes)} — review its text, then commit it`)
  }
  const names = checksToRun(options.only, options.writeChangeset)
  const selected = CHECKS.filter((c) => names.includes(c.name))
  if (selected.some((c) => c.name === 'conformance')) {
    log(`seed ${options.seed} (replay: --seed ${options.seed} or FC_SEED=${options.seed})`)
  }
  const results = await runChecks(ctx, selected, log)
  const comparison = await ctx.comparison()
  const base =
    comparison.kind === 'compared'
      ? `\`${comparison.base.ref}\` (${comparison.base.how})`
      : comparison.kind === 'no-base'
        ? 'none'
        : undefined
  const ran = selected.map((c) => c.name)
  const report = renderReport(results, {
    ...(base === undefined ? {} : { base }),
    ...(results.some((r) => r.name === 'conformance' && !r.skipped) ? { seed: options.seed } : {}),
    notRun: CHECK_NAMES.filter((n) => !ran.includes(n)),
  })
  mkdirSync(join(root, '.contract'), { recursive: true })
  const file = join(root, '.contract', 'report.md')
  writeFileSync(file, report)
  let out = `${report}\nReport written to ${file}\n`
  if (options.format !== 'markdown') {
    const outcome: Outcome = {
      results,
      changes: comparison.kind === 'compared' ? comparison.changes : [],
      file: SPEC_FILE,
      lines: lineIndex(readFileSync(join(root, SPEC_FILE), 'utf8')),
    }
    const render = { json: renderJson, sarif: renderSarif, junit: renderJunit, github: renderGithub }[
      options.format
    ]
    out = render(outcome)
    const target = join(root, '.contract', `report.${EXT[options.format]}`)
    writeFileSync(target, out)
    log(`report written to ${file} and ${target}`)
  }
  process.stdout.write(out)
  process.exitCode = results.every((r) => r.ok) ? 0 : 1
}
