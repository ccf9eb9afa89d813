/** What every check returns: one row of the report, with optional Markdown details. */
export interface CheckResult {
  name: string
  ok: boolean
  /** One line: why it passed or failed. */
  summary: string
  /** Markdown shown below the table (always for failures, when present for passes). */
  details?: string
  /** The check did not run: nothing it reads changed (the summary says why). Counts as a pass. */
  skipped?: boolean
}

/** How much a change can hurt a caller: breaking, potentially breaking, or information only. */
export type Level = 'error' | 'warning' | 'info'

/** Why a change that a rule calls breaking may land anyway. */
export interface Acknowledgement {
  /** The entry of the acknowledgement file (`spec/contract-ignore.yaml`) that matched. */
  reason: string
  /** The entry's expiry date (`YYYY-MM-DD`), when it has one. */
  expires?: string
}

/** One distinct difference between the base spec and the revised spec, found by one rule. */
export interface Change {
  /** The rule that found it, named as oasdiff names it where one corresponds (`response-required-property-removed`). */
  id: string
  level: Level
  /** Human-readable location, e.g. `POST /lookup › response 200 › Conference.title`. */
  path: string
  /** What changed and why it matters, naming the field. */
  message: string
  /**
   * JSON Pointer into the revision: the changed keyword or node; for a removal, the nearest parent
   * that survives (`''` when nothing does: the change is about the whole file).
   */
  pointer: string
  /** JSON Pointer into the base: where the removed or changed node was (its nearest parent for an addition). */
  basePointer: string
  /** Extra labels; `security` marks security-relevant changes. */
  tags: string[]
  /** Other places the same change reaches (a shared schema used by several responses), as readable paths. */
  also?: string[]
  /** Set when an entry of the acknowledgement file covers this change. */
  acknowledged?: Acknowledgement
}
