// Runs a command to completion with a time limit, capturing its combined output.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** The outcome of one command. */
export interface RunResult {
  code: number
  /** stdout and stderr interleaved. */
  output: string
  stdout: string
  timedOut: boolean
}

/** Options for {@link run}. */
export interface RunOptions {
  cwd: string
  timeoutMs?: number
  env?: NodeJS.ProcessEnv
}

/** Runs `command args` (no shell); never throws — a missing binary is exit code 127. */
export function run(command: string, args: readonly string[], options: RunOptions): Promise<RunResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = []
    const out: Buffer[] = []
    let timedOut = false
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    })
    const timer = setTimeout(() => {
      timedOut = true
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL')
    }, options.timeoutMs ?? 600_000)
    child.stdout.on('data', (c: Buffer) => {
      chunks.push(c)
      out.push(c)
    })
    child.stderr.on('data', (c: Buffer) => chunks.push(c))
    child.on('error', (error) => {
      clearTimeout(timer)
      resolve({ code: 127, output: `${command}: ${error.message}`, stdout: '', timedOut })
    })
    child.on('close', (code) => {
      clearTimeout(timer)
      const stdout = Buffer.concat(out).toString('utf8')
      resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8'), stdout, timedOut })
    })
  })
}

/** The last `lines` lines of `text`, without ANSI colour codes. */
export function tail(text: string, lines = 30): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping ANSI escapes
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '').trimEnd()
  return plain.split('\n').slice(-lines).join('\n')
}

/**
 * The file a package's command runs (`bin` in its package.json), resolved from `fromDir`, so the
 * command can be started with this process's Node instead of whatever `node` a shell shim finds on
 * PATH (Node 20 on a fresh machine, which runs no TypeScript).
 */
export function binOf(fromDir: string, pkg: string, command: string): string {
  const manifest = createRequire(join(fromDir, 'package.json')).resolve(`${pkg}/package.json`)
  const bin = (JSON.parse(readFileSync(manifest, 'utf8')) as { bin?: string | Record<string, string> }).bin
  const file = typeof bin === 'string' ? bin : bin?.[command]
  if (file === undefined) throw new Error(`${pkg} has no "${command}" command`)
  return join(dirname(manifest), file)
}
