import { describe, expect, it } from 'vitest'
import { createDriftTracker, MAX_TRACKED_DRIFT } from './drift.ts'

const status = { path: 'result[].status', kind: 'unknown integer' }
const field = { path: 'result[].newField', kind: 'unknown field (string)' }

describe('createDriftTracker', () => {
  it('logs each (path, kind) once and counts every answer carrying it', () => {
    const lines: [string, Record<string, unknown> | undefined][] = []
    const tracker = createDriftTracker((msg, fields) => lines.push([msg, fields]))
    tracker.record([status])
    tracker.record([status, field])
    tracker.record([])
    tracker.record([status])
    expect(lines).toEqual([
      ['vendor drift', status],
      ['vendor drift', field],
    ])
    expect(tracker.summary()).toEqual({
      answers: 3,
      fields: [
        { ...status, count: 3 },
        { ...field, count: 1 },
      ],
      untracked: 0,
    })
  })

  it(`keeps at most ${MAX_TRACKED_DRIFT} distinct entries, counting the rest as untracked and logging that once`, () => {
    const lines: string[] = []
    const tracker = createDriftTracker((msg) => lines.push(msg))
    for (let i = 0; i < MAX_TRACKED_DRIFT + 50; i++)
      tracker.record([{ path: `f${i}`, kind: 'unknown field (integer)' }])
    const summary = tracker.summary()
    expect(summary.fields).toHaveLength(MAX_TRACKED_DRIFT)
    expect(summary.untracked).toBe(50)
    expect(summary.answers).toBe(MAX_TRACKED_DRIFT + 50)
    expect(lines.filter((l) => l === 'vendor drift')).toHaveLength(MAX_TRACKED_DRIFT)
    expect(lines.filter((l) => l === 'vendor drift table full')).toHaveLength(1)
  })

  it('hands out copies: a summary cannot change the counts', () => {
    const tracker = createDriftTracker()
    tracker.record([status])
    const first = tracker.summary()
    ;(first.fields[0] as { count: number }).count = 99
    expect(tracker.summary().fields[0]?.count).toBe(1)
  })
})
