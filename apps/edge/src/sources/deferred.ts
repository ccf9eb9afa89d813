import type { ConferenceSource } from '@joinlink/core'
import type { DriftSummary } from './drift.ts'

/** A source that may report the vendor's drift from the spec (the upstream source does). */
export type DriftingSource = ConferenceSource & { drift?(): DriftSummary }

/**
 * A source that is still loading (a large dataset): lookups wait for it, then go straight to it —
 * once loaded, no extra promise per lookup. Lets an entry listen (and answer /readyz 503) while
 * the dataset loads. Its `drift()` is the loaded source's (undefined while loading, or when the
 * loaded source reports none), so /healthz shows the vendor's drift on every runtime.
 */
export function deferredSource(
  loading: Promise<DriftingSource>,
): ConferenceSource & { drift(): DriftSummary | undefined } {
  let source: DriftingSource | undefined
  loading.then(
    (loaded) => {
      source = loaded
    },
    () => {},
  )
  return {
    lookup: (link, context) =>
      source ? source.lookup(link, context) : loading.then((loaded) => loaded.lookup(link, context)),
    drift: () => source?.drift?.(),
  }
}
