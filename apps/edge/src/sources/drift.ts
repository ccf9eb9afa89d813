// Vendor drift as an operator sees it: one log line per (path, kind) per process, and counts.
import type { DriftFinding } from '@joinlink/validation'

/** What the vendor has sent that the spec does not list, since this process started. */
export interface DriftSummary {
  /** Vendor answers that carried any drift (each fetched answer counts once; cache hits do not). */
  answers: number
  /** Each (path, kind) seen, with how many answers carried it; most frequent first. */
  fields: { path: string; kind: string; count: number }[]
  /** Findings not tracked because the table was full ({@link MAX_TRACKED_DRIFT} entries). */
  untracked: number
}

/** Distinct (path, kind) pairs kept; a vendor inventing field names cannot grow the table past it. */
export const MAX_TRACKED_DRIFT = 200

export interface DriftTracker {
  /** Counts one vendor answer's findings; logs each (path, kind) the first time it is seen. */
  record(findings: readonly DriftFinding[]): void
  summary(): DriftSummary
}

/** A tracker writing through `log` (message and fields; no value of the record ever reaches it). */
export function createDriftTracker(
  log: (msg: string, fields?: Record<string, unknown>) => void = () => {},
): DriftTracker {
  const counts = new Map<string, { path: string; kind: string; count: number }>()
  let answers = 0
  let untracked = 0
  return {
    record(findings) {
      if (findings.length === 0) return
      answers++
      for (const { path, kind } of findings) {
        const key = `${path}\u0000${kind}`
        const seen = counts.get(key)
        if (seen) {
          seen.count++
        } else if (counts.size < MAX_TRACKED_DRIFT) {
          counts.set(key, { path, kind, count: 1 })
          log('vendor drift', { path, kind })
        } else {
          if (untracked === 0) log('vendor drift table full', { tracked: MAX_TRACKED_DRIFT })
          untracked++
        }
      }
    },
    summary: () => ({
      answers,
      fields: [...counts.values()].map((entry) => ({ ...entry })).sort((a, b) => b.count - a.count),
      untracked,
    }),
  }
}
