// Orders and names changes by how much they can hurt: what every report, the gate and the changeset share.
import type { Change, Level } from './types.ts'

const SEVERITY: Record<Level, number> = { error: 0, warning: 1, info: 2 }

/** What each level is called in reports. */
export const LEVEL_LABEL: Record<Level, string> = {
  error: 'breaking',
  warning: 'potentially breaking',
  info: 'info',
}

/** Most severe first; security-relevant first within a level; unacknowledged before acknowledged; otherwise as found. */
export function bySeverity(changes: readonly Change[]): Change[] {
  const rank = (c: Change) =>
    SEVERITY[c.level] * 4 + (c.tags.includes('security') ? 0 : 1) + (c.acknowledged === undefined ? 0 : 2)
  return changes
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => c)
}

/** `1 breaking change`, `2 breaking changes`. */
export function count(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`
}
