import type { Conference } from '@joinlink/types'
import { dataset } from '@joinlink/validation/dataset'
import { DEFAULT_ALLOWED_HOSTS, normalizeJoinUrl } from '@joinlink/validation/join-url'
import { type ServedRecord, serveRecord } from './served.ts'

/**
 * A join link the core has accepted. `key` names the conference: the vendor's hosts are separate
 * environments (`mtest`, `stest`, `ntest` test systems, `s` production), so the same short code
 * on two hosts is two conferences — never key on the code alone.
 */
export interface JoinLink {
  host: string
  code: string
  canonicalUrl: string
  /** `host/code`: what the dataset, the cache and request coalescing key on. */
  key: string
}

/** Makes the {@link JoinLink} of a normalised link. */
export const joinLink = (host: string, code: string, canonicalUrl: string): JoinLink => ({
  host,
  code,
  canonicalUrl,
  key: `${host}/${code}`,
})

/** How the upstream cache answered, for the `X-Joinlink-Cache` header and the log. */
export type CacheState = 'hit' | 'stale' | 'miss'

/** How a lookup ended, before it becomes an HTTP answer. */
export type LookupOutcome =
  | { kind: 'found'; record: ServedRecord; cache?: CacheState }
  | { kind: 'not_found'; cache?: CacheState }

/** What a source may use of the request it serves; each runtime's adapter fills what it has. */
export interface LookupContext {
  /** Aborts when the caller goes away. */
  signal?: AbortSignal
  /** Keeps background work alive after the answer (a Worker's `ctx.waitUntil`). */
  waitUntil?: (promise: Promise<unknown>) => void
  /** The client's address, as the deployment trusts it. */
  clientAddress?: string
}

/** Where conferences come from: a dataset, or the vendor API. Failures throw a `LookupError`. */
export interface ConferenceSource {
  lookup(link: JoinLink, context: LookupContext): Promise<LookupOutcome>
}

/** A dataset record that cannot be served; `message` names where it came from and the field. */
export class DatasetError extends Error {
  override name = 'DatasetError'
}

/**
 * Conferences by {@link JoinLink.key}, each kept as its served answers ({@link ServedRecord}),
 * made once at load: a lookup neither parses, projects nor serializes, and bytes are a fraction
 * of the heap of a parsed object graph.
 */
export type ConferenceIndex = Map<string, ServedRecord>

/**
 * Adds one validated record to an index under its link's key; a link outside `allowedHosts` or a
 * second record for the same link is a {@link DatasetError} prefixed with `where`.
 */
export function addToIndex(
  index: ConferenceIndex,
  conference: Conference,
  where: string,
  allowedHosts: readonly string[],
): void {
  const link = normalizeJoinUrl(conference.attendeeJoinUrl, allowedHosts)
  if (!link.ok) throw new DatasetError(`${where}attendeeJoinUrl: ${link.reason}`)
  const { key } = joinLink(link.host, link.code, link.canonicalUrl)
  if (index.has(key)) throw new DatasetError(`${where}attendeeJoinUrl: ${key} appears twice`)
  index.set(key, serveRecord(conference))
}

/** Indexes conferences by link; `origin` names them in errors (`the embedded dataset`). */
export function indexConferences(
  conferences: Iterable<Conference>,
  origin: string,
  allowedHosts: readonly string[],
): ConferenceIndex {
  const index: ConferenceIndex = new Map()
  let n = 0
  for (const conference of conferences)
    addToIndex(index, conference, `${origin}: record ${++n}: `, allowedHosts)
  return index
}

/**
 * A source over a fixed set of conferences, looked up in O(1) by link key.
 *
 * @example
 * ```ts
 * const source = createDatasetSource(indexConferences(conferences, 'my dataset', ['qsh1.cn']))
 * ```
 */
export function createDatasetSource(index: ConferenceIndex): ConferenceSource {
  return {
    async lookup(link) {
      const record = index.get(link.key)
      return record === undefined ? { kind: 'not_found' } : { kind: 'found', record }
    },
  }
}

/**
 * The embedded dataset (`@joinlink/validation/dataset`, what `pnpm start` serves) as a source,
 * indexed for `allowedHosts`: a record outside them stops it with a {@link DatasetError}.
 */
export function embeddedDatasetSource(
  allowedHosts: readonly string[] = DEFAULT_ALLOWED_HOSTS,
): ConferenceSource {
  return createDatasetSource(indexConferences(dataset, 'the embedded dataset', allowedHosts))
}
