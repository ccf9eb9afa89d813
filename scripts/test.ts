// The turbo part of `pnpm test`: the edge's tests — the longest task by far, mostly waiting on
// sockets and child processes — start at once in a turbo run of their own (with the edge's
// typecheck beside them), and a second run does every other package two tasks at a time. One run
// at concurrency 3 picks its first tasks in no fixed order, and when the edge's suite came third or
// later the whole took ~25 s longer.
// Both runs go on after a failure (--continue); the exit code is the first non-zero one.
import { spawn } from 'node:child_process'

const EDGE = '@joinlink/edge'
const env = {
  ...process.env,
  TURBO_TELEMETRY_DISABLED: '1',
  NODE_COMPILE_CACHE: `${process.cwd()}/node_modules/.cache/node-compile-cache`,
}
const extra = process.argv.slice(2)

function turbo(args: string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn('turbo', ['run', ...args, '--continue', ...extra], { env, stdio: 'inherit' })
    child.once('error', (error) => {
      process.stderr.write(`could not start turbo: ${error.message}\n`)
      resolve(1)
    })
    child.once('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

const codes = await Promise.all([
  turbo(['test', 'typecheck', `--filter=${EDGE}`, '--concurrency=2']),
  turbo(['typecheck', 'test', `--filter=!${EDGE}`, '--concurrency=2']),
])
process.exitCode = codes.find((code) => code !== 0) ?? 0
