// The acknowledgement file: a checked-in list of changes a rule calls breaking that the reviewers
// accept (a false positive, a change no caller can meet), each with its rule id, a JSON Pointer, the
// reason and optionally an expiry date. Acknowledged changes are listed as such in every format and
// ask for at most a minor bump. An entry fails the breaking check when it is malformed, has expired,
// or is new in this change and matches nothing.
import { parse } from 'yaml'
import { RULES } from './rules/catalog.ts'
import { isObject } from './spec-ref.ts'
import type { Change } from './types.ts'

/** The file, relative to the repository root. */
export const ACK_FILE = 'spec/contract-ignore.yaml'

/** One entry of the file. */
export interface AckEntry {
  /** The rule id the entry acknowledges (`request-property-type-changed`). */
  rule: string
  /** A JSON Pointer into the spec: the change's pointer, or one of its ancestors. */
  pointer: string
  /** Why the change may land; shown wherever the change is. */
  reason: string
  /** `YYYY-MM-DD`: after this day the entry fails, so an exception cannot outlive its reason. */
  expires?: string
}

/** The entries read from the file, and what is wrong with it. */
export interface AckFile {
  entries: AckEntry[]
  problems: string[]
}

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** Reads the file's text (undefined when there is no file: no entries). */
export function parseAcknowledgements(text: string | undefined): AckFile {
  if (text === undefined || text.trim() === '') return { entries: [], problems: [] }
  let doc: unknown
  try {
    doc = parse(text)
  } catch (error) {
    return {
      entries: [],
      problems: [`${ACK_FILE} is not YAML: ${error instanceof Error ? error.message : String(error)}`],
    }
  }
  const list = isObject(doc) ? doc.acknowledged : undefined
  if (list === undefined || list === null) return { entries: [], problems: [] }
  if (!Array.isArray(list)) return { entries: [], problems: [`${ACK_FILE}: \`acknowledged\` must be a list`] }
  const entries: AckEntry[] = []
  const problems: string[] = []
  for (const [i, raw] of list.entries()) {
    const at = `${ACK_FILE} entry ${i + 1}`
    if (!isObject(raw)) {
      problems.push(`${at} is not a mapping of rule, pointer, reason`)
      continue
    }
    const expires = raw.expires instanceof Date ? raw.expires.toISOString().slice(0, 10) : raw.expires
    const wrong = [
      typeof raw.rule !== 'string' || !RULES.has(raw.rule)
        ? `rule ${JSON.stringify(raw.rule)} is not a rule id (see --list-rules)`
        : '',
      typeof raw.pointer !== 'string' || !raw.pointer.startsWith('/')
        ? 'pointer must be a JSON Pointer starting with /'
        : '',
      typeof raw.reason !== 'string' || raw.reason.trim().length < 10
        ? 'reason must say why, in a sentence'
        : '',
      expires !== undefined && (typeof expires !== 'string' || !DATE.test(expires))
        ? 'expires must be a date, YYYY-MM-DD'
        : '',
    ].filter(Boolean)
    if (wrong.length > 0) {
      problems.push(`${at}: ${wrong.join('; ')}`)
      continue
    }
    entries.push({
      rule: raw.rule as string,
      pointer: raw.pointer as string,
      reason: (raw.reason as string).trim(),
      ...(expires === undefined ? {} : { expires: expires as string }),
    })
  }
  return { entries, problems }
}

const covers = (ancestor: string, pointer: string): boolean =>
  pointer === ancestor || pointer.startsWith(`${ancestor}/`)

/** Whether an entry acknowledges a change: same rule, and its pointer at or above the change's. */
export const matches = (e: AckEntry, c: Change): boolean =>
  e.rule === c.id && (covers(e.pointer, c.pointer) || covers(e.pointer, c.basePointer))

/** The changes with acknowledgements attached, and the entries that fail or are spent. */
export interface Acknowledged {
  changes: Change[]
  /** Problems that fail the breaking check. */
  problems: string[]
  /** Entries from the base that match nothing now: their change has landed; they may be removed. */
  spent: AckEntry[]
  /** How many changes an entry covers. */
  count: number
}

const show = (e: AckEntry) => `\`${e.rule}\` at \`${e.pointer}\``

/**
 * Applies the head's entries to the changes. An entry that has expired fails; one that matches no
 * change fails when it is new since the base (it acknowledges nothing this change brings), and is
 * only reported as spent when it came with the base (its change landed earlier).
 */
export function acknowledge(
  changes: readonly Change[],
  head: AckFile,
  base: AckFile,
  now: number,
): Acknowledged {
  const problems = [...head.problems]
  const spent: AckEntry[] = []
  const live = head.entries.filter((e) => {
    if (e.expires === undefined || Date.parse(`${e.expires}T23:59:59Z`) >= now) return true
    problems.push(
      `${ACK_FILE}: ${show(e)} expired on ${e.expires}; remove the entry, or extend it if the reason still holds`,
    )
    return false
  })
  let count = 0
  const out = changes.map((c) => {
    const entry = live.find((e) => matches(e, c))
    if (entry === undefined) return c
    count++
    return {
      ...c,
      acknowledged: { reason: entry.reason, ...(entry.expires ? { expires: entry.expires } : {}) },
    }
  })
  for (const e of live) {
    if (changes.some((c) => matches(e, c))) continue
    const inBase = base.entries.some((b) => b.rule === e.rule && b.pointer === e.pointer)
    if (inBase) spent.push(e)
    else
      problems.push(
        `${ACK_FILE}: ${show(e)} matches no change against the base; fix its rule or pointer, or remove it`,
      )
  }
  return { changes: out, problems, spent, count }
}
