// Direction-aware comparison of two JSON Schemas (base → revision): each side resolved and rewritten
// into one form (normalize.ts), then every keyword family compares its part.
import { compareAnnotations, compareMarks } from './annotations.ts'
import { compareComposition, compareWrapping } from './composition.ts'
import { compareConstraints } from './constraints.ts'
import { resolveSchema } from './normalize.ts'
import { compareProperties } from './properties.ts'
import { compareSubschemas } from './subschemas.ts'
import { compareValues } from './values.ts'
import type { Diff, SchemaAt } from './walk.ts'

/** Compares one schema pair and everything below it, appending to `d.out`. */
export function compareSchema(d: Diff, at: SchemaAt, baseValue: unknown, headValue: unknown): void {
  const base = resolveSchema(d.base, baseValue, at.bp)
  const head = resolveSchema(d.head, headValue, at.hp)
  const key = `${base.ref ?? '·'}→${head.ref ?? '·'}`
  if (base.ref !== undefined && head.ref !== undefined) {
    if (at.stack.has(key)) return
    at.stack.add(key)
  }
  // A schema pair met again (a component used by many responses) was compared once: its changes
  // are repeated under this path, and `distinct` lists the place as one more that the change reaches.
  const memoKey = `${at.subject}|${at.negated === true}|${base.pointer}|${head.pointer}`
  const seen = d.memo.get(memoKey)
  const prefix = at.path.join(' › ')
  if (seen !== undefined) {
    for (const c of d.out.slice(seen.start, seen.end))
      d.out.push({ ...c, path: `${prefix}${c.path.slice(seen.prefix.length)}` })
    at.stack.delete(key)
    return
  }
  const start = d.out.length
  const here: SchemaAt = { ...at, bp: base.pointer, hp: head.pointer, bsrc: base.src, hsrc: head.src }
  const [b, h] = [base.node, head.node]
  compareAnnotations(d, here, b, h)
  compareMarks(d, here, b, h)
  if (!compareWrapping(d, here, base, head)) {
    compareValues(d, here, base, head)
    compareConstraints(d, here, b, h)
    compareProperties(d, here, base, head)
    compareComposition(d, here, b, h)
    compareSubschemas(d, here, b, h)
  }
  d.memo.set(memoKey, { start, end: d.out.length, prefix })
  at.stack.delete(key)
}
