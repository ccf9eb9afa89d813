// The shape of one classifier rule, shared by the catalog's tables.
import type { Level } from '../types.ts'

/** One rule of the classifier. */
export interface Rule {
  id: string
  /** The level a change found by this rule gets (a few rules set it per change; see `note`). */
  level: Level
  family: string
  description: string
  /** Changes that reach no caller's code need only a patch bump (descriptions, tags, lint-only metadata). */
  docsOnly?: boolean
  /** Security-relevant: every output flags changes found by it. */
  security?: boolean
  note?: string
  /** oasdiff's default level for the same id, when oasdiff has the rule. */
  oasdiff?: Level | 'none'
  /** Why our level differs from oasdiff's (set wherever it does). */
  why?: string
}

/** A rule as the tables write it, before oasdiff's level is attached. */
export type RuleRow = Omit<Rule, 'oasdiff'>
