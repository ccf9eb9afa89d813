// Bundles each runtime entry into dist/ with esbuild: one self-contained file per runtime, Scalar's
// browser bundle for /docs included (src/http/docs-script.ts). The Worker is bundled by wrangler itself
// (wrangler.jsonc `main`); here it only gets its static assets: the spec files and Scalar's
// bundle, served by Workers before the script runs, outside the bundle budget.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { builtinModules, createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { promisify } from 'node:util'
import { brotliCompress, constants, gzip } from 'node:zlib'
import { type BuildOptions, build, type Plugin } from 'esbuild'
import { SCALAR_CACHE_CONTROL, SCALAR_PATH, SCALAR_VERSION } from '../src/http/docs.ts'
import { specJson, specYaml } from '../src/http/openapi.gen.ts'

/** @scalar/api-reference's standalone browser bundle (the package does not export the path). */
const SCALAR_BUNDLE = join(
  dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')),
  'browser/standalone.js',
)

/** Compressed once per Scalar version and kept here (brotli at quality 9 takes a few seconds). */
const COMPRESSED_CACHE = 'node_modules/.cache/joinlink-scalar'

/** The bundle gzipped (level 9) and brotli-compressed (quality 9), from the cache when there. */
async function compressedScalar(text: string): Promise<{ gzip: Buffer; br: Buffer }> {
  const cached = async (encoding: 'gzip' | 'br', make: () => Promise<Buffer>) => {
    const file = `${COMPRESSED_CACHE}/scalar-${SCALAR_VERSION}.js.${encoding}`
    try {
      return await readFile(file)
    } catch {
      const bytes = await make()
      await mkdir(COMPRESSED_CACHE, { recursive: true })
      await writeFile(`${file}.${process.pid}`, bytes)
      await rename(`${file}.${process.pid}`, file)
      return bytes
    }
  }
  const [gz, br] = await Promise.all([
    cached('gzip', () => promisify(gzip)(text, { level: 9 })),
    cached('br', () =>
      promisify(brotliCompress)(text, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 9,
          [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
        },
      }),
    ),
  ])
  return { gzip: gz, br }
}

let scalarModule: Promise<string> | undefined

/**
 * Puts the bundle's text, and its gzip and brotli forms (made here, not at start-up or per
 * request), into src/http/docs-script.ts, so the app serves them at SCALAR_PATH.
 */
const inlineScalar: Plugin = {
  name: 'inline-scalar',
  setup(b) {
    b.onLoad({ filter: /[\\/]src[\\/]http[\\/]docs-script\.ts$/ }, async () => {
      scalarModule ??= (async () => {
        const text = await readFile(SCALAR_BUNDLE, 'utf8')
        const { gzip: gz, br } = await compressedScalar(text)
        return [
          "import { Buffer } from 'node:buffer'",
          'const bytes = (base64) => new Uint8Array(Buffer.from(base64, "base64"))',
          `export const scalarScript = ${JSON.stringify(text)}`,
          `export const scalarScriptGzip = bytes(${JSON.stringify(gz.toString('base64'))})`,
          `export const scalarScriptBrotli = bytes(${JSON.stringify(br.toString('base64'))})`,
        ].join('\n')
      })()
      return { contents: await scalarModule, loader: 'js' }
    })
  },
}

const common: BuildOptions = {
  outdir: 'dist',
  bundle: true,
  format: 'esm',
  minify: false,
  sourcemap: true,
  logLevel: 'warning',
  plugins: [inlineScalar],
}

// Bun and Deno run web-standard ESM; the entry itself reaches for Bun.* / Deno.* globals. Both
// resolve `node:` built-ins themselves (hono/bun and hono/deno import a few for serve-static), and
// prom-client (CommonJS) require()s bare ones ('util', 'cluster'…): both runtimes' createRequire
// resolves those, so the bundle gets one.
const neutral: BuildOptions = {
  platform: 'neutral',
  target: 'es2023',
  mainFields: ['module', 'main'],
  external: ['node:*', ...builtinModules],
  banner: {
    js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
  },
}

const builds: { name: string; options: BuildOptions }[] = [
  {
    name: 'node',
    options: {
      entryPoints: { node: 'src/entry/node.ts' },
      platform: 'node',
      target: 'node22',
      // Some CommonJS dependencies call require(); give the ESM bundle one.
      banner: {
        js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);",
      },
    },
  },
  {
    name: 'bun',
    options: { entryPoints: { bun: 'src/entry/bun.ts' }, ...neutral, conditions: ['bun'] },
  },
  {
    name: 'deno',
    options: { entryPoints: { deno: 'src/entry/deno.ts' }, ...neutral, conditions: ['deno'] },
  },
]

const ASSETS_DIR = 'dist/worker-assets'

/** The headers the app would add, for the asset responses (Workers `_headers` file). */
const ASSET_HEADERS = `/openapi.yaml
  Content-Type: application/yaml; charset=utf-8
${SCALAR_PATH}
  Cache-Control: ${SCALAR_CACHE_CONTROL}
/*
  X-Content-Type-Options: nosniff
  Cross-Origin-Resource-Policy: same-origin
`

/**
 * Writes `path` whole or not at all (a temporary file beside it, then a rename): a process that
 * starts dist/node.js while another build (a test run's setup, `pnpm start`) writes it reads the old
 * file or the new one, never half of one.
 */
async function writeWhole(path: string, bytes: string | Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true })
  const temporary = `${path}.${process.pid}.tmp`
  await writeFile(temporary, bytes)
  await rename(temporary, path)
}

async function buildWorkerAssets(): Promise<void> {
  await Promise.all([
    readFile(SCALAR_BUNDLE).then((bytes) => writeWhole(`${ASSETS_DIR}${SCALAR_PATH}`, bytes)),
    writeWhole(`${ASSETS_DIR}/openapi.json`, specJson),
    writeWhole(`${ASSETS_DIR}/openapi.yaml`, specYaml),
    writeWhole(`${ASSETS_DIR}/_headers`, ASSET_HEADERS),
  ])
}

/** One esbuild build, its files written whole (see {@link writeWhole}). */
async function bundle(options: BuildOptions): Promise<void> {
  const { outputFiles } = await build({ ...common, ...options, write: false })
  await Promise.all(outputFiles.map((file) => writeWhole(file.path, file.contents)))
}

const names = [...builds.map((b) => b.name), 'worker-assets']
const only = process.argv.slice(2)
const unknown = only.filter((name) => !names.includes(name))
if (unknown.length) {
  console.error(`Unknown build ${unknown.join(', ')}; choose from ${names.join(', ')}`)
  process.exit(2)
}
const chosen = only.length ? only : names
await Promise.all(
  chosen.map((name) => {
    if (name === 'worker-assets') return buildWorkerAssets()
    const { options } = builds.find((b) => b.name === name) as (typeof builds)[number]
    return bundle(options)
  }),
)
console.log(
  `built ${chosen.map((name) => (name === 'worker-assets' ? `${ASSETS_DIR}/` : `dist/${name}.js`)).join(', ')}`,
)
