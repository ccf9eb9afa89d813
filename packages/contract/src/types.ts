/** What every check returns: one row of the report, with optional Markdown details. */
export interface CheckResult {
  name: string
  ok: boolean
  /** One line: why it passed or failed. */
  summary: string
  /** Markdown shown below the table (always for failures, when present for passes). */
  details?: string
}

/** One difference between the base spec and the head spec. */
export interface Change {
  /** Human-readable location, e.g. `getConferenceByAttendeeJoinUrl › response 200 › Conference.title`. */
  path: string
  /** Machine-readable rule name, e.g. `response-field-removed`. */
  kind: string
  breaking: boolean
  /** What changed and why it matters, naming the field. */
  message: string
}
