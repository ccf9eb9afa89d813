import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createLineWriter } from './log-writer.ts'

const WRITER = fileURLToPath(new URL('./log-writer.ts', import.meta.url))
const LINES = 20_000

/** Collects what a fake fd takes; `room` bytes per call (then EAGAIN when 0). */
function fakeFd(room = Number.POSITIVE_INFINITY) {
  const taken: string[] = []
  let calls = 0
  const writeSome = (_fd: number, bytes: Uint8Array) => {
    calls++
    const n = Math.min(bytes.byteLength, room)
    if (n === 0) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' })
    taken.push(Buffer.from(bytes.subarray(0, n)).toString())
    return n
  }
  return { taken, writeSome, calls: () => calls, setRoom: (r: number) => (room = r) }
}

/**
 * A child process that logs LINES lines through the writer to its stdout (a pipe the parent reads
 * only when the child is gone) and then stops the way `how` says; every line must arrive.
 */
const child = (how: string) => `
import { createLineWriter } from ${JSON.stringify(WRITER)}
console.log('ready')
const out = createLineWriter(1)
process.on('exit', out.flush)
process.once('SIGTERM', () => process.exit(0))
for (let i = 1; i <= ${LINES}; i++) out.line(JSON.stringify({ msg: 'request', n: i }))
${how}
`

describe('createLineWriter', () => {
  it('batches the lines of one turn into one write, in order', async () => {
    const fd = fakeFd()
    const out = createLineWriter(1, { writeSome: fd.writeSome })
    out.line('a')
    out.line('b')
    expect(fd.taken).toEqual([])
    await new Promise((resolve) => setImmediate(resolve))
    expect(fd.taken).toEqual(['a\nb\n'])
    out.line('c')
    out.flush()
    expect(fd.taken).toEqual(['a\nb\n', 'c\n'])
  })

  it('writes at once past maxChars', () => {
    const fd = fakeFd()
    const out = createLineWriter(1, { maxChars: 4, schedule: () => {}, writeSome: fd.writeSome })
    out.line('ab')
    expect(fd.taken).toEqual([])
    out.line('cd')
    expect(fd.taken).toEqual(['ab\ncd\n'])
  })

  it('never blocks on a full pipe: keeps what it could not write, in order, and retries', async () => {
    const fd = fakeFd(3)
    const out = createLineWriter(1, { maxChars: 1, writeSome: fd.writeSome })
    fd.setRoom(0)
    out.line('first')
    expect(fd.taken).toEqual([])
    out.line('second')
    fd.setRoom(4)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(fd.taken.join('')).toBe('first\nsecond\n')
  })

  it('waits for a reader that keeps falling behind rather than hold more than maxUnwritten', () => {
    const fd = fakeFd(0)
    let calls = 0
    const writeSome = (n: number, bytes: Uint8Array) => {
      // Full for the first few tries, then the reader catches up.
      if (++calls < 5) throw Object.assign(new Error('EAGAIN'), { code: 'EAGAIN' })
      fd.setRoom(Number.POSITIVE_INFINITY)
      return fd.writeSome(n, bytes)
    }
    const out = createLineWriter(1, { maxChars: 1, maxUnwritten: 4, writeSome })
    out.line('first')
    expect(fd.taken.join('')).toBe('first\n')
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
    const lines = run.stdout.split('\n').filter((line) => line.startsWith('{'))
    expect(lines.length, run.stderr).toBe(LINES)
    expect(JSON.parse(lines.at(-1) as string)).toEqual({ msg: 'request', n: LINES })
  })
})
