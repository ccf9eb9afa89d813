// The rate limit on workerd: through the platform's Rate Limiting binding (wrangler.jsonc's
// `LIMITER`, run locally by wrangler dev), and through the in-memory fallback only when no binding
// is configured. JOINLINK_RATE_LIMIT is set far below the binding's limit on purpose, so the
// answers tell which of the two counted.

import { LOOKUP_PATH, SEED_LINK } from '@joinlink/test-kit/contract'
import { afterEach, describe, expect, it } from 'vitest'
import { readWranglerConfig, writeWranglerConfig } from '../test/support/wrangler-config.ts'
import { RUNTIMES, type Started, startRuntime, startTimeout } from './support/runtime.ts'

const MEMORY_LIMIT = 3
const binding = readWranglerConfig().ratelimits?.find((r) => r.name === 'LIMITER')
const BINDING_LIMIT = binding?.simple.limit ?? 0

let worker: Started | undefined
afterEach(async () => {
  await worker?.stop()
  worker = undefined
}, 15_000)

const lookup = (url: string) =>
  fetch(url + LOOKUP_PATH, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ attendeeJoinUrl: SEED_LINK }),
    signal: AbortSignal.timeout(10_000),
  })

/** `n` lookups, ten at a time; the statuses in order of the batches. */
async function statuses(url: string, n: number): Promise<number[]> {
  const out: number[] = []
  for (let done = 0; done < n; done += 10) {
    const batch = Array.from({ length: Math.min(10, n - done) }, () => lookup(url))
    for (const res of await Promise.all(batch)) {
      await res.arrayBuffer()
      out.push(res.status)
    }
  }
  return out
}

describe(`rate limit on ${RUNTIMES.workerd.name}`, () => {
  it(
    'with the LIMITER binding: the binding counts (not the isolate), beyond its limit 429 with Retry-After',
    async () => {
      expect(BINDING_LIMIT).toBeGreaterThan(MEMORY_LIMIT)
      worker = await startRuntime(RUNTIMES.workerd, { JOINLINK_RATE_LIMIT: String(MEMORY_LIMIT) })
      // The binding counts in windows of its period: if one ends during the run the count restarts,
      // so look for the first refusal within three limits' worth of lookups.
      let accepted = 0
      let refused: Response | undefined
      while (!refused && accepted < 3 * BINDING_LIMIT) {
        const res = await lookup(worker.url)
        if (res.status === 429) refused = res
        else {
          expect(res.status).toBe(200)
          await res.arrayBuffer()
          accepted++
        }
      }
      // Never before the binding's limit: the isolate's own limit (3) is not what counts.
      expect(accepted).toBeGreaterThanOrEqual(BINDING_LIMIT)
      if (!refused) throw new Error(`no 429 within ${accepted} lookups`)
      expect(refused.headers.get('retry-after')).toBe('60')
      expect(((await refused.json()) as { status: number }).status).toBe(42901)
      expect(worker.stdout()).not.toContain('no LIMITER binding')
    },
    startTimeout(RUNTIMES.workerd),
  )

  it(
    'without a binding: the in-memory fallback counts, and says so',
    async () => {
      const config = writeWranglerConfig((c) => {
        delete c.ratelimits
      })
      worker = await startRuntime(RUNTIMES.workerd, { JOINLINK_RATE_LIMIT: String(MEMORY_LIMIT) }, [
        '--config',
        config,
      ])
      const answers = await statuses(worker.url, MEMORY_LIMIT)
      expect(answers).toEqual(Array(MEMORY_LIMIT).fill(200))
      const refused = await lookup(worker.url)
      expect(refused.status).toBe(429)
      const retryAfter = Number(refused.headers.get('retry-after'))
      expect(retryAfter).toBeGreaterThanOrEqual(1)
      expect(retryAfter).toBeLessThanOrEqual(60)
      expect(worker.stdout()).toContain('no LIMITER binding')
    },
    startTimeout(RUNTIMES.workerd),
  )
})
