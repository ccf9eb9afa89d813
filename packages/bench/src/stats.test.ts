import { describe, expect, it } from 'vitest'
import {
  discardOutliers,
  median,
  percentile,
  rng,
  screeningNote,
  screenRounds,
  shuffle,
  summarize,
} from './stats.ts'

describe('median and spread', () => {
  it.each([
    { values: [3], expected: 3 },
    { values: [5, 1, 3], expected: 3 },
    { values: [4, 1, 3, 2], expected: 2.5 },
  ])('median of $values is $expected', ({ values, expected }) => {
    expect(median(values)).toBe(expected)
  })

  it('is NaN for no values, and does not reorder its input', () => {
    expect(median([])).toBeNaN()
    const values = [3, 1, 2]
    median(values)
    expect(values).toEqual([3, 1, 2])
  })

  it('summarises to median, min, max and count', () => {
    expect(summarize([10, 30, 20])).toEqual({ median: 20, min: 10, max: 30, n: 3 })
  })

  it('takes the nearest-rank percentile', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1)
    expect(percentile(values, 50)).toBe(50)
    expect(percentile(values, 99)).toBe(99)
    expect(percentile(values, 100)).toBe(100)
  })
})

describe('shuffled rounds', () => {
  it('replays the same order from the same seed and keeps every item', () => {
    const items = ['edge', 'raw', 'fastify', 'x', 'y']
    expect(shuffle(items, rng(7))).toEqual(shuffle(items, rng(7)))
    expect(shuffle(items, rng(7)).sort()).toEqual([...items].sort())
  })

  it('gives every order over many seeds', () => {
    const seen = new Set<string>()
    for (let seed = 0; seed < 200; seed++) seen.add(shuffle(['a', 'b', 'c'], rng(seed)).join(''))
    expect(seen.size).toBe(6)
  })
})

describe('the outlier rule', () => {
  const rounds = [100, 104, 97, 130, 101].map((raw, i) => ({ i, raw }))

  it('drops a round whose baseline strays more than 10% from the median of the others', () => {
    const result = discardOutliers(rounds, (r) => r.raw)
    expect(result.discarded.map((d) => d.index)).toEqual([3])
    expect(result.discarded[0]?.othersMedian).toBe(100.5)
    expect(result.kept.map((r) => r.i)).toEqual([0, 1, 2, 4])
  })

  it('keeps a round exactly at the tolerance', () => {
    const result = discardOutliers(
      [100, 100, 110].map((raw) => ({ raw })),
      (r) => r.raw,
    )
    expect(result.discarded).toEqual([])
  })

  it('drops a round if any of its baselines strays, and names it in the note', () => {
    const two = rounds.map((r, i) => ({ ...r, cpu: i === 1 ? 200 : 50 }))
    const s = screenRounds(two, [(r) => r.raw, (r) => r.cpu])
    expect(s.discarded).toEqual([1, 3])
    expect(s.tooNoisy).toBe(false)
    expect(screeningNote('edge', 'raw', s, two.length)).toBe(
      "edge: rounds 2, 4 of 5 discarded — the raw baseline strayed > 10% from the other rounds' median.",
    )
  })

  it('keeps everything and says so when most rounds stray', () => {
    const s = screenRounds(
      [100, 200, 400].map((raw) => ({ raw })),
      [(r) => r.raw],
    )
    expect(s).toMatchObject({ tooNoisy: true, discarded: [] })
    expect(s.kept).toHaveLength(3)
    expect(screeningNote('scale', '1,000-conference', s, 3)).toMatch(/too noisy to screen/)
  })

  it('says nothing when no round strays', () => {
    const s = screenRounds(
      [100, 101, 99].map((raw) => ({ raw })),
      [(r) => r.raw],
    )
    expect(screeningNote('x', 'y', s, 3)).toBeUndefined()
  })
})
