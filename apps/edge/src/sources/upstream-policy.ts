// The bulkhead, the circuit breaker and budgeted retries around vendor attempts (cockatiel), what
// each reports (metrics, spans), and the mapping of the final failure to an envelope code.

import { type JoinLink, type LookupError, lookupError } from '@joinlink/core'
import type { DriftFinding } from '@joinlink/validation'
import {
  BrokenCircuitError,
  BulkheadRejectedError,
  bulkhead,
  circuitBreaker,
  ExponentialBackoff,
  handleWhen,
  type IBackoff,
  type IBackoffFactory,
  type IRetryBackoffContext,
  retry,
} from 'cockatiel'
import type { UpstreamConfig } from '../config/config.ts'
import { type Metrics, noMetrics, type VendorOutcome } from '../observability/metrics.ts'
import { forwardOnly, type Tracer, type TraceSpan, traceHeaders } from '../observability/tracing.ts'
import type { CachedValue } from './cache.ts'
import { RetryBudget } from './retry-budget.ts'
import { callVendor, UpstreamAttemptError, type UpstreamFailureKind } from './upstream-call.ts'
import { fixedToken, type TokenSource } from './upstream-token.ts'
import { VendorBreaker } from './vendor-breaker.ts'

/** A vendor Retry-After longer than this is not waited for: the lookup fails at once. */
export const RETRY_AFTER_CAP_MS = 5000
/** Jittered exponential backoff between attempts: first delay about this, never above the max. */
export const BACKOFF_INITIAL_MS = 100
export const BACKOFF_MAX_MS = 1000
/** The retry budget's window and the retries it always allows within it (beyond the ratio). */
export const RETRY_BUDGET_WINDOW_MS = 10_000
export const RETRY_BUDGET_MIN_RETRIES = 10
/** Retry-After of a lookup refused by a full bulkhead: slots free up within one lookup's time. */
export const BUSY_RETRY_AFTER_S = 1

type RetryContext = IRetryBackoffContext<unknown>

const retryAfterOf = (context: RetryContext): number | undefined =>
  'error' in context.result && context.result.error instanceof UpstreamAttemptError
    ? context.result.error.retryAfterMs
    : undefined

