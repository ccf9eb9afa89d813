// Scenario 3: the edge handler with request validation against the same handler without it.
// Both are bundled here from the edge's own Node entry with the same esbuild options; the second
// swaps `lookupRequestSchema` (the zod check of the body) for a pass-through. normalizeJoinUrl
// stays: it is how the short code is found, not an optional check.
import { mkdirSync } from 'node:fs'
import { resolve } from 'node:path'
import { build, type Plugin } from 'esbuild'
import { compareServers, get } from '../compare.ts'
import { type Context, EDGE_DIR, OUT_DIR } from '../context.ts'
import { fmtRatio, fmtSpread, verdict } from '../table.ts'
import { EDGE_ENV } from './edge.ts'

const VALIDATION_INDEX = resolve(EDGE_DIR, 'node_modules/@joinlink/validation/src/index.ts')

const withoutRequestValidation: Plugin = {
  name: 'without-request-validation',
  setup(b) {
    b.onResolve({ filter: /^@joinlink\/validation$/ }, (args) =>
      args.importer.endsWith('/src/http/app.ts') ? { path: 'shim', namespace: 'no-validation' } : undefined,
    )
    b.onLoad({ filter: /.*/, namespace: 'no-validation' }, () => ({
      resolveDir: EDGE_DIR,
      loader: 'ts',
      contents: `export * from ${JSON.stringify(VALIDATION_INDEX)}
export const lookupRequestSchema = { safeParse: (data: unknown) => ({ success: true as const, data: data as { attendeeJoinUrl: string } }) }`,
    }))
  },
}

async function bundle(name: string, plugins: Plugin[]): Promise<string> {
  const outfile = resolve(OUT_DIR, 'build', `${name}.js`)
  mkdirSync(resolve(OUT_DIR, 'build'), { recursive: true })
  await build({
    entryPoints: [resolve(EDGE_DIR, 'src/entry/node.ts')],
    absWorkingDir: EDGE_DIR,
    outfile,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    logLevel: 'warning',
    plugins,
    banner: {
      js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
    },
  })
  return outfile
}

export async function validationScenario(ctx: Context): Promise<void> {
  const withValidation = await bundle('edge-validated', [])
  const without = await bundle('edge-unvalidated', [withoutRequestValidation])
  const c = await compareServers(
    ctx,
    'validation',
    [
      { name: 'validated', args: [withValidation], env: EDGE_ENV, cwd: EDGE_DIR },
      { name: 'unvalidated', args: [without], env: EDGE_ENV, cwd: EDGE_DIR },
    ],
    'unvalidated',
    { cpu: false },
  )
  const ratio = get(c.rpsRatio, 'validated')
  const s = '3 validation'
  ctx.rows.push(
    {
      scenario: s,
      figure: 'without request validation: req/s',
      value: fmtSpread(get(c.rps, 'unvalidated'), ''),
      ratio: 'baseline',
      target: '',
      verdict: '',
    },
    {
      scenario: s,
      figure: 'with validation: req/s',
      value: fmtSpread(get(c.rps, 'validated'), ''),
      ratio: fmtRatio(ratio),
      target: '≥ 0.95×',
      verdict: verdict(ratio.median, '>=', 0.95),
    },
  )
  if (c.errors) ctx.notes.push(`validation: ${c.errors} errors or non-2xx answers during the rounds.`)
  ctx.results.validation = c
}
