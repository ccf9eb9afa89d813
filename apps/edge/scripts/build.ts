// Bundles each runtime entry into dist/ with esbuild: one self-contained file per runtime.
import { build } from 'esbuild'

const entries = { node: 'src/entry/node.ts' }
await build({
  entryPoints: entries,
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node22',
  minify: false,
  sourcemap: true,
  logLevel: 'warning',
  // Some CommonJS dependencies call require(); give the ESM bundle one.
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
})
console.log(
  `built ${Object.keys(entries)
    .map((name) => `dist/${name}.js`)
    .join(', ')}`,
)
