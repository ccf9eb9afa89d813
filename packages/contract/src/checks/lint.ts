// Check 1: Redocly lint with the repository's config (the recommended ruleset).
import { join } from 'node:path'
import type { Check } from '../context.ts'
import { run, tail } from '../run.ts'

interface Problem {
  ruleId?: string
  severity?: string
  message?: string
  location?: { pointer?: string }[]
}

/** `redocly lint`: passes with zero errors; warnings are counted and listed. */
export const lintCheck: Check = {
  name: 'lint',
  async run({ root }) {
    const bin = join(root, 'node_modules', '.bin', 'redocly')
    const args = ['lint', '--config', 'spec/redocly.yaml', 'spec/openapi.yaml', '--format=json']
    const r = await run(bin, args, { cwd: root, timeoutMs: 120_000 })
    let parsed: { totals?: { errors?: number; warnings?: number }; problems?: Problem[] }
    try {
      parsed = JSON.parse(r.stdout)
    } catch {
      return {
        name: 'lint',
        ok: false,
        summary: `redocly did not run (exit ${r.code})`,
        details: fence(tail(r.output)),
      }
    }
    const errors = parsed.totals?.errors ?? 0
    const warnings = parsed.totals?.warnings ?? 0
    const lines = (parsed.problems ?? []).map(
      (p) =>
        `- ${p.severity ?? '?'} \`${p.ruleId ?? '?'}\` at \`${p.location?.[0]?.pointer ?? '?'}\`: ${p.message ?? ''}`,
    )
    const ok = errors === 0 && r.code === 0
    const summary = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (Redocly recommended ruleset)`
    return {
      name: 'lint',
      ok,
      summary,
      ...(lines.length > 0 ? { details: lines.slice(0, 30).join('\n') } : {}),
    }
  },
}

/** Wraps text in a Markdown code fence. */
export function fence(text: string): string {
  return `\`\`\`\n${text.replaceAll('```', "'''")}\n\`\`\``
}
