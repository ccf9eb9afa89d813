// The workspace's shape: a package's `exports` is its public surface, so it points at source (or,
// once published, at dist) and never into scripts/, test-support/ or tests; what tests and benches
// share lives in a private package of its own (@joinlink/test-kit, /spec-judge, /size).
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const ROOT = fileURLToPath(new URL('../../..', import.meta.url))

const packages = ['apps', 'packages'].flatMap((group) =>
  readdirSync(join(ROOT, group), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => join(group, entry.name, 'package.json'))
    .filter((file) => existsSync(join(ROOT, file))),
)

/** Every file path an `exports` value names, conditions included. */
function targets(value: unknown): string[] {
  if (typeof value === 'string') return [value]
  if (value && typeof value === 'object') return Object.values(value).flatMap(targets)
  return []
}

const ALLOWED = /^\.\/(src\/(?!.*\.test(-d)?\.ts$).+|dist\/.+|package\.json)$/

describe('package exports', () => {
  it('finds the workspace packages', () => {
    expect(packages.length).toBeGreaterThan(5)
  })

  it.each(packages)('%s exports only src/, dist/ or package.json', (file) => {
    const manifest = JSON.parse(readFileSync(join(ROOT, file), 'utf8'))
    const named = [...targets(manifest.exports), ...targets(manifest.publishConfig?.exports)]
    expect(named.filter((target) => !ALLOWED.test(target))).toEqual([])
  })

  it.each([
    ['./src/index.ts', true],
    ['./dist/index.js', true],
    ['./package.json', true],
    ['./scripts/size.ts', false],
    ['./test-support/spec-judge.ts', false],
    ['./src/x.test.ts', false],
  ] as const)('the rule takes %s: %s', (target, allowed) => {
    expect(ALLOWED.test(target)).toBe(allowed)
  })
})

// A passing `pnpm test` prints what a person needs and nothing else. Inside vitest, the shared
// config fails a test on stray output; these hold the tools around it to their quiet settings.
describe('a quiet pnpm test', () => {
  const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>
  }
  const configs = packages
    .map((file) => join(dirname(file), 'vitest.config.ts'))
    .filter((file) => existsSync(join(ROOT, file)))

  // pnpm test's turbo runs are started by scripts/test.ts, with the environment it sets.
  const runner = readFileSync(join(ROOT, 'scripts/test.ts'), 'utf8')

  it('turbo runs without its telemetry notice', () => {
    expect(root.scripts.test).toMatch(/\bnode scripts\/test\.ts\b/)
    expect(runner).toMatch(/\bTURBO_TELEMETRY_DISABLED: '1'/)
    expect(runner).toMatch(/spawn\('turbo', \['run'[^)]*\{ env\b/)
  })

  it("Node's compile cache (tsc turns it on) goes to node_modules/.cache, not the temp directory", () => {
    expect(runner).toMatch(/\bNODE_COMPILE_CACHE: `\$\{process\.cwd\(\)\}\/node_modules\/\.cache\/[^`]+`/)
  })

  it('finds the vitest configs', () => {
    expect(configs.length).toBeGreaterThan(5)
  })

  it.each(configs)('%s uses the shared quiet config and no experimental type checking', (file) => {
    const text = readFileSync(join(ROOT, file), 'utf8')
    // Either the one project wrapped, or (apps/edge: projects run in two groups) the shared files named.
    const wrapped = /defineProject\(\s*withSharedConfig\(/.test(text)
    const named = /setupFiles: \[QUIET_SETUP\]/.test(text) && /globalSetup: \[TEMP_DIR_SETUP\b/.test(text)
    expect(wrapped || named, 'defineProject(withSharedConfig(…)) or QUIET_SETUP and TEMP_DIR_SETUP').toBe(
      true,
    )
    // vitest --typecheck warns that it is experimental; type tests run in each package's tsc instead.
    expect(text).not.toMatch(/\btypecheck\s*:/)
  })

  it.each(packages)('%s: its test script does not turn on vitest --typecheck', (file) => {
    const { scripts = {} } = JSON.parse(readFileSync(join(ROOT, file), 'utf8')) as {
      scripts?: Record<string, string>
    }
    expect(scripts.test ?? '').not.toMatch(/--typecheck\b/)
  })
})
