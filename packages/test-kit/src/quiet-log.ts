// What a passing `pnpm test` must not print: the banners, warnings and stray lines that used to fill
// it. `.ci/run` keeps the run's output and hands it to this file; a line found fails CI, named.
// Usage: pnpm exec node packages/test-kit/src/quiet-log.ts <file with pnpm test's output>
import { readFileSync } from 'node:fs'

/** Each kind of noise a passing run once printed, or could again, and how to recognise it. */
export const NOISE: readonly { name: string; pattern: RegExp }[] = [
  { name: "turbo's telemetry notice", pattern: /Turborepo now collects|anonymous telemetry/i },
  { name: "vitest's experimental type checking", pattern: /experimental feature/i },
  { name: "orval's banner", pattern: /🍻|\borval v\d/ },
  { name: "attw's emoji verdicts", pattern: /💀|⚠️|🚭|🥴/ },
  { name: 'a Node warning', pattern: /\(node:\d+\) \w*Warning|ExperimentalWarning|DeprecationWarning/ },
  { name: 'a package manager warning', pattern: /^\s*(?:\S+:\s+)?(?:WARN|npm warn)\b/ },
  { name: 'a JSON log line outside a test', pattern: /^\S+:(?:test|typecheck): \{"(?:level|msg)"/ },
  { name: "wrangler's banner", pattern: /⛅️ wrangler/ },
]

/** The lines of `log` (ANSI colours removed) that are noise, each with its kind. */
export function noiseIn(log: string): { line: number; name: string; text: string }[] {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences are what it removes.
  const plain = log.replace(/\u001b\[[0-9;]*m/g, '')
  const found: { line: number; name: string; text: string }[] = []
  plain.split('\n').forEach((text, index) => {
    const hit = NOISE.find(({ pattern }) => pattern.test(text))
    if (hit) found.push({ line: index + 1, name: hit.name, text: text.trim().slice(0, 200) })
  })
  return found
}

if (import.meta.main) {
  const file = process.argv[2]
  if (!file) {
    process.stderr.write('Usage: node packages/test-kit/src/quiet-log.ts <file with pnpm test output>\n')
    process.exit(2)
  }
  const found = noiseIn(readFileSync(file, 'utf8'))
  if (found.length > 0) {
    const lines = found.map(({ line, name, text }) => `  line ${line} (${name}): ${text}\n`)
    process.stderr.write(
      `pnpm test printed ${found.length} line(s) a passing run must not:\n${lines.join('')}`,
    )
    process.exit(1)
  }
}
