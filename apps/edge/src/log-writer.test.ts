import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createLineWriter } from './log-writer.ts'

const WRITER = fileURLToPath(new URL('./log-writer.ts', import.meta.url))
const LINES = 20_000

/**
 * A child process that logs LINES lines through the writer and then stops the way `how` says;
 * every line must reach the parent's pipe.
 */
const child = (how: string) => `
import { createLineWriter } from ${JSON.stringify(WRITER)}
const out = createLineWriter((chunk) => process.stdout.write(chunk))
process.on('exit', out.flush)
process.once('SIGTERM', () => process.exit(0))
for (let i = 1; i <= ${LINES}; i++) out.line(JSON.stringify({ msg: 'request', n: i }))
${how}
`

describe('createLineWriter', () => {
  it('batches the lines of one turn into one write, in order', async () => {
    const chunks: string[] = []
    const out = createLineWriter((chunk) => chunks.push(chunk))
    out.line('a')
    out.line('b')
    expect(chunks).toEqual([])
    await new Promise((resolve) => setImmediate(resolve))
    expect(chunks).toEqual(['a\nb\n'])
    out.line('c')
    out.flush()
    expect(chunks).toEqual(['a\nb\n', 'c\n'])
  })

  it('writes at once past maxChars', () => {
    const chunks: string[] = []
    const out = createLineWriter((chunk) => chunks.push(chunk), { maxChars: 4, schedule: () => {} })
    out.line('ab')
    expect(chunks).toEqual([])
    out.line('cd')
    expect(chunks).toEqual(['ab\ncd\n'])
  })

  it.each([
    ['process.exit() right after the lines', 'process.exit(0)'],
    [
      'SIGTERM to itself right after the lines',
      "process.kill(process.pid, 'SIGTERM'); setTimeout(() => {}, 5000)",
    ],
    ['the event loop running dry', ''],
    ['an uncaught exception', "throw new Error('boom')"],
  ])('loses no line on %s', (_name, how) => {
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', child(how)], {
      encoding: 'utf8',
      timeout: 30_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    const lines = run.stdout.split('\n').filter(Boolean)
    expect(lines.length, run.stderr).toBe(LINES)
    expect(JSON.parse(lines.at(-1) as string)).toEqual({ msg: 'request', n: LINES })
  })
})
