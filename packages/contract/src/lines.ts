// Maps JSON Pointers to 1-based line numbers in a YAML document, through the `yaml` package's CST.
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml'
import { pointerSegments } from './spec-ref.ts'

/** Finds the line of the node a JSON Pointer names (or of its deepest existing ancestor). */
export type LineOf = (pointer: string) => number

/**
 * Parses `text` once and returns a lookup from JSON Pointer to line: the line of the key that
 * holds the node (`/components/schemas/Conference/properties/title` → the `title:` line).
 *
 * @example
 * const lineOf = lineIndex(readFileSync('spec/openapi.yaml', 'utf8'))
 * lineOf('/paths') // 34
 */
export function lineIndex(text: string): LineOf {
  const counter = new LineCounter()
  const doc = parseDocument(text, { lineCounter: counter, keepSourceTokens: true })
  const line = (offset: number | undefined) => (offset === undefined ? 1 : counter.linePos(offset).line)
  return (pointer) => {
    let node: unknown = doc.contents
    let at = 1
    for (const segment of pointerSegments(pointer)) {
      if (isMap(node)) {
        const pair = node.items.find(
          (p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === segment,
        )
        if (pair === undefined) break
        at = line((pair.key as Node | null)?.range?.[0])
        node = pair.value
      } else if (isSeq(node)) {
        const item = node.items[Number(segment)] as Node | undefined
        if (item === undefined) break
        at = line(item.range?.[0])
        node = item
      } else break
    }
    return at
  }
}
