// Check 1: the spec's own metadata (metadata.ts, in-process), then Redocly lint with the repository's
// config (the recommended ruleset).
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { type Check, SPEC_FILE } from '../context.ts'
import { lineIndex } from '../lines.ts'
import { binOf, run, tail } from '../run.ts'
import { lintMetadata, type MetadataProblem } from './metadata.ts'

interface Problem {
  ruleId?: string
  severity?: string
  message?: string
  location?: { pointer?: string }[]
}

/** The metadata problems of the spec file, each with its line; a spec that is not YAML is one problem. */
function metadata(root: string): { problems: MetadataProblem[]; lines: string[] } {
  const text = readFileSync(join(root, SPEC_FILE), 'utf8')
  let problems: MetadataProblem[]
  try {
    problems = lintMetadata(parse(text))
  } catch (error) {
    problems = [
      { pointer: '', message: `not YAML: ${error instanceof Error ? error.message : String(error)}` },
    ]
  }
  const lineOf = lineIndex(text)
  return {
    problems,
    lines: problems.map(
      (p) => `- error \`${SPEC_FILE}:${lineOf(p.pointer)}\` at \`${p.pointer}\`: ${p.message}`,
    ),
  }
}

/** Metadata lint and `redocly lint`: passes with zero errors; warnings are counted and listed. */
export const lintCheck: Check = {
  name: 'lint',
  async run({ root }) {
    const meta = metadata(root)
    const args = ['lint', '--config', 'spec/redocly.yaml', 'spec/openapi.yaml', '--format=json']
    const r = await run(process.execPath, [binOf(root, '@redocly/cli', 'redocly'), ...args], {
      cwd: root,
      timeoutMs: 120_000,
    })
    let parsed: { totals?: { errors?: number; warnings?: number }; problems?: Problem[] }
    try {
      parsed = JSON.parse(r.stdout)
    } catch {
      return {
        name: 'lint',
        ok: false,
        summary: `redocly did not run (exit ${r.code})${meta.problems.length > 0 ? `; ${meta.problems.length} metadata problem(s)` : ''}`,
        details: [...meta.lines, fence(tail(r.output))].join('\n'),
      }
    }
    const errors = parsed.totals?.errors ?? 0
    const warnings = parsed.totals?.warnings ?? 0
    const lines = (parsed.problems ?? []).map(
      (p) =>
        `- ${p.severity ?? '?'} \`${p.ruleId ?? '?'}\` at \`${p.location?.[0]?.pointer ?? '?'}\`: ${p.message ?? ''}`,
    )
    const ok = errors === 0 && r.code === 0 && meta.problems.length === 0
    const redocly = `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'} (Redocly recommended ruleset)`
    const first = meta.problems[0]
    const summary =
      first === undefined
        ? `${redocly}; metadata well-formed`
        : `${meta.problems.length} metadata problem${meta.problems.length === 1 ? '' : 's'} (first: ${first.message}); ${redocly}`
    const all = [...meta.lines, ...lines]
    return {
      name: 'lint',
      ok,
      summary,
      ...(all.length > 0 ? { details: all.slice(0, 30).join('\n') } : {}),
    }
  },
}

/** Wraps text in a Markdown code fence. */
export function fence(text: string): string {
  return `\`\`\`\n${text.replaceAll('```', "'''")}\n\`\`\``
}
