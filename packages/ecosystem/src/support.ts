// Processes for the ecosystem suite: the tools' CLIs run on this Node, the built edge and Prism
// started on 127.0.0.1 in their own process groups and stopped by group id.
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../../../', import.meta.url))
/** The spec every tool reads. */
export const SPEC = join(ROOT, 'spec/openapi.yaml')
const PACKAGE_DIR = fileURLToPath(new URL('../', import.meta.url))
const require = createRequire(import.meta.url)

/** The JS file behind a package's CLI, run with this Node rather than a shell shim. */
export function binOf(pkg: string, name: string): string {
  const manifest = require.resolve(`${pkg}/package.json`)
  const { bin } = JSON.parse(readFileSync(manifest, 'utf8')) as { bin: string | Record<string, string> }
  return join(dirname(manifest), typeof bin === 'string' ? bin : (bin[name] as string))
}

/** What a finished command printed and how it exited. */
export interface RunResult {
  code: number | null
  output: string
}

/** Runs `node <script> ...args` to completion (bounded by `timeoutMs`), stdout and stderr together. */
export function runNode(script: string, args: string[], cwd = ROOT, timeoutMs = 120_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (c: Buffer) => (output += c))
    child.stderr.on('data', (c: Buffer) => (output += c))
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, output })
    })
  })
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

/** A server process started by {@link startServer}. */
export interface Started {
  baseUrl: string
  output: () => string
  stop: () => Promise<void>
}

function stopGroup(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    const pid = child.pid
    if (pid === undefined || child.exitCode !== null || child.signalCode !== null) return resolve()
    const force = setTimeout(() => {
      try {
        process.kill(-pid, 'SIGKILL')
      } catch {}
    }, 5_000)
    child.once('exit', () => {
      clearTimeout(force)
      resolve()
    })
    try {
      process.kill(-pid, 'SIGTERM')
    } catch {
      clearTimeout(force)
      resolve()
    }
  })
}

/**
 * Starts `node <script> ...args` in its own process group and waits until `ready(baseUrl)` answers
 * (any HTTP answer counts) or `timeoutMs` passes; the port is chosen here and handed over by `argsFor`.
 */
export async function startServer(
  script: string,
  argsFor: (port: number) => string[],
  env: Record<string, string>,
  readyPath: string,
  timeoutMs = 60_000,
): Promise<Started> {
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const child = spawn(process.execPath, [script, ...argsFor(port)], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
  })
  let output = ''
  const keep = (c: Buffer) => {
    output = (output + c.toString('utf8')).slice(-20_000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const started: Started = { baseUrl, output: () => output, stop: () => stopGroup(child) }
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`${script} exited (${child.exitCode}) before it was ready:\n${output}`)
    try {
      const res = await fetch(baseUrl + readyPath, { signal: AbortSignal.timeout(2_000) })
      await res.arrayBuffer()
      return started
    } catch {}
    await new Promise((r) => setTimeout(r, 250))
  }
  await started.stop()
  throw new Error(`${script} did not answer on ${baseUrl} within ${timeoutMs / 1000} s:\n${output}`)
}

/** Builds the Node bundle of the edge and starts it on a free port (rate limit and log off). */
export async function startEdge(): Promise<Started> {
  const build = await runNode('scripts/build.ts', ['node'], join(ROOT, 'apps/edge'))
  if (build.code !== 0) throw new Error(`building the edge failed:\n${build.output}`)
  return startServer(
    join(ROOT, 'apps/edge/dist/node.js'),
    () => [],
    { JOINLINK_RATE_LIMIT: '0', JOINLINK_LOG: 'false' },
    '/healthz',
  )
}

const scratchDirs: string[] = []

/** Removes every directory {@link scratchDir} made (the node_modules link, not its target). */
export function removeScratchDirs(): void {
  for (const dir of scratchDirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/**
 * A fresh directory under the OS temp dir for generated code, with this package's node_modules
 * linked in (so `zod` resolves) and `"type": "module"`.
 */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `joinlink-${prefix}-`))
  scratchDirs.push(dir)
  symlinkSync(join(PACKAGE_DIR, 'node_modules'), join(dir, 'node_modules'), 'dir')
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n')
  return dir
}

/** Typechecks `files` under `strict` with the given module resolution; returns tsc's output on failure. */
export async function typecheck(
  dir: string,
  resolution: 'Bundler' | 'NodeNext',
  include: string[],
): Promise<RunResult> {
  const config = {
    compilerOptions: {
      strict: true,
      target: 'ES2023',
      lib: ['ES2023', 'DOM', 'DOM.Iterable'],
      module: resolution === 'Bundler' ? 'ESNext' : 'NodeNext',
      moduleResolution: resolution,
      noEmit: true,
      skipLibCheck: true,
      types: [],
    },
    include,
  }
  const file = join(dir, `tsconfig.${resolution.toLowerCase()}.json`)
  writeFileSync(file, JSON.stringify(config, null, 2))
  return runNode(binOf('typescript', 'tsc'), ['-p', file], dir)
}
