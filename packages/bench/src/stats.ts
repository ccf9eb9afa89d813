// The maths of a side-by-side bench: medians, spreads, shuffled rounds and the outlier rule.

/** Median of a non-empty list (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2
}

/** The `p`-th percentile (0–100), nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[rank] as number
}

/** Median with its min–max spread. */
export interface Summary {
  median: number
  min: number
  max: number
  n: number
}

export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    min: values.length ? Math.min(...values) : Number.NaN,
    max: values.length ? Math.max(...values) : Number.NaN,
    n: values.length,
  }
}

/** A small seeded PRNG (mulberry32), so a run's round order can be replayed from its seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** Fisher–Yates on a copy. */
export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j] as T, out[i] as T]
  }
  return out
}

/** Outcome of {@link discardOutliers}: the rounds kept, and the discarded ones with why. */
export interface Screened<R> {
  kept: R[]
  discarded: { round: R; index: number; value: number; othersMedian: number; deviation: number }[]
}

/**
 * Drops each round whose baseline figure strays more than `tolerance` (relative) from the median
 * of the other rounds' baselines. Every round is judged against the same, unscreened others.
 */
export function discardOutliers<R>(
  rounds: readonly R[],
  baseline: (round: R) => number,
  tolerance = 0.1,
): Screened<R> {
  const values = rounds.map(baseline)
  const result: Screened<R> = { kept: [], discarded: [] }
  rounds.forEach((round, index) => {
    const others = values.filter((_, j) => j !== index)
    const othersMedian = median(others)
    const value = values[index] as number
    const deviation = others.length ? Math.abs(value - othersMedian) / othersMedian : 0
    if (others.length >= 2 && deviation > tolerance)
      result.discarded.push({ round, index, value, othersMedian, deviation })
    else result.kept.push(round)
  })
  return result
}

/** Per-round ratio of a figure to the same round's baseline, summarised. */
export function ratioSummary<R>(
  rounds: readonly R[],
  figure: (r: R) => number,
  baseline: (r: R) => number,
): Summary {
  return summarize(rounds.map((r) => figure(r) / baseline(r)))
}

/** Outcome of {@link screenRounds}. */
export interface Screening<R> {
  kept: R[]
  /** Indexes (0-based) of the rounds dropped. */
  discarded: number[]
  /** True when most rounds strayed: then none is dropped and the spread tells the story. */
  tooNoisy: boolean
}

/**
 * Applies {@link discardOutliers} for each baseline figure (a round goes if any of them strays);
 * when that would drop half the rounds or more, keeps them all and says so.
 */
export function screenRounds<R>(
  rounds: readonly R[],
  baselines: readonly ((round: R) => number)[],
  tolerance = 0.1,
): Screening<R> {
  const bad = new Set<number>()
  for (const figure of baselines)
    for (const d of discardOutliers(rounds, figure, tolerance).discarded) bad.add(d.index)
  if (bad.size > 0 && rounds.length - bad.size <= rounds.length / 2)
    return { kept: [...rounds], discarded: [], tooNoisy: true }
  return {
    kept: rounds.filter((_, i) => !bad.has(i)),
    discarded: [...bad].sort((a, b) => a - b),
    tooNoisy: false,
  }
}

/** The sentence a screening adds under the table, or undefined when every round was kept quietly. */
export function screeningNote(
  label: string,
  baseline: string,
  s: Screening<unknown>,
  total: number,
): string | undefined {
  if (s.tooNoisy)
    return `${label}: the ${baseline} baseline strayed > 10% in most of the ${total} rounds — too noisy to screen, so all were kept; read the spread.`
  if (s.discarded.length)
    return `${label}: round${s.discarded.length > 1 ? 's' : ''} ${s.discarded.map((i) => i + 1).join(', ')} of ${total} discarded — the ${baseline} baseline strayed > 10% from the other rounds' median.`
  return undefined
}
