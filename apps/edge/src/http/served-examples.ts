// The examples of the served spec: an example success answer is served as a public caller would
// receive it, never as the vendor sent it. Used by scripts/generate.ts when it embeds the spec.
import type { LookupSuccess } from '@joinlink/types'
import { toPublicLookupSuccess } from '@joinlink/validation'
import type { Document } from 'yaml'

/** The request id the served examples carry instead of the vendor's (which names its internal addresses). */
export const EXAMPLE_REQUEST_ID = '5b0c2f5e-0d7a-4a53-9d1e-4b1f0b8f4a10'

type Path = (string | number)[]

const isSuccess = (value: unknown): value is LookupSuccess =>
  typeof value === 'object' &&
  value !== null &&
  (value as { status?: unknown }).status === 0 &&
  Array.isArray((value as { result?: unknown }).result)

/** Where a success answer sits as an example: `examples.<name>.value` or `example`, anywhere in the document. */
function successExamples(node: unknown, path: Path, out: Path[]): Path[] {
  if (Array.isArray(node)) {
    for (const [i, item] of node.entries()) successExamples(item, [...path, i], out)
  } else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      const parent = path[path.length - 2]
      if (key === 'value' && parent === 'examples' && isSuccess(value)) out.push([...path, key])
      else if (key === 'example' && isSuccess(value)) out.push([...path, key])
      else successExamples(value, [...path, key], out)
    }
  }
  return out
}

/**
 * Replaces, in place, every example success answer of `doc` with its public profile (the spec's
 * allow-list: secret fields present but empty, the vendor's `reqid` empty) and our own request id,
 * and says so in its summary. Returns the paths it replaced; none is an error (the caller's check).
 */
export function publicExamples(doc: Document): Path[] {
  const tree = doc.toJS()
  const paths = successExamples(tree, [], [])
  for (const path of paths) {
    const value = path.reduce((node, key) => node[key], tree) as LookupSuccess
    const served = { ...toPublicLookupSuccess(value), request_id: EXAMPLE_REQUEST_ID }
    doc.setIn(path, doc.createNode(served))
    const summary = [...path.slice(0, -1), 'summary']
    if (doc.hasIn(summary))
      doc.setIn(summary, "The vendor's example answer, as a public caller receives it (secret fields empty)")
  }
  if (paths.length === 0) throw new Error('spec/openapi.yaml has no example success answer to serve')
  return paths
}
