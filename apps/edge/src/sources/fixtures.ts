import type { Conference } from '@joinlink/types'
import { conferenceSchema, describeIssues, normalizeJoinUrl } from '@joinlink/validation'
import type { ConferenceSource, LookupOutcome } from './types.ts'

/** A dataset file that cannot be served; `message` names the file, the record and the field. */
export class DatasetError extends Error {
  override name = 'DatasetError'
}

/** Where each record read from a file came from (`<file>: line 2: result[0].`), for indexing errors. */
const locations = new WeakMap<Conference, string>()

/** The fixtures source: conferences indexed by short code once, looked up in O(1). */
export function createFixtureSource(
  conferences: Iterable<Conference>,
  allowedHosts: readonly string[],
): ConferenceSource {
  const index = indexByCode(conferences, 'the embedded dataset', allowedHosts)
  return {
    async lookup(code): Promise<LookupOutcome> {
      const conference = index.get(code)
      return conference ? { kind: 'found', conference } : { kind: 'not_found' }
    },
  }
}

/** Indexes records by the short code of their attendee link; duplicates and foreign links are errors. */
export function indexByCode(
  conferences: Iterable<Conference>,
  origin: string,
  allowedHosts: readonly string[],
): Map<string, Conference> {
  const index = new Map<string, Conference>()
  let n = 0
  for (const conference of conferences) {
    n++
    const where = locations.get(conference) ?? `${origin}: record ${n}: `
    const link = normalizeJoinUrl(conference.attendeeJoinUrl, allowedHosts)
    if (!link.ok) throw new DatasetError(`${where}attendeeJoinUrl: ${link.reason}`)
    if (index.has(link.code))
      throw new DatasetError(`${where}attendeeJoinUrl: short code ${link.code} appears twice`)
    index.set(link.code, conference)
  }
  return index
}

/**
 * Parses a dataset file: JSON (one vendor envelope, one conference, or an array of either) or
 * NDJSON (one envelope or conference per line). Every record is validated against the spec; the
 * first problem stops with a message naming the file, the record and the field.
 */
export function parseDataset(text: string, fileName: string): Conference[] {
  const ndjson = /\.(ndjson|jsonl)$/i.test(fileName)
  const items: { where: string; value: unknown }[] = []
  if (ndjson) {
    for (const [i, line] of text.split('\n').entries()) {
      if (!line.trim()) continue
      items.push({ where: `line ${i + 1}`, value: parseJson(line, `${fileName}: line ${i + 1}`) })
    }
  } else {
    const value = parseJson(text, fileName)
    const list = Array.isArray(value) ? value : [value]
    for (const [i, item] of list.entries()) items.push({ where: `record ${i + 1}`, value: item })
  }
  const conferences: Conference[] = []
  for (const { where, value } of items) {
    for (const [i, record] of recordsOf(value, `${fileName}: ${where}`).entries()) {
      const parsed = conferenceSchema.safeParse(record, { reportInput: true })
      const location = `${fileName}: ${where}: ${isEnvelope(value) ? `result[${i}].` : ''}`
      if (!parsed.success) throw new DatasetError(`${location}${describeIssues(parsed.error.issues, 1)}`)
      locations.set(parsed.data, location)
      conferences.push(parsed.data)
    }
  }
  if (conferences.length === 0) throw new DatasetError(`${fileName}: no conference records found`)
  return conferences
}

const isEnvelope = (value: unknown): value is { status: unknown; result: unknown } =>
  typeof value === 'object' && value !== null && 'result' in value && 'status' in value

function recordsOf(value: unknown, where: string): unknown[] {
  if (!isEnvelope(value)) return [value]
  if (value.status !== 0)
    throw new DatasetError(
      `${where}: a vendor envelope with status ${JSON.stringify(value.status)} (only status 0 holds conferences)`,
    )
  if (!Array.isArray(value.result))
    throw new DatasetError(`${where}: result: expected an array of conferences`)
  return value.result
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text)
  } catch (error) {
    throw new DatasetError(`${where}: not valid JSON (${(error as Error).message})`)
  }
}
