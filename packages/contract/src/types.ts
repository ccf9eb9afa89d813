/** What every check returns: one row of the report, with optional Markdown details. */
export interface CheckResult {
  name: string
  ok: boolean
  /** One line: why it passed or failed. */
  summary: string
  /** Markdown shown below the table (always for failures, when present for passes). */
  details?: string
}

/** How much a change can hurt a caller: breaking, potentially breaking, or information only. */
export type Level = 'error' | 'warning' | 'info'

/** One difference between the base spec and the revised spec, found by one rule. */
export interface Change {
  /** The rule that found it, named as oasdiff names it where one corresponds (`response-required-property-removed`). */
  id: string
  level: Level
  /** Human-readable location, e.g. `POST /lookup › response 200 › Conference.title`. */
  path: string
  /** What changed and why it matters, naming the field. */
  message: string
  /** JSON Pointer of the changed node: in the revision, or in the base for removals (see `in`). */
  pointer: string
  /** Which document `pointer` points into. */
  in: 'base' | 'revision'
  /** Extra labels; `security` marks security-relevant changes. */
  tags: string[]
}
