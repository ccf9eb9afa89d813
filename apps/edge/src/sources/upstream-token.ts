// The vendor token: fixed (JOINLINK_UPSTREAM_TOKEN), or read from a file (JOINLINK_UPSTREAM_TOKEN_FILE,
// the way container platforms mount secrets) and read again when it may have been rotated.
import { ConfigError } from '../config/config.ts'

/** Where lookups get the vendor token from. */
export interface TokenSource {
  /** The token to send now (re-read from the file when the last read is older than the check interval). */
  current(): Promise<string>
  /**
   * The vendor refused `refused`: re-read the file at once. True when it now holds another token,
   * worth one more attempt; always false for a fixed token.
   */
  reload(refused: string): Promise<boolean>
}

/** Reads a whole text file; each runtime's entry supplies its own (Node fs, Bun.file, Deno.readTextFile). */
export type ReadTextFile = (path: string) => Promise<string>

export interface TokenFileOptions {
  path: string
  read: ReadTextFile
  /** Re-read at most this often (ms) in the normal course; a refusal re-reads at once. */
  checkMs: number
  now?: () => number
  log?: (msg: string, fields?: Record<string, unknown>) => void
}

/** A fixed token. */
export function fixedToken(token: string): TokenSource {
  return { current: async () => token, reload: async () => false }
}

/**
 * A token read from a file: once at start-up (a failure stops start-up, naming the variable and the
 * file, never its content), then again when the last read is `checkMs` old or the vendor refuses it.
 * A read that fails later keeps the last good token and logs why. Concurrent callers share one read.
 */
export async function tokenFromFile(options: TokenFileOptions): Promise<TokenSource> {
  const { path, read, checkMs, log } = options
  const now = options.now ?? Date.now
  const first = await readToken(path, read)
  if ('problem' in first) throw new ConfigError([`JOINLINK_UPSTREAM_TOKEN_FILE=${path}: ${first.problem}`])
  let token = first.token
  let readAt = now()
  let reading: Promise<string> | undefined

  const reread = (): Promise<string> => {
    reading ??= readToken(path, read)
      .then((result) => {
        readAt = now()
        if ('problem' in result) {
          log?.('upstream token file unreadable; keeping the last token', {
            file: path,
            problem: result.problem,
          })
        } else if (result.token !== token) {
          token = result.token
          log?.('upstream token reloaded', { file: path })
        }
        return token
      })
      .finally(() => {
        reading = undefined
      })
    return reading
  }

  return {
    current: () => (now() - readAt >= checkMs ? reread() : Promise.resolve(token)),
    async reload(refused) {
      return (await reread()) !== refused
    },
  }
}

/** The token in a file: surrounding whitespace (a trailing newline) dropped; never echoed in a problem. */
async function readToken(path: string, read: ReadTextFile): Promise<{ token: string } | { problem: string }> {
  let text: string
  try {
    text = await read(path)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    return { problem: `cannot read the file (${typeof code === 'string' ? code : 'read error'})` }
  }
  const token = text.trim()
  if (!token) return { problem: 'the file is empty' }
  // A header value: visible Latin-1 only (fetch refuses the rest, and a newline would split the header).
  if (!/^[\x21-\x7e\xa1-\xff]+$/.test(token))
    return { problem: 'the token holds a space, a control character or a character outside Latin-1' }
  return { token }
}
