// A buffered line writer for the log: one write per event-loop turn instead of one per request.

/** Options of {@link createLineWriter}. */
export interface LineWriterOptions {
  /** Written at once past this many characters (default 64 Ki), so a burst never piles up. */
  maxChars?: number
  /** When to flush a partly filled buffer (default `setImmediate`: after this turn's I/O). */
  schedule?: (flush: () => void) => void
}

/** Takes log lines; `flush` writes what is pending now (call it on exit). */
export interface LineWriter {
  line(text: string): void
  flush(): void
}

/**
 * Collects lines and hands them to `write` in one chunk per event-loop turn, after the answers of
 * that turn are on their sockets. The entry calls `flush` on `exit`, so no line is lost when the
 * process stops (SIGTERM, `process.exit`); with `process.stdout.write` as `write`, the writes are
 * synchronous for files and pipes on Linux, so a flush on exit completes before the process ends.
 *
 * @example
 * ```ts
 * const out = createLineWriter((chunk) => process.stdout.write(chunk))
 * process.on('exit', out.flush)
 * out.line('{"msg":"request"}')
 * ```
 */
export function createLineWriter(
  write: (chunk: string) => void,
  { maxChars = 64 * 1024, schedule = setImmediate }: LineWriterOptions = {},
): LineWriter {
  let pending = ''
  let scheduled = false
  const flush = () => {
    scheduled = false
    if (!pending) return
    const chunk = pending
    pending = ''
    write(chunk)
  }
  return {
    line(text) {
      pending += `${text}\n`
      if (pending.length >= maxChars) flush()
      else if (!scheduled) {
        scheduled = true
        schedule(flush)
      }
    },
    flush,
  }
}
