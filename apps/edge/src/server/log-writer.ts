// A buffered, non-blocking line writer for the log: one write per event-loop turn instead of one
// per request, and nothing lost on exit.
import { writeSync } from 'node:fs'

/** Options of {@link createLineWriter}. */
export interface LineWriterOptions {
  /** Written at once past this many characters (default 64 Ki), so a burst never piles up. */
  maxChars?: number
  /** When to flush a partly filled buffer (default `setImmediate`: after this turn's I/O). */
  schedule?: (flush: () => void) => void
  /**
   * Writes bytes to the file descriptor and returns how many it took; may take fewer, or throw
   * `EAGAIN` when a non-blocking pipe is full. Default `fs.writeSync`.
   */
  writeSome?: (fd: number, bytes: Uint8Array) => number
  /** Bytes a full pipe may leave pending before the writer waits for its reader (default 8 MiB). */
  maxUnwritten?: number
}

/** Takes log lines; `flush` writes everything pending before it returns (call it on exit). */
export interface LineWriter {
  line(text: string): void
  flush(): void
}

const EXIT_WAIT_MS = 10_000
/** Past this many bytes not taken by a slow reader, the writer waits for it rather than grow. */
const MAX_UNWRITTEN_BYTES = 8 * 1024 * 1024
const sleeper = new Int32Array(new SharedArrayBuffer(4))

/**
 * Collects lines and writes them to `fd` in one chunk per event-loop turn, after the answers of
 * that turn are on their sockets. A full pipe does not block the event loop: what it did not take
 * is kept and retried a millisecond later — up to 8 MiB, past which the writer waits for its
 * reader (backpressure, never an unbounded buffer or a dropped line). `flush` (the entry calls it on `exit`, which SIGTERM's
 * handler reaches through `process.exit`) writes everything pending synchronously, waiting up to
 * 10 s for a full pipe, so no line is lost when the process stops. `process.stdout` is not used:
 * on a pipe it queues writes that `process.exit` drops.
 *
 * @example
 * ```ts
 * const out = createLineWriter(1)
 * process.on('exit', out.flush)
 * out.line('{"msg":"request"}')
 * ```
 */
export function createLineWriter(
  fd: number,
  {
    maxChars = 64 * 1024,
    schedule = setImmediate,
    writeSome = writeSync,
    maxUnwritten = MAX_UNWRITTEN_BYTES,
  }: LineWriterOptions = {},
): LineWriter {
  let pending = ''
  let unwritten: Uint8Array | undefined
  let scheduled = false
  let retry: ReturnType<typeof setTimeout> | undefined

  /** Writes what the fd takes now; true when nothing is left. */
  const writeNow = (): boolean => {
    if (pending) {
      const bytes = Buffer.from(pending)
      pending = ''
      unwritten = unwritten ? Buffer.concat([unwritten, bytes]) : bytes
    }
    while (unwritten) {
      let n: number
      try {
        n = writeSome(fd, unwritten)
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error
        return false
      }
      unwritten = n >= unwritten.byteLength ? undefined : unwritten.subarray(n)
    }
    return true
  }
  /** Writes everything, waiting for a full pipe up to `ms`. */
  const drain = (ms: number) => {
    const deadline = Date.now() + ms
    while (!writeNow() && Date.now() < deadline) Atomics.wait(sleeper, 0, 0, 1)
  }
  const flushSoon = () => {
    scheduled = false
    retry = undefined
    if (writeNow()) return
    // A reader that keeps falling behind gets backpressure (a wait) rather than unbounded memory.
    if ((unwritten?.byteLength ?? 0) > maxUnwritten) drain(EXIT_WAIT_MS)
    else retry = setTimeout(flushSoon, 1)
  }
  return {
    line(text) {
      pending += `${text}\n`
      if (pending.length >= maxChars && retry === undefined) flushSoon()
      else if (!scheduled && retry === undefined) {
        scheduled = true
        schedule(flushSoon)
      }
    },
    flush() {
      if (retry !== undefined) clearTimeout(retry)
      retry = undefined
      drain(EXIT_WAIT_MS)
    },
  }
}
