import type { Conference } from '@joinlink/types'
import type { DriftSummary } from './drift.ts'

/** How a lookup ended, before it becomes an HTTP answer. */
export type LookupOutcome =
  | { kind: 'found'; conference: Conference; cache?: CacheState; reqid?: string }
  | { kind: 'not_found'; cache?: CacheState }

export type CacheState = 'hit' | 'stale' | 'miss'

/** Where conferences come from: the embedded/file dataset, or the vendor API. */
export interface ConferenceSource {
  /** Finds the conference of a short code; `canonicalUrl` is the normalised link. Throws an AppError on failure. */
  lookup(code: string, canonicalUrl: string, signal?: AbortSignal): Promise<LookupOutcome>
  /** Vendor drift seen so far, for `/healthz`; only sources that read a vendor have it. */
  drift?(): DriftSummary
}
