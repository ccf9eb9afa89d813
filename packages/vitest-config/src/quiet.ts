// A passing run prints nothing a person did not ask for: whatever a test (or the code it runs) writes
// to the console or to this process's stdout/stderr fails that test, naming the line. A test that
// means to produce output captures it (`vi.spyOn(console, 'log').mockImplementation(...)`) or gives
// the code a sink of its own. Child processes are not affected: their output goes to the pipes the
// test reads.
import { format } from 'node:util'
import { afterAll, afterEach } from 'vitest'

const METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir'] as const

const said: string[] = []
const record = (where: string, text: string) => {
  said.push(`${where}: ${text.length > 500 ? `${text.slice(0, 500)}…` : text.trimEnd()}`)
}

for (const method of METHODS) {
  console[method] = (...args: unknown[]) => record(`console.${method}`, format(...args))
}
for (const name of ['stdout', 'stderr'] as const) {
  const stream = process[name]
  stream.write = ((chunk: unknown, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString()
    // An empty write prints nothing (execFileSync forwards a silent child's empty stderr).
    if (text !== '') record(`process.${name}.write`, text)
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined
    callback?.()
    return true
  }) as typeof stream.write
}

/** Throws with everything printed since the last check, so the test (or file) that printed it fails. */
export function assertQuiet(): void {
  if (said.length === 0) return
  const lines = said.splice(0)
  throw new Error(
    `unexpected output (a passing run prints nothing; capture it in the test if it is meant):\n${lines.join('\n')}`,
  )
}

afterEach(assertQuiet)
afterAll(assertQuiet)
