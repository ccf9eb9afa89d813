// A conference as it is served: both profiles' success answers serialized once, when the record
// arrives or is loaded, so a lookup only splices in its own request id, timestamp and duration.
import type { Conference, LookupSuccess } from '@joinlink/types'
import { toPublicLookupSuccess } from '@joinlink/validation'

/**
 * A served record: the UTF-8 bytes of its `public` and `full` success answers without the
 * per-request fields, back to back in one buffer (one allocation, counted exactly by a cache):
 * `[public head][public tail][full head][full tail]`. A head is the envelope up to and including
 * `"request_id":`; a tail is what follows the `request_duration` value (the vendor's `reqid`,
 * then `}`). A plain value — bytes and three offsets — that a shared cache can store as it is.
 */
export interface ServedRecord {
  /** Both answers' fixed bytes; never modified once made. */
  readonly bytes: Uint8Array<ArrayBuffer>
  /** Where the public tail starts (the public head is `bytes[0, publicTail)`). */
  readonly publicTail: number
  /** Where the full head starts. */
  readonly fullHead: number
  /** Where the full tail starts (it runs to the end of `bytes`). */
  readonly fullTail: number
}

/**
 * What a served record holds besides its bytes: the record object, the Uint8Array and its
 * ArrayBuffer (~260 bytes of heap measured on Node 24) and the backing store's allocation header.
 */
const RECORD_OVERHEAD = 300

/** The memory a served record holds: its bytes and the objects around them. */
export const servedSize = (record: ServedRecord): number => record.bytes.byteLength + RECORD_OVERHEAD

const encoder = new TextEncoder()
const decoder = new TextDecoder()

// Stand-ins for the per-request fields: the answer is made with them, then cut around them.
const ID_MARK = '\u0000id'
const TS_MARK = -1
const DURATION_MARK = '\u0000duration'
const ID_KEY = '"request_id":'
const MARKED = `${ID_KEY}${JSON.stringify(ID_MARK)},"timestamp":${TS_MARK},"request_duration":${JSON.stringify(DURATION_MARK)}`

/** Cuts one profile's answer text around the per-request fields: [head, tail]. */
function cut(text: string): [string, string] {
  // The envelope's own fields follow `result`: searched from the end, a record's content cannot stand in for them.
  const at = text.lastIndexOf(MARKED)
  if (at < 0)
    throw new Error('the success envelope no longer has request_id, timestamp and request_duration in a row')
  return [text.slice(0, at + ID_KEY.length), text.slice(at + MARKED.length)]
}

/**
 * Serializes a conference's answers once: the `full` one unchanged, the `public` one through the
 * spec's allow-list (`toPublicLookupSuccess`), each with the vendor's `reqid` when there is one.
 *
 * @example
 * ```ts
 * const record = serveRecord(conference)
 * const answer = successAnswer(meta, 'public', record, 0)
 * ```
 */
export function serveRecord(conference: Conference, reqid?: string): ServedRecord {
  const envelope: LookupSuccess = {
    status: 0,
    result: [conference],
    request_id: ID_MARK,
    timestamp: TS_MARK,
    request_duration: DURATION_MARK,
  }
  if (reqid !== undefined) envelope.reqid = reqid
  const [publicHead, publicTail] = cut(JSON.stringify(toPublicLookupSuccess(envelope)))
  const [fullHead, fullTail] = cut(JSON.stringify(envelope))
  // One allocation of the exact size, encoded into in place: no transient copies to fragment the heap.
  const parts = [publicHead, publicTail, fullHead, fullTail]
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + utf8Length(part), 0))
  const starts: number[] = []
  let at = 0
  for (const part of parts) {
    starts.push(at)
    at += encoder.encodeInto(part, bytes.subarray(at)).written
  }
  return {
    bytes,
    publicTail: starts[1] as number,
    fullHead: starts[2] as number,
    fullTail: starts[3] as number,
  }
}

/** UTF-8 length of well-formed text (JSON.stringify's output is: lone surrogates are escaped). */
function utf8Length(text: string): number {
  let bytes = text.length
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code < 0x80) continue
    if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2 // a surrogate pair: 2 UTF-16 units, 4 bytes
      i++
    } else bytes += code >= 0x800 ? 2 : 1
  }
  return bytes
}

// Answers are carved from a shared slab, as Node's Buffer.allocUnsafe does: a typed array of its
// own per answer (allocation, zero-fill, GC tracking) cost more than the splice itself. A slab is
// never written twice; it is freed once no answer cut from it is alive.
const SLAB_BYTES = 16 * 1024
const POOLED_BYTES = SLAB_BYTES / 4
let slab = new Uint8Array(SLAB_BYTES)
let slabUsed = 0

function allocate(size: number): Uint8Array<ArrayBuffer> {
  if (size > POOLED_BYTES) return new Uint8Array(size)
  if (slabUsed + size > SLAB_BYTES) {
    slab = new Uint8Array(SLAB_BYTES)
    slabUsed = 0
  }
  const out = slab.subarray(slabUsed, slabUsed + size)
  slabUsed += (size + 7) & ~7
  return out
}

/** The per-request fields of a success answer. */
export interface AnswerFields {
  requestId: string
  timestamp: number
  /** `request_duration` as the envelope carries it (`"0.123ms"`). */
  duration: string
}

/** One profile's answer bytes: the record's head and tail around this request's fields. */
export function answerBytes(
  record: ServedRecord,
  profile: 'public' | 'full',
  { requestId, timestamp, duration }: AnswerFields,
): Uint8Array<ArrayBuffer> {
  const { bytes } = record
  const [head, tail, end] =
    profile === 'full'
      ? [record.fullHead, record.fullTail, bytes.byteLength]
      : [0, record.publicTail, record.fullHead]
  const middle = `${JSON.stringify(requestId)},"timestamp":${timestamp},"request_duration":${JSON.stringify(duration)}`
  const middleBytes = utf8Length(middle)
  const out = allocate(tail - head + middleBytes + end - tail)
  out.set(bytes.subarray(head, tail), 0)
  encoder.encodeInto(middle, out.subarray(tail - head))
  out.set(bytes.subarray(tail, end), tail - head + middleBytes)
  return out
}

/**
 * The conference and `reqid` a served record holds, parsed back from its `full` answer (for tests,
 * tools and a shared cache's check; never on the lookup's path).
 */
export function servedConference(record: ServedRecord): { conference: Conference; reqid?: string } {
  const text = decoder.decode(answerBytes(record, 'full', { requestId: '', timestamp: 0, duration: '' }))
  const envelope = JSON.parse(text) as LookupSuccess
  const conference = envelope.result[0] as Conference
  return envelope.reqid === undefined ? { conference } : { conference, reqid: envelope.reqid }
}
