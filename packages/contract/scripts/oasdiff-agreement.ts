// Measures how often the classifier agrees with oasdiff on oasdiff's own checker tests: for every Go
// test in `checker/*_test.go` that diffs two spec files unchanged (no edit of the loaded document in
// Go), the rule ids the test expects, with their levels, against what classifyChanges reports for the
// same two files. Reads an oasdiff checkout; nothing here comes from this project's own rules.
//
//   node packages/contract/scripts/oasdiff-agreement.ts <oasdiff checkout> [--misses]
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { classifyChanges } from '../src/diff.ts'
import type { Level } from '../src/types.ts'

const root = process.argv[2]
if (root === undefined || !existsSync(join(root, 'checker'))) {
  process.stderr.write('usage: oasdiff-agreement.ts <path to an oasdiff checkout> [--misses]\n')
  process.exit(2)
}
const showMisses = process.argv.includes('--misses')
const checker = join(root, 'checker')
const LEVEL: Record<string, Level> = { ERR: 'error', WARN: 'warning', INFO: 'info' }

/** Every `XxxId = "rule-id"` constant and the default level `rules.go` gives it. */
function oasdiffRules(): { ids: Map<string, string>; levels: Map<string, Level | 'none'> } {
  const ids = new Map<string, string>()
  for (const f of readdirSync(checker).filter((f) => f.endsWith('.go') && !f.endsWith('_test.go'))) {
    for (const m of readFileSync(join(checker, f), 'utf8').matchAll(/(\w+Id)\s*=\s*"([a-z0-9-]+)"/g))
      ids.set(m[1] as string, m[2] as string)
  }
  const levels = new Map<string, Level | 'none'>()
  const rules = readFileSync(join(checker, 'rules.go'), 'utf8')
  for (const m of rules.matchAll(/newBackwardCompatibilityRule\((\w+),\s*(ERR|WARN|INFO|NONE)/g)) {
    const id = ids.get(m[1] as string)
    if (id !== undefined) levels.set(id, m[2] === 'NONE' ? 'none' : (LEVEL[m[2] as string] as Level))
  }
  return { ids, levels }
}

interface Pair {
  test: string
  base: string
  revision: string
  expected: { id: string; level: Level | 'none' }[]
}

const HELPERS: Record<string, string> = {
  deprecationFile: 'deprecation',
  paramDeprecationFile: 'param-deprecation',
  requiredPropertyFile: 'required-properties',
  stabilityFile: 'stability',
}

/** The file a `open(...)`/`l(t, n)` expression loads, relative to the checkout root. */
function fileOf(expr: string): string | undefined {
  const direct = /^open\("\.\.\/(data\/[^"]+)"/.exec(expr)
  if (direct) return direct[1]
  const helper = /^open\((\w+)\("([^"]+)"\)/.exec(expr)
  if (helper && HELPERS[helper[1] as string]) return `data/${HELPERS[helper[1] as string]}/${helper[2]}`
  const numbered = /^l\(t, (\d+)\)/.exec(expr)
  if (numbered) return `data/openapi-test${numbered[1]}.yaml`
  return undefined
}

function pairs(): Pair[] {
  const { ids, levels } = oasdiffRules()
  const out: Pair[] = []
  for (const f of readdirSync(checker).filter((f) => f.endsWith('_test.go'))) {
    const text = readFileSync(join(checker, f), 'utf8')
    for (const m of text.matchAll(/^func (Test\w+)\(t \*testing\.T\) \{\n([\s\S]*?)^\}/gm)) {
      const [, test, body] = m as unknown as [string, string, string]
      const loads = new Map<string, string>()
      for (const a of body.matchAll(/(\w+)(?:, err)? :?= ((?:open|l)\([^\n]*)/g)) {
        const file = fileOf(a[2] as string)
        if (file !== undefined) loads.set(a[1] as string, file)
      }
      const call = /diff\.Get\w*\([^,]+,\s*(\w+),\s*(\w+)\)/.exec(body)
      if (!call) continue
      const [b, r] = [call[1] as string, call[2] as string]
      const base = loads.get(b)
      const revision = loads.get(r)
      // A test that edits a loaded document in Go (through .Spec, or by handing it to a helper) is
      // not a pair of files; neither is one file diffed with itself.
      const edited =
        new RegExp(`\\b(${b}|${r})\\.Spec\\b`).test(body) ||
        [...body.matchAll(new RegExp(`(\\w+)\\((?:t, )?(?:${b}|${r})\\b`, 'g'))].some(
          (m) => !/^Get/.test(m[1] as string),
        )
      if (!base || !revision || base === revision || edited) continue
      const expected = new Map<string, Level | 'none'>()
      for (const line of body.split('\n')) {
        if (/NotContains|NotEqual|Nil\(t, findChange|Empty\(t|Zero\(t|False\(t/.test(line)) continue
        for (const x of line.matchAll(/checker\.(\w+Id)\b/g)) {
          const id = ids.get(x[1] as string)
          if (id !== undefined && levels.has(id) && !expected.has(id))
            expected.set(id, levels.get(id) ?? 'none')
        }
      }
      // A literal's own Level overrides the default.
      for (const lit of body.matchAll(/Id:\s*checker\.(\w+Id),[^}]*?Level:\s*checker\.(ERR|WARN|INFO)/g)) {
        const id = ids.get(lit[1] as string)
        if (id !== undefined) expected.set(id, LEVEL[lit[2] as string] as Level)
      }
      if (expected.size === 0) continue
      out.push({
        test,
        base,
        revision,
        expected: [...expected].map(([id, level]) => ({ id, level })),
      })
    }
  }
  return out
}

const load = (file: string): unknown => parse(readFileSync(join(root, file), 'utf8'))

const all = pairs()
let expectations = 0
let sameId = 0
let sameLevel = 0
let verdicts = 0
let sameVerdict = 0
const misses: string[] = []
for (const p of all) {
  let changes: ReturnType<typeof classifyChanges>
  try {
    changes = classifyChanges(load(p.base), load(p.revision), { now: Date.parse('2026-12-01') })
  } catch (error) {
    misses.push(`${p.test}: crashed (${error instanceof Error ? error.message : String(error)})`)
    expectations += p.expected.length
    continue
  }
  for (const e of p.expected) {
    expectations++
    const hit = changes.filter((c) => c.id === e.id)
    if (hit.length > 0) sameId++
    if (hit.some((c) => c.level === e.level)) sameLevel++
    else
      misses.push(
        `${p.test} (${p.base.replace('data/', '')}): ${e.id} ${e.level}; ours: ${hit.length > 0 ? hit.map((c) => c.level).join('/') : changes.map((c) => `${c.id} ${c.level}`).join(', ') || 'nothing'}`,
      )
  }
  // The verdict a version gate reads: does the pair hold a breaking (error) change?
  const theirs = p.expected.some((e) => e.level === 'error')
  const ours = changes.some((c) => c.level === 'error')
  verdicts++
  if (theirs === ours) sameVerdict++
}
const pct = (a: number, b: number) => `${a}/${b} (${((100 * a) / Math.max(b, 1)).toFixed(0)} %)`
process.stdout.write(
  [
    `oasdiff checker pairs: ${all.length} tests diffing two files, ${expectations} expected (rule id, level)`,
    `same rule id reported:      ${pct(sameId, expectations)}`,
    `same rule id and level:     ${pct(sameLevel, expectations)}`,
    `same breaking verdict:      ${pct(sameVerdict, verdicts)} (pair holds an error-level change or not)`,
    ...(showMisses ? ['', ...misses] : []),
    '',
  ].join('\n'),
)