/** Jittered exponential backoff, replaced by the vendor's Retry-After when it sent one. */
class VendorBackoff implements IBackoff<RetryContext> {
  readonly duration: number
  readonly #jitter: IBackoff<unknown>
  constructor(jitter: IBackoff<unknown>, context: RetryContext) {
    this.#jitter = jitter
    this.duration = retryAfterOf(context) ?? jitter.duration
  }
  next(context: RetryContext): IBackoff<RetryContext> {
    return new VendorBackoff(this.#jitter.next(context), context)
  }
}

const backoff: IBackoffFactory<RetryContext> = {
  next: (context) =>
    new VendorBackoff(
      new ExponentialBackoff({ initialDelay: BACKOFF_INITIAL_MS, maxDelay: BACKOFF_MAX_MS }).next(),
      context,
    ),
}

const isRetryable = (error: unknown) =>
  error instanceof UpstreamAttemptError &&
  error.retryable &&
  (error.retryAfterMs === undefined || error.retryAfterMs <= RETRY_AFTER_CAP_MS)

/** Only an unavailable vendor (timeouts, network errors, 5xx/408/429) counts toward opening the circuit. */
const isOutage = (error: unknown) => error instanceof UpstreamAttemptError && error.retryable

export interface VendorCaller {
  /**
   * One lookup: a bulkhead slot (or a place in its queue), then up to `retries + 1` attempts behind
   * the breaker, retries only while the budget allows. Throws a LookupError. Each attempt is a
   * span under `trace` (when there is one) and carries its `traceparent` to the vendor.
   */
  call(link: JoinLink, trace?: TraceSpan): Promise<CachedValue>
}

/** What the vendor caller reports to: drift in what the vendor sends, metrics for each attempt, breaker changes and the bulkhead, spans. */
export interface VendorObservers {
  onDrift?: (findings: DriftFinding[]) => void
  metrics?: Metrics
  tracer?: Tracer
}

const OUTCOME_OF: Readonly<Record<UpstreamFailureKind, VendorOutcome>> = {
  timeout: 'timeout',
  unreachable: 'unreachable',
  'vendor-status': 'vendor_status',
  invalid: 'invalid',
}

/** A vendor answer that says the token is expired or invalid: a listed status, or a `msg` naming the token. */
export function isTokenRefusal(error: unknown, config: Pick<UpstreamConfig, 'tokenErrorStatuses'>): boolean {
  if (!(error instanceof UpstreamAttemptError) || error.kind !== 'vendor-status' || !error.vendor)
    return false
  return config.tokenErrorStatuses.includes(error.vendor.status) || /token/i.test(error.vendor.msg)
}

export function createVendorCaller(
  config: UpstreamConfig,
  fetchFn: typeof fetch,
  log: (msg: string, fields?: Record<string, unknown>) => void,
  { onDrift, metrics = noMetrics, tracer = forwardOnly }: VendorObservers = {},
  tokens: TokenSource = fixedToken(config.token),
): VendorCaller {
  /** One call with the current token; refused for the token, once more if the file now holds another. */
  async function withToken(
    link: JoinLink,
    headers: Record<string, string> | undefined,
  ): Promise<CachedValue> {
    const token = await tokens.current()
    try {
      return await callVendor({ ...config, token }, link, fetchFn, Date.now, onDrift, headers)
    } catch (error) {
      if (!isTokenRefusal(error, config) || !(await tokens.reload(token))) throw error
      log('upstream refused the token; retrying once with the token file as it is now')
      return callVendor(
        { ...config, token: await tokens.current() },
        link,
        fetchFn,
        Date.now,
        onDrift,
        headers,
      )
    }
  }

  /** One attempt, timed and counted by outcome, in a span of its own when the lookup is traced. */
  async function attempt(link: JoinLink, number: number, trace: TraceSpan | undefined): Promise<CachedValue> {
    const span = trace && tracer.start('joinlink.upstream.attempt', trace, 'client', { attempt: number })
    const started = performance.now()
    try {
      const value = await withToken(link, traceHeaders(span))
      metrics.vendorCall(value.kind === 'found' ? 'ok' : 'not_found', (performance.now() - started) / 1000)
      span?.end()
      return value
    } catch (error) {
      const kind = error instanceof UpstreamAttemptError ? error.kind : 'unreachable'
      metrics.vendorCall(OUTCOME_OF[kind], (performance.now() - started) / 1000)
      span?.end(kind)
      throw error
    }
  }

  // The failure ratio over a window, opened only when enough distinct links failed in it.
  const judge = new VendorBreaker(config.breaker)
  const breaker = circuitBreaker(handleWhen(isOutage), {
    halfOpenAfter: config.breaker.halfOpenAfterMs,
    breaker: judge,
  })
  // cockatiel measures the open period with Date.now(), so Retry-After does too.
  let openedAt = 0
  metrics.breaker('closed')
  breaker.onBreak(() => {
    openedAt = Date.now()
    metrics.breaker('open')
    log('upstream circuit opened', { pause_ms: config.breaker.halfOpenAfterMs })
  })
  breaker.onHalfOpen(() => {
    metrics.breaker('half_open')
    log('upstream circuit half-open: probing')
  })
  breaker.onReset(() => {
    metrics.breaker('closed')
    log('upstream circuit closed')
  })
  // Outermost, so a slot is held for a whole lookup (its attempts run one after another): at most
  // `concurrency` vendor calls at once. Outside the breaker, so a refusal never counts for or against it.
  const slots = bulkhead(config.bulkhead.concurrency, config.bulkhead.queue)
  let lastRejectLog = 0
  const reportSlots = () =>
    metrics.bulkhead(
      config.bulkhead.concurrency - slots.executionSlots,
      config.bulkhead.queue - slots.queueSlots,
    )
  slots.onReject(() => {
    reportSlots()
    if (Date.now() - lastRejectLog < 1000) return
    lastRejectLog = Date.now()
    log('upstream busy: lookups refused', config.bulkhead)
  })
  const budget = new RetryBudget({
    ratio: config.retryBudgetRatio,
    minRetries: RETRY_BUDGET_MIN_RETRIES,
    windowMs: RETRY_BUDGET_WINDOW_MS,
  })

  return {
    async call(link, trace) {
      let attempts = 0
      // Asked only when another attempt is still possible, so the last failure spends nothing.
      const retryable = (error: unknown) =>
        isRetryable(error) && attempts <= config.retries && budget.tryRetry()
      const retries = retry(handleWhen(retryable), { maxAttempts: config.retries, backoff })
      // The breaker sees one outcome per lookup (after its retries); a failed one names its link first.
      const vendorLookup = () =>
        retries
          .execute(async () => {
            if (attempts === 0) {
              budget.recordLookup()
              reportSlots()
            }
            return attempt(link, ++attempts, trace)
          })
          .catch((error: unknown) => {
            if (isOutage(error)) judge.noteFailure(link.key)
            throw error
          })
      try {
        // Queued or running, the bulkhead's occupancy is reported before and after.
        reportSlots()
        return await slots.execute(() => breaker.execute(vendorLookup))
      } catch (error) {
        if (error instanceof BulkheadRejectedError) {
          const retryAfterS = BUSY_RETRY_AFTER_S
          throw lookupError('UPSTREAM_BUSY', { retry_after: retryAfterS }, { retryAfterS, cause: error })
        }
        if (error instanceof BrokenCircuitError) {
          const leftMs = openedAt + config.breaker.halfOpenAfterMs - Date.now()
          const retryAfterS = Math.max(1, Math.ceil(leftMs / 1000))
          throw lookupError(
            'UPSTREAM_CIRCUIT_OPEN',
            { retry_after: retryAfterS },
            { retryAfterS, cause: error },
          )
        }
        if (error instanceof UpstreamAttemptError) {
          if (error.vendor)
            log('upstream refused the lookup', {
              key: link.key,
              vendor_status: error.vendor.status,
              vendor_msg: error.vendor.msg,
            })
          throw toLookupError(error, attempts, config)
        }
        throw error
      } finally {
        reportSlots()
      }
    },
  }
}

function toLookupError(error: UpstreamAttemptError, attempts: number, config: UpstreamConfig): LookupError {
  const tries = `${attempts} attempt${attempts === 1 ? '' : 's'}`
  switch (error.kind) {
    case 'timeout':
      return lookupError(
        'UPSTREAM_TIMEOUT',
        { timeout_ms: config.timeoutMs, detail: tries },
        { cause: error },
      )
    case 'unreachable':
      // A vendor Retry-After past the cap ends the retries; its value is no header of ours to pass on.
      return lookupError(
        'UPSTREAM_UNREACHABLE',
        { detail: `${error.detail} after ${tries}` },
        { cause: error },
      )
    case 'vendor-status':
      return lookupError(
        'UPSTREAM_ERROR',
        { detail: error.detail },
        // The vendor's msg is the operator's (logged by `call`), never the caller's.
        { upstream: { status: error.vendor?.status ?? -1, msg: '' }, cause: error },
      )
    case 'invalid':
      return lookupError('UPSTREAM_INVALID', { detail: error.detail }, { cause: error })
  }
}
