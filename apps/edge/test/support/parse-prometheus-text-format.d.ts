// Types for parse-prometheus-text-format (it ships none): the prom2json-compatible shape it returns.
declare module 'parse-prometheus-text-format' {
  interface Sample {
    labels?: Record<string, string>
    value?: string
    buckets?: Record<string, string>
    count?: string
    sum?: string
  }
  interface Family {
    name: string
    help: string
    type: 'COUNTER' | 'GAUGE' | 'HISTOGRAM' | 'SUMMARY' | 'UNTYPED'
    metrics: Sample[]
  }
  // biome-ignore lint/style/noDefaultExport: describes the package's own default export
  export default function parsePrometheusTextFormat(text: string): Family[]
}
