import { afterEach, describe, expect, it, vi } from 'vitest'
import { backoffMs, sleep } from './retry.ts'

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
