import type { core } from 'zod/mini'

/**
 * One line a person can act on, from zod issues: where (a JSON path such as `result[0].title`)
 * and what was expected. At most `limit` issues are named.
 */
export function describeIssues(issues: readonly core.$ZodIssue[], limit = 3): string {
  const named = issues
    .slice(0, limit)
    .map((issue) => `${pathOf(issue.path) || '(body)'}: ${messageOf(issue)}`)
  const more = issues.length > limit ? ` (and ${issues.length - limit} more)` : ''
  return named.join('; ') + more
}

function pathOf(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('')
}

function messageOf(issue: core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined
        ? `is required (${issue.expected})`
        : `expected ${issue.expected}, got ${typeName(issue.input)}`
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`
    case 'too_small':
      return `must have at least ${count(issue.minimum, issue.origin === 'array' ? 'item' : 'character')}`
    case 'too_big':
      return `must have at most ${count(issue.maximum, issue.origin === 'array' ? 'item' : 'character')}`
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
    case 'invalid_format':
      return `is not a valid ${issue.format}`
    case 'invalid_union':
      return 'has none of the accepted types'
    default:
      return 'is invalid'
  }
}

/** `1 character`, `2 characters`. */
function count(n: number | bigint, noun: string): string {
  return `${n} ${noun}${n === 1 || n === 1n ? '' : 's'}`
}

function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  return typeof value
}
