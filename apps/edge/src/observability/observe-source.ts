import type { ConferenceSource } from '@joinlink/core'
import type { Metrics } from './metrics.ts'

/**
 * Counts each lookup that reaches `source` by outcome: the cache state the source reports
 * (`hit`, `stale`, `miss`; a dataset source reports none, so a found record counts as `hit`),
 * `not_found`, or `error` when it throws.
 */
export function observeSource(source: ConferenceSource, metrics: Metrics): ConferenceSource {
  return {
    async lookup(link, context) {
      try {
        const outcome = await source.lookup(link, context)
        metrics.lookup(outcome.kind === 'not_found' ? 'not_found' : (outcome.cache ?? 'hit'))
        return outcome
      } catch (error) {
        metrics.lookup('error')
        throw error
      }
    },
  }
}
