// Reading a dataset file (JSON or NDJSON) into the core's conference index, validating each record.
import { addToIndex, type ConferenceIndex, DatasetError } from '@joinlink/core'
import type { Conference } from '@joinlink/types'
import { conferenceSchema, describeIssues } from '@joinlink/validation'

/** A validated record and where it came from (`<file>: line 2: result[0].`), for indexing errors. */
export interface DatasetRecord {
  conference: Conference
  where: string
}

/**
 * Indexes a dataset file's records as they arrive (see {@link readDataset}); the first problem
 * stops with a message naming the file, the record and the field, before anything is served.
 */
export async function indexDataset(
  records: AsyncIterable<DatasetRecord> | Iterable<DatasetRecord>,
  fileName: string,
  allowedHosts: readonly string[],
): Promise<ConferenceIndex> {
  const index: ConferenceIndex = new Map()
  for await (const { conference, where } of records) addToIndex(index, conference, where, allowedHosts)
  if (index.size === 0) throw new DatasetError(`${fileName}: no conference records found`)
  return index
}

/** V8's longest string (2²⁹ − 24 characters): a `.json` file is one string, NDJSON one per line. */
const MAX_JSON_CHARS = 2 ** 29 - 24

const isNdjson = (fileName: string) => /\.(ndjson|jsonl)$/i.test(fileName)

/**
 * The records of a dataset file's text as it arrives: NDJSON (one envelope or conference per line)
 * line by line, never holding the whole file; JSON (one vendor envelope, one conference, or an
 * array of either) once the whole text is in, so large datasets belong in NDJSON. Every record is
 * validated against the spec; the first problem throws a DatasetError naming the file, the record
 * and the field.
 */
export async function* readDataset(
  chunks: AsyncIterable<string>,
  fileName: string,
): AsyncGenerator<DatasetRecord> {
  if (!isNdjson(fileName)) {
    let text = ''
    for await (const chunk of chunks) {
      if (text.length + chunk.length > MAX_JSON_CHARS)
        throw new DatasetError(
          `${fileName}: too large to read whole as JSON; write it as NDJSON, one record a line`,
        )
      text += chunk
    }
    yield* jsonRecords(text, fileName)
    return
  }
  let rest = ''
  let lineNo = 0
  for await (const chunk of chunks) {
    let start = 0
    // Only the new text is searched, so a line longer than a chunk costs no rescans.
    for (let end = chunk.indexOf('\n'); end !== -1; end = chunk.indexOf('\n', start)) {
      yield* lineRecords(rest + chunk.slice(start, end), ++lineNo, fileName)
      rest = ''
      start = end + 1
    }
    rest += chunk.slice(start)
  }
  yield* lineRecords(rest, ++lineNo, fileName)
}

function* lineRecords(line: string, lineNo: number, fileName: string): Generator<DatasetRecord> {
  if (!line.trim()) return
  const where = `${fileName}: line ${lineNo}`
  yield* validated(parseJson(line, where), where)
}

function* jsonRecords(text: string, fileName: string): Generator<DatasetRecord> {
  const value = parseJson(text, fileName)
  const list = Array.isArray(value) ? value : [value]
  for (const [i, item] of list.entries()) yield* validated(item, `${fileName}: record ${i + 1}`)
}

function* validated(value: unknown, where: string): Generator<DatasetRecord> {
  for (const [i, record] of recordsOf(value, where).entries()) {
    const parsed = conferenceSchema.safeParse(record, { reportInput: true })
    const location = `${where}: ${isEnvelope(value) ? `result[${i}].` : ''}`
    if (!parsed.success) throw new DatasetError(`${location}${describeIssues(parsed.error.issues, 1)}`)
    yield { conference: parsed.data, where: location }
  }
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
