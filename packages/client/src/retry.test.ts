import { afterEach, describe, expect, it, vi } from 'vitest'
import { backoffMs, parseRetryAfter, sleep } from './retry.ts'

afterEach(() => {
  vi.useRealTimers()
})

describe('backoffMs', () => {
  it.each([
    [0, 100, 200],
    [1, 200, 400],
    [2, 400, 800],
    [5, 2500, 5000],
    [20, 2500, 5000],
  ])('attempt %i waits between %i and %i ms', (attempt, low, high) => {
    expect(backoffMs(attempt, () => 0)).toBe(low)
    expect(backoffMs(attempt, () => 1)).toBe(high)
    const jittered = backoffMs(attempt)
    expect(jittered).toBeGreaterThanOrEqual(low)
    expect(jittered).toBeLessThanOrEqual(high)
  })
})

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-26T12:00:00Z')

  it.each<[string | null | undefined, number | undefined]>([
    ['0', 0],
    ['12', 12_000],
    ['Thu, 26 Nov 2026 12:00:05 GMT', 5_000],
    ['Thu, 26 Nov 2026 11:59:00 GMT', 0],
    ['-1', undefined],
    ['1.5', undefined],
    ['soon', undefined],
    ['', undefined],
    [null, undefined],
    [undefined, undefined],
  ])('%j → %j ms', (value, expected) => {
    expect(parseRetryAfter(value, now)).toBe(expected)
  })
})

describe('sleep', () => {
  it('resolves after the delay', async () => {
    vi.useFakeTimers()
    const done = vi.fn()
    void sleep(50).then(done)
    await vi.advanceTimersByTimeAsync(49)
    expect(done).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(1)
    expect(done).toHaveBeenCalled()
  })

  it('rejects with the reason as soon as the signal aborts', async () => {
    const controller = new AbortController()
    const slept = sleep(60_000, controller.signal)
    const reason = new Error('stop')
    controller.abort(reason)
    await expect(slept).rejects.toBe(reason)
  })

  it('rejects at once when the signal is already aborted', async () => {
    await expect(sleep(10, AbortSignal.abort('gone'))).rejects.toBe('gone')
  })
})
