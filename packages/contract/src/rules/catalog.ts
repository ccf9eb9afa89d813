// Every rule the classifier knows: its id (oasdiff's where one corresponds), level and meaning, and
// oasdiff's level beside ours with the reason wherever the two differ.
import type { Level } from '../types.ts'
import { FIXED_RULES } from './catalog-fixed.ts'
import { LEVEL_OVERRIDES, SCHEMA_ROWS, SECRET_ROWS, SUBJECTS, type Subject } from './catalog-schema.ts'
import { OASDIFF_LEVELS } from './oasdiff-levels.gen.ts'
import type { Rule, RuleRow } from './rule.ts'

export type { Subject } from './catalog-schema.ts'
export type { Rule } from './rule.ts'

function schemaRules(): RuleRow[] {
  const out: RuleRow[] = []
  for (const subject of SUBJECTS) {
    const request = subject.startsWith('request')
    const family = `${subject.replaceAll('-', ' ')} schemas`
    for (const row of SCHEMA_ROWS) {
      const id = `${subject}-${row.suffix}`
      const level = LEVEL_OVERRIDES[id] ?? (request ? row.request : row.response)
      out.push({ id, level, family, description: row.description, ...(row.why ? { why: row.why } : {}) })
    }
    for (const row of SECRET_ROWS)
      out.push({
        id: `${subject}-${row.suffix}`,
        level: request ? row.request : row.response,
        family: 'privacy marks',
        description: row.description,
        security: true,
      })
  }
  return out
}

function withOasdiff(row: RuleRow): Rule {
  const theirs = OASDIFF_LEVELS[row.id]
  return theirs === undefined ? row : { ...row, oasdiff: theirs }
}

/** Every rule, by id. */
export const RULES: ReadonlyMap<string, Rule> = new Map(
  [...FIXED_RULES, ...schemaRules()].map((x) => [x.id, withOasdiff(x)]),
)

/** The rule with this id; throws for an id the catalog lacks (a bug in the classifier). */
export function rule(id: string): Rule {
  const found = RULES.get(id)
  if (found === undefined) throw new Error(`classifier bug: no rule "${id}" in the catalog`)
  return found
}

const OPPOSITE: Record<string, Subject> = { request: 'response-property', response: 'request-property' }

/**
 * The level of a schema rule seen from the other side, for changes under `not` (narrowing what a
 * `not` refuses widens what the schema accepts). Rules that are not per subject keep their level,
 * raised to at least a warning: which way they cut cannot be told.
 */
export function flippedLevel(id: string): Level {
  const subject = SUBJECTS.find((s) => id.startsWith(`${s}-`))
  if (subject !== undefined) {
    const other = OPPOSITE[subject.split('-')[0] as string] as Subject
    const found = RULES.get(`${other}-${id.slice(subject.length + 1)}`)
    if (found !== undefined) return found.level
  }
  const own = rule(id).level
  return own === 'info' ? 'warning' : own
}
