import { readFileSync } from 'node:fs'
import { createServer } from 'node:net'
import { describe, expect, it } from 'vitest'
import { cleanEnv, freePort, spawnGroup, waitForHealth, waitForReadyLine } from './process.ts'

const node = process.execPath

describe('process helpers', () => {
  it('freePort gives a port that can be bound on 127.0.0.1', async () => {
    const port = await freePort()
    const server = createServer()
    await new Promise<void>((resolve, reject) =>
      server.once('error', reject).listen(port, '127.0.0.1', resolve),
    )
    await new Promise((resolve) => server.close(resolve))
  })

  it('cleanEnv drops JOINLINK_*, PORT, HOST and NODE_OPTIONS from the parent, keeps the rest', () => {
    process.env.JOINLINK_SOURCE = 'upstream'
    try {
      const env = cleanEnv({ PORT: '1' })
      expect(env.JOINLINK_SOURCE).toBeUndefined()
      expect(env.PORT).toBe('1')
      expect(env.PATH).toBe(process.env.PATH)
    } finally {
      delete process.env.JOINLINK_SOURCE
    }
  })

  it('stop() ends the whole group, grandchildren included', async () => {
    // The child starts a grandchild that ignores nothing and would outlive a plain kill of the child.
    const script = `const c = require('node:child_process').spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }); console.log('grandchild ' + c.pid); setInterval(() => {}, 1000)`
    const proc = spawnGroup(node, ['-e', script])
    const deadline = Date.now() + 10_000
    while (!/grandchild (\d+)/.test(proc.stdout()) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 20))
    const grandchild = Number(/grandchild (\d+)/.exec(proc.stdout())?.[1])
    await proc.stop()
    expect(proc.alive()).toBe(false)
    // Gone, or a zombie waiting for init to reap it: either way it no longer runs.
    const running = () => {
      try {
        return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${grandchild}/stat`, 'utf8'))
      } catch {
        return false
      }
    }
    const until = Date.now() + 2000
    while (running() && Date.now() < until) await new Promise((r) => setTimeout(r, 20))
    expect(running()).toBe(false)
  })

  it('waitForReadyLine resolves to the origin; fails with the output when the process exits first', async () => {
    const ok = spawnGroup(node, [
      '-e',
      "console.log('Joinlink ready on http://127.0.0.1:1234 (test)'); setInterval(() => {}, 1000)",
    ])
    expect(await waitForReadyLine(ok, 'ok')).toBe('http://127.0.0.1:1234')
    await ok.stop()
    const dead = spawnGroup(node, ['-e', "console.error('boom'); process.exit(3)"])
    await expect(waitForReadyLine(dead, 'dead')).rejects.toThrow(
      /dead exited \(3\) before it was ready:\nboom/,
    )
  })

  it('waitForHealth fails, bounded, when nothing answers', async () => {
    const idle = spawnGroup(node, ['-e', 'setInterval(() => {}, 1000)'])
    await expect(waitForHealth(`http://127.0.0.1:${await freePort()}`, idle, 'idle', 600)).rejects.toThrow(
      /idle did not answer \/healthz within 0.6 s/,
    )
    expect(idle.alive()).toBe(false)
  })
})
