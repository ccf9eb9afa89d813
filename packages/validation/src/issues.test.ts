import { describe, expect, it } from 'vitest'
import * as z from 'zod/mini'
import { describeIssues } from './issues.ts'

const issuesOf = (schema: z.ZodMiniType, value: unknown) => {
  const parsed = schema.safeParse(value, { reportInput: true })
  if (parsed.success) throw new Error('expected a failure')
  return parsed.error.issues
}

describe('describeIssues', () => {
  it.each([
    ['a missing field', z.object({ title: z.string() }), {}, 'title: is required (string)'],
    ['a wrong type', z.object({ title: z.string() }), { title: 42 }, 'title: expected string, got number'],
    ['one character short', z.string().check(z.minLength(1)), '', '(body): must have at least 1 character'],
    ['two characters short', z.string().check(z.minLength(2)), '', '(body): must have at least 2 characters'],
    [
      'one item too many',
      z.array(z.number()).check(z.maxLength(1)),
      [1, 2],
      '(body): must have at most 1 item',
    ],
    [
      'items too many',
      z.array(z.number()).check(z.maxLength(2)),
      [1, 2, 3],
      '(body): must have at most 2 items',
    ],
  ])('%s', (_, schema, value, expected) => {
    expect(describeIssues(issuesOf(schema as z.ZodMiniType, value))).toBe(expected)
  })
})
