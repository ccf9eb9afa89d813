// Check 2: every package's `check:generated` script (regenerate and compare with what is committed),
// all at once; a script that is `node <file> …` runs under this Node directly, without pnpm's start-up.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Check } from '../context.ts'
import { type RunResult, run, tail } from '../run.ts'
import { fence } from './lint.ts'

/** The workspace packages (apps/*, packages/*) with a `check:generated` script, and the script. */
export function generatedScripts(root: string): { dir: string; script: string }[] {
  const out: { dir: string; script: string }[] = []
  for (const group of ['apps', 'packages']) {
    const parent = join(root, group)
    if (!existsSync(parent)) continue
    for (const name of readdirSync(parent).sort()) {
      const file = join(parent, name, 'package.json')
      if (!existsSync(file)) continue
      const script = (JSON.parse(readFileSync(file, 'utf8')) as { scripts?: Record<string, string> })
        .scripts?.['check:generated']
      if (script !== undefined) out.push({ dir: `${group}/${name}`, script })
    }
  }
  return out
}

function check(root: string, dir: string, script: string): Promise<RunResult> {
  const cwd = join(root, dir)
  const direct = /^node ((?:[\w./-]+)(?: --?[\w-]+)*)$/.exec(script.trim())
  if (direct) return run(process.execPath, (direct[1] as string).split(' '), { cwd, timeoutMs: 300_000 })
  return run('pnpm', ['run', 'check:generated'], { cwd, timeoutMs: 300_000 })
}

/** Every `check:generated` script, concurrently: passes when regenerating changes nothing anywhere. */
export const generatedCheck: Check = {
  name: 'generated',
  async run({ root }) {
    const scripts = generatedScripts(root)
    const results = await Promise.all(scripts.map((s) => check(root, s.dir, s.script)))
    const failed = scripts.map((s, i) => ({ ...s, r: results[i] as RunResult })).filter((x) => x.r.code !== 0)
    if (failed.length === 0) {
      const where = scripts.map((s) => s.dir).join(', ')
      return { name: 'generated', ok: true, summary: `regenerating changes nothing (${where})` }
    }
    const output = failed.map((f) => `${f.dir}:\n${tail(f.r.output, 25)}`).join('\n\n')
    const named = tail(output, 400)
      .split('\n')
      .filter((l) => /out of date|differs|drift|stale|not up to date|pnpm generate/i.test(l))
    const why =
      named.length > 0
        ? `${named.length} generated file(s) out of date with the spec`
        : `${failed.map((f) => `${f.dir} exit ${f.r.code}`).join(', ')}`
    const hint = 'Run `pnpm generate` and commit the result.'
    const details = [...named.map((l) => `- ${l.trim()}`), '', hint, '', fence(output)].join('\n')
    return {
      name: 'generated',
      ok: false,
      summary: failed.some((f) => f.r.timedOut) ? 'timed out' : `${why} — run \`pnpm generate\``,
      details,
    }
  },
}
