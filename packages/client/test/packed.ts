// Global setup: builds and packs @joinlink/types, /validation, /core and /client once per run, as
// `pnpm publish` would, two at a time; the consumer test installs the four tarballs and the package
// test runs publint and attw on the client's. The directory goes with the run.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { TestProject } from 'vitest/node'
import { buildAndPack } from '../scripts/pack.ts'

/** The tarballs, by package directory name. */
export type Packed = Record<'types' | 'validation' | 'core' | 'client', string>

declare module 'vitest' {
  export interface ProvidedContext {
    packed: Packed
  }
}

const PACKAGES = fileURLToPath(new URL('../..', import.meta.url))

export async function setup(project: TestProject): Promise<() => void> {
  const destination = mkdtempSync(join(tmpdir(), 'joinlink-packed-'))
  const names = ['client', 'validation', 'types', 'core'] as const
  const packed: Partial<Packed> = {}
  // Two at a time on two cores; the client's is the longest, so it starts first.
  const queue = [...names]
  const worker = async () => {
    for (let name = queue.shift(); name; name = queue.shift())
      packed[name] = await buildAndPack(join(PACKAGES, name), destination, name === 'client')
  }
  try {
    await Promise.all([worker(), worker()])
  } catch (error) {
    rmSync(destination, { recursive: true, force: true })
    throw error
  }
  project.provide('packed', packed as Packed)
  return () => rmSync(destination, { recursive: true, force: true })
}
