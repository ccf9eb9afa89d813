// One request of the conformance run, as it goes on the wire: shared by the generators, the request
// judge and the conformance check, so none of them imports another for the type.

/** One request to send, exactly as it goes on the wire. */
export interface RequestCase {
  /** Fixture name, or `generated #<n>`. */
  name: string
  /** Raw body text. */
  body: string
  /** Content-Type header; null sends none. */
  contentType: string | null
  /** Extra request headers. */
  headers?: Record<string, string>
  /** For fixtures: the answer the spec demands. */
  expect?: { status: number; code?: number }
}
