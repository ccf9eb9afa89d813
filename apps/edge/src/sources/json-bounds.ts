// Bounds on the shape of JSON text, checked before it is parsed: no recursion, one pass.

/** How deep and how big a JSON document may be. */
export interface JsonLimits {
  /** Most nested objects and arrays, the outermost counting 1. */
  maxDepth: number
  /** Most values (objects, arrays, members and elements), counted as brackets plus commas. */
  maxNodes: number
}

/** Why a JSON text is over its limits, or `undefined` when it is within them. */
export type JsonBoundsVerdict =
  | { over: 'depth'; limit: number }
  | { over: 'nodes'; limit: number }
  | undefined

const QUOTE = 0x22
const BACKSLASH = 0x5c
const OPEN_OBJECT = 0x7b
const OPEN_ARRAY = 0x5b
const CLOSE_OBJECT = 0x7d
const CLOSE_ARRAY = 0x5d
const COMMA = 0x2c

/**
 * Scans JSON text once, outside strings, counting nesting depth and values; stops at the first
 * limit passed. It does not validate the text (JSON.parse does that next): it only makes sure no
 * parse, validation or serialisation downstream ever meets a document deeper or bigger than this.
 */
export function checkJsonBounds(text: string, limits: JsonLimits): JsonBoundsVerdict {
  let depth = 0
  let nodes = 1
  let inString = false
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i)
    if (inString) {
      if (ch === BACKSLASH) i++
      else if (ch === QUOTE) inString = false
      continue
    }
    switch (ch) {
      case QUOTE:
        inString = true
        break
      case OPEN_OBJECT:
      case OPEN_ARRAY:
        if (++depth > limits.maxDepth) return { over: 'depth', limit: limits.maxDepth }
        if (++nodes > limits.maxNodes) return { over: 'nodes', limit: limits.maxNodes }
        break
      case CLOSE_OBJECT:
      case CLOSE_ARRAY:
        depth--
        break
      case COMMA:
        if (++nodes > limits.maxNodes) return { over: 'nodes', limit: limits.maxNodes }
        break
    }
  }
  return undefined
}
