// Scenario 5: the Worker bundle (gzip) and the client (minified + gzip) against their budgets.
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { gzipSync } from 'node:zlib'
import { build, type Plugin } from 'esbuild'
import { type Context, EDGE_DIR, REPO_ROOT } from '../context.ts'
import { fmt, verdict } from '../table.ts'

const CLIENT_DIR = resolve(REPO_ROOT, 'packages/client')

/** The Worker budget as `apps/edge/test/bundle-size.test.ts` states it (48 KiB when unreadable). */
function workerBudget(): number {
  const text = readFileSync(resolve(EDGE_DIR, 'test/bundle-size.test.ts'), 'utf8')
  const match = /BUDGET_BYTES = (\d+)(?: \* (\d+))?/.exec(text)
  return match ? Number(match[1]) * Number(match[2] ?? 1) : 48 * 1024
}

/** The client's budgets as its own size test states them, so the two never disagree. */
function clientBudgets(): { alone: number; whole: number } {
  const text = readFileSync(resolve(CLIENT_DIR, 'test/size.test.ts'), 'utf8')
  const alone = Number(/(?<![A-Z_])BUDGET_BYTES = (\d+)/.exec(text)?.[1] ?? 4096)
  const whole = Number(/(?:WITH_PARSER|WHOLE)_BUDGET_BYTES = (\d+)/.exec(text)?.[1] ?? 5120)
  return { alone, whole }
}

const externalOnly = (...ids: string[]): Plugin => ({
  name: 'external-only',
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) =>
      ids.includes(args.path) ? { path: args.path, external: true } : undefined,
    )
  },
})

/**
 * The client's entry chunk, minified and gzipped, bundled as its own size test does: split, so
 * strict mode's lazily imported glue is a chunk of its own that is not counted.
 */
async function clientGzip(...external: string[]): Promise<number> {
  const result = await build({
    entryPoints: { index: resolve(CLIENT_DIR, 'src/index.ts') },
    absWorkingDir: CLIENT_DIR,
    bundle: true,
    minify: true,
    treeShaking: true,
    splitting: true,
    chunkNames: '[name]',
    format: 'esm',
    platform: 'neutral',
    outdir: 'size-check',
    write: false,
    logLevel: 'silent',
    plugins: [externalOnly(...external)],
  })
  const entry = result.outputFiles.find((file) => file.path.endsWith('/index.js'))
  if (!entry) throw new Error('esbuild produced no client entry chunk')
  return gzipSync(entry.contents, { level: 9 }).length
}

function workerGzip(ctx: Context): number | undefined {
  const pkg = JSON.parse(readFileSync(resolve(EDGE_DIR, 'package.json'), 'utf8')) as {
    scripts?: Record<string, string>
  }
  if (!pkg.scripts?.['build:worker']) {
    ctx.notes.push('size: apps/edge has no build:worker script yet; the Worker bundle was not measured.')
    return undefined
  }
  execFileSync('pnpm', ['run', 'build:worker'], { cwd: EDGE_DIR, stdio: 'ignore', timeout: 180_000 })
  const dir = resolve(EDGE_DIR, 'dist/worker')
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.m?js$/.test(f)) : []
  if (!files.length) throw new Error('build:worker wrote no .js file to apps/edge/dist/worker')
  // Measured as the edge's own bundle-size test does: all scripts joined, gzipped.
  const script = files
    .sort()
    .map((f) => readFileSync(resolve(dir, f), 'utf8'))
    .join('\n')
  return gzipSync(script).length
}

export async function sizeScenario(ctx: Context): Promise<void> {
  const budgets = clientBudgets()
  const alone = await clientGzip('@joinlink/validation', '@joinlink/validation/join-url')
  const whole = await clientGzip('@joinlink/validation')
  const worker = workerGzip(ctx)
  const workerBudgetBytes = workerBudget()
  const s = '5 size'
  const row = (figure: string, bytes: number, budget: number) => ({
    scenario: s,
    figure,
    value: `${fmt(bytes)} B`,
    ratio: `${fmt(bytes / budget, 2)}× of ${fmt(budget)} B`,
    target: '≤ 1.0× budget',
    verdict: verdict(bytes / budget, '<=', 1),
  })
  ctx.rows.push(row('client + openapi-fetch, min+gzip', alone, budgets.alone))
  ctx.rows.push(row('client + join-link parser, min+gzip', whole, budgets.whole))
  if (worker !== undefined)
    ctx.rows.push(row('Worker bundle (wrangler dry run), gzip', worker, workerBudgetBytes))
  ctx.results.size = {
    client: alone,
    clientWithParser: whole,
    worker,
    budgets: { ...budgets, worker: workerBudgetBytes },
  }
}
