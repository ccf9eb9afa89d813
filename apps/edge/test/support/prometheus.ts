// Reads a Prometheus text exposition with an independent parser (parse-prometheus-text-format),
// never with the code under test.
import parsePrometheusTextFormat from 'parse-prometheus-text-format'

/** The parsed exposition, with lookups by metric name and labels. */
export interface Exposition {
  /** Every family name, as exported. */
  names: Set<string>
  /** The sum over the samples of `name` whose labels include `labels` (histograms: their count). */
  value(name: string, labels?: Record<string, string>): number
  /** The family's type as the exposition declares it. */
  type(name: string): string | undefined
  /** Every label set of `name`. */
  labelSets(name: string): Record<string, string>[]
}

/**
 * Parses a Prometheus text exposition. The parser folds a labelled histogram's series into one
 * sample and drops their labels, so histograms are read a second time with their `# TYPE` lines
 * left out: `x_count`, `x_sum` and `x_bucket` then come back as plain families, labels and all.
 */
export function parseExposition(text: string): Exposition {
  const families = parsePrometheusTextFormat(text)
  const types = new Map(families.map((family) => [family.name, family.type]))
  const untyped = text.replace(/^# TYPE \S+ histogram$/gm, '')
  // Untyped, one histogram's series interleave: `x_bucket` comes back once per label set.
  const byName = new Map<string, { metrics: { labels?: Record<string, string>; value?: string }[] }>()
  for (const family of parsePrometheusTextFormat(untyped)) {
    const known = byName.get(family.name)
    if (known) known.metrics.push(...family.metrics)
    else byName.set(family.name, { metrics: [...family.metrics] })
  }
  const matching = (name: string, labels: Record<string, string>) =>
    (byName.get(types.get(name) === 'HISTOGRAM' ? `${name}_count` : name)?.metrics ?? []).filter((sample) =>
      Object.entries(labels).every(([key, value]) => sample.labels?.[key] === value),
    )
  return {
    names: new Set(types.keys()),
    value: (name, labels = {}) =>
      matching(name, labels).reduce((sum, sample) => sum + Number(sample.value ?? 0), 0),
    type: (name) => types.get(name),
    labelSets: (name) => matching(name, {}).map((sample) => sample.labels ?? {}),
  }
}
