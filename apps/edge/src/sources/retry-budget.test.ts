import { describe, expect, it } from 'vitest'
import { RetryBudget } from './retry-budget.ts'

/** One step of a scenario: advance the clock, record lookups, then ask for retries. */
interface Step {
  at: number
  lookups?: number
  /** Retries asked for at this step. */
  ask: number
  /** How many of them the budget grants. */
  granted: number
}

const scenarios: { name: string; ratio: number; minRetries: number; steps: Step[] }[] = [
  {
    name: 'a quiet instance may still retry up to the minimum',
    ratio: 0.2,
    minRetries: 3,
    steps: [{ at: 0, lookups: 1, ask: 5, granted: 3 }],
  },
  {
    name: 'retries stay within 20 % of lookups beyond the minimum',
    ratio: 0.2,
    minRetries: 0,
    steps: [
      { at: 0, lookups: 100, ask: 50, granted: 20 },
      { at: 500, lookups: 10, ask: 5, granted: 2 },
    ],
  },
  {
    name: 'an outage of 1,000 lookups gets 10 + 100 retries, not 2,000',
    ratio: 0.1,
    minRetries: 10,
    steps: [{ at: 0, lookups: 1000, ask: 2000, granted: 110 }],
  },
  {
    name: 'the window slides: spent retries are forgotten after it',
    ratio: 0,
    minRetries: 2,
    steps: [
      { at: 0, ask: 3, granted: 2 },
      { at: 9_999, ask: 1, granted: 0 },
      { at: 10_000, ask: 3, granted: 2 },
    ],
  },
  {
    name: 'old lookups stop earning retries once they leave the window',
    ratio: 0.5,
    minRetries: 0,
    steps: [
      { at: 0, lookups: 10, ask: 0, granted: 0 },
      { at: 5_000, ask: 2, granted: 2 },
      { at: 10_500, ask: 2, granted: 0 },
    ],
  },
  {
    name: 'a long pause clears the whole window',
    ratio: 0.2,
    minRetries: 1,
    steps: [
      { at: 0, lookups: 50, ask: 20, granted: 11 },
      { at: 1_000_000, lookups: 5, ask: 5, granted: 2 },
    ],
  },
  {
    name: 'ratio 0 and minimum 0: never a retry',
    ratio: 0,
    minRetries: 0,
    steps: [{ at: 0, lookups: 100, ask: 1, granted: 0 }],
  },
]

describe('RetryBudget (10 s window)', () => {
  it.each(scenarios)('$name', ({ ratio, minRetries, steps }) => {
    let now = 1_700_000_000_000
    const start = now
    const budget = new RetryBudget({ ratio, minRetries, windowMs: 10_000, now: () => now })
    for (const step of steps) {
      now = start + step.at
      for (let i = 0; i < (step.lookups ?? 0); i++) budget.recordLookup()
      let granted = 0
      for (let i = 0; i < step.ask; i++) if (budget.tryRetry()) granted++
      expect(granted, `at +${step.at} ms`).toBe(step.granted)
    }
  })
})
