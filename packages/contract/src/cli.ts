// `pnpm contract`: runs the six contract checks, prints and writes the report, exits 1 on failure.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CHECK_NAMES, parseCli, USAGE, UsageError } from './args.ts'
import { breakingCheck } from './checks/breaking.ts'
import { conformanceCheck } from './checks/conformance.ts'
import { fixturesCheck } from './checks/fixtures.ts'
import { generatedCheck } from './checks/generated.ts'
import { lintCheck } from './checks/lint.ts'
import { versionCheck } from './checks/version.ts'
import { type Check, createContext, type Options } from './context.ts'
import { renderReport } from './report.ts'
import type { CheckResult } from './types.ts'

const CHECKS: Check[] = [
  lintCheck,
  generatedCheck,
  fixturesCheck,
  conformanceCheck,
  breakingCheck,
  versionCheck,
]
const root = fileURLToPath(new URL('../../../', import.meta.url))

function readOptions(): Options | undefined {
  try {
    const cli = parseCli(process.argv.slice(2))
    if (cli.help) {
      process.stdout.write(USAGE)
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
      ...(cli.base === undefined ? {} : { base: cli.base }),
      ...(cli.only === undefined ? {} : { only: cli.only }),
    }
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`pnpm contract: ${error.message}\n\n${USAGE}`)
    process.exit(2)
  }
}

const options = readOptions()
if (options !== undefined) {
  const log = (line: string) => process.stderr.write(`contract: ${line}\n`)
  const ctx = createContext(root, options, log)
  const selected = CHECKS.filter((c) => options.only === undefined || options.only.includes(c.name))
  if (selected.some((c) => c.name === 'conformance')) {
    log(`seed ${options.seed} (replay: --seed ${options.seed} or FC_SEED=${options.seed})`)
  }
  const results: CheckResult[] = []
  for (const check of selected) {
    log(`running ${check.name}…`)
    const started = Date.now()
    let result: CheckResult
    try {
      result = await check.run(ctx)
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      result = { name: check.name, ok: false, summary: `the check itself crashed: ${message}` }
    }
    log(
      `${check.name}: ${result.ok ? 'pass' : 'FAIL'} (${((Date.now() - started) / 1000).toFixed(1)} s) — ${result.summary}`,
    )
    results.push(result)
  }
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
    ...(ran.includes('conformance') ? { seed: options.seed } : {}),
    skipped: CHECK_NAMES.filter((n) => !ran.includes(n)),
  })
  const file = join(root, '.contract', 'report.md')
  mkdirSync(join(root, '.contract'), { recursive: true })
  writeFileSync(file, report)
  process.stdout.write(`${report}\nReport written to ${file}\n`)
  process.exitCode = results.every((r) => r.ok) ? 0 : 1
}
