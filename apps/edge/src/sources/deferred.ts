import type { ConferenceSource } from '@joinlink/core'

/**
 * A source that is still loading (a large dataset): lookups wait for it, then go straight to it —
 * once loaded, no extra promise per lookup. Lets an entry listen (and answer /readyz 503) while
 * the dataset loads.
 */
export function deferredSource(loading: Promise<ConferenceSource>): ConferenceSource {
  let source: ConferenceSource | undefined
  loading.then(
    (loaded) => {
      source = loaded
    },
    () => {},
  )
  return {
    lookup: (link, context) =>
      source ? source.lookup(link, context) : loading.then((loaded) => loaded.lookup(link, context)),
  }
}
