// How big the client is for an app that bundles it: one measurement, used by the size test and by
// `pnpm bench`, so the two never disagree.
import { gzipSync } from 'node:zlib'
import { build, type Plugin } from 'esbuild'

/** The budget: the client without validation, openapi-fetch included (~2.6 KiB of it). */
export const BUDGET_BYTES = 4096
/** With the join-link parser from @joinlink/validation/join-url too: all an 'off' user downloads up front. */
export const WITH_PARSER_BUDGET_BYTES = 5120

/** Marks exactly the given module ids external (esbuild's `external` would also catch their subpaths). */
const externalOnly = (...ids: string[]): Plugin => ({
  name: 'external-only',
  setup(builder) {
    builder.onResolve({ filter: /.*/ }, (args) =>
      ids.includes(args.path) ? { path: args.path, external: true } : undefined,
    )
  },
})

/**
 * Bundles `src/index.ts` as an app's bundler would (minified, ESM, platform neutral, tree-shaken) and
 * gzips each chunk at level 9. Code splitting is on, as in any app bundler: strict mode's
 * `import('./strict.ts')` becomes its own chunk (`lazy`), fetched only when `validate: 'strict'` runs.
 */
export async function gzippedSizes(...external: string[]): Promise<{ entry: number; lazy: number }> {
  const result = await build({
    entryPoints: { index: new URL('../src/index.ts', import.meta.url).pathname },
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
  const sizes = { entry: 0, lazy: 0 }
  for (const file of result.outputFiles) {
    const size = gzipSync(file.contents, { level: 9 }).length
    if (file.path.endsWith('/index.js')) sizes.entry += size
    else sizes.lazy += size
  }
  if (!sizes.entry) throw new Error('esbuild produced no entry chunk')
  return sizes
}
