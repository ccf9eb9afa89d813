// `pnpm start` as a person runs it from the repository root: the Node bundle is built through
// turbo's cache (a second start with nothing changed skips the build), and a stop with SIGTERM or
// Ctrl-C (SIGINT to the whole process group, as a terminal sends it) ends with exit code 0 and no
// "ELIFECYCLE Command failed" from pnpm.
import { fileURLToPath } from 'node:url'
import { cleanEnv, spawnGroup, waitForReadyLine } from '@joinlink/test-kit/process'
import { LOOKUP_PATH } from '@joinlink/validation'
import { expect, it } from 'vitest'

const root = fileURLToPath(new URL('../../..', import.meta.url))

/** `pnpm start` on a free port; resolves once it is ready, with the process and its origin. */
async function pnpmStart() {
  const proc = spawnGroup('pnpm', ['start'], {
    cwd: root,
    // turbo's own variables would make the inner turbo think it runs inside this task.
    env: Object.fromEntries(
      Object.entries(cleanEnv({ PORT: '0', JOINLINK_LOG: 'false' })).filter(
        ([name]) => !/^TURBO_/.test(name),
      ),
    ),
  })
  return { proc, origin: await waitForReadyLine(proc, 'pnpm start', 90_000) }
}

/** Sends `signal` to the whole group, as a terminal's Ctrl-C (or a process manager) does. */
async function stopWith(proc: Awaited<ReturnType<typeof pnpmStart>>['proc'], signal: NodeJS.Signals) {
  process.kill(-(proc.child.pid as number), signal)
  const timer = setTimeout(() => void proc.stop(0), 20_000)
  const exit = await proc.exited
  clearTimeout(timer)
  return exit
}

it('pnpm start: a second start skips the build; SIGTERM and Ctrl-C stop it cleanly (exit 0, no ELIFECYCLE)', async () => {
  const first = await pnpmStart()
  const lookup = await fetch(`${first.origin}${LOOKUP_PATH}`, { method: 'POST' })
  expect(lookup.status).toBe(415) // it serves: a bodiless POST is refused as the spec says
  expect(await stopWith(first.proc, 'SIGTERM')).toEqual({ code: 0, signal: null })
  expect(first.proc.stderr()).not.toMatch(/ELIFECYCLE|Command failed/)

  const second = await pnpmStart()
  // turbo found the build's inputs unchanged and restored dist/node.js from its cache.
  expect(second.proc.stdout()).toMatch(/Cached:\s+1 cached, 1 total/)
  expect(await stopWith(second.proc, 'SIGINT')).toEqual({ code: 0, signal: null })
  expect(second.proc.stderr()).not.toMatch(/ELIFECYCLE|Command failed/)
}, 180_000)
