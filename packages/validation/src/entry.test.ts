import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Loads an entry point in a fresh Node process with a resolve hook that records every module.
function modulesLoadedBy(entry: string): string[] {
  const script = `
    import { registerHooks } from 'node:module'
    const seen = []
    registerHooks({ resolve(specifier, context, next) { const r = next(specifier, context); seen.push(r.url); return r } })
    await import(${JSON.stringify(entry)})
    console.log(JSON.stringify(seen))
  `
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
  if (run.status !== 0) throw new Error(`loading ${entry} failed: ${run.stderr}`)
  return JSON.parse(run.stdout)
}

describe('entry points', () => {
  it('the runtime entry does not load the fixtures', () => {
    const loaded = modulesLoadedBy(new URL('./index.ts', import.meta.url).href)
    expect(loaded.some((url) => url.includes('/schemas.gen.ts'))).toBe(true)
    expect(loaded.filter((url) => url.includes('/fixtures/'))).toEqual([])
  })

  it('the join-url entry loads neither zod nor the fixtures', () => {
    const loaded = modulesLoadedBy(new URL('./join-url.ts', import.meta.url).href)
    expect(loaded.filter((url) => url.includes('/fixtures/') || url.includes('/zod/'))).toEqual([])
  })

  it('the facts entry loads nothing at all: it is plain constants', () => {
    const loaded = modulesLoadedBy(new URL('./facts.gen.ts', import.meta.url).href)
    expect(loaded.filter((url) => !url.endsWith('/facts.gen.ts'))).toEqual([])
  })

  it('the fixtures entry is a separate module', () => {
    const loaded = modulesLoadedBy(fileURLToPath(new URL('./fixtures/index.ts', import.meta.url)))
    expect(loaded.some((url) => url.includes('/fixtures/conferences.ts'))).toBe(true)
  })
})
