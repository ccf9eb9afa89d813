// The on-disk conference index (Node's built-in SQLite): built once by `pnpm data import`, opened at
// start-up in milliseconds whatever its size, looked up by host and code without holding records
// in memory.
import { closeSync, existsSync, openSync, readSync, renameSync, rmSync, statSync } from 'node:fs'
import { DatabaseSync } from 'node:sqlite'
import { type ConferenceSource, DatasetError, joinLink, serveRecord } from '@joinlink/core'
import { normalizeJoinUrl } from '@joinlink/validation/join-url'
import type { DatasetRecord } from './fixtures.ts'

/** Bumped when the file layout changes; an index of another format is refused at start-up. */
export const INDEX_FORMAT = '1'
const SQLITE_MAGIC = 'SQLite format 3\0'

/** True when `head` (the file's first 16 bytes or more) starts like a SQLite database. */
export const isSqliteHeader = (head: Uint8Array): boolean =>
  new TextDecoder('latin1').decode(head.subarray(0, 16)) === SQLITE_MAGIC

/** What an import wrote. */
export interface ImportSummary {
  records: number
  out: string
}

/**
 * Writes the validated records of a dataset into a new index file at `out` (replaced only once
 * the import succeeds), keyed by host and code like the core's in-memory index. A link outside
 * `allowedHosts` or a second record for the same link stops the import with the record's place,
 * as at start-up.
 */
export async function importDataset(
  records: AsyncIterable<DatasetRecord>,
  fileName: string,
  out: string,
  allowedHosts: readonly string[],
): Promise<ImportSummary> {
  const partial = `${out}.partial`
  rmSync(partial, { force: true })
  const db = new DatabaseSync(partial)
  try {
    db.exec(`PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF;
      CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE conference (key TEXT NOT NULL UNIQUE, record TEXT NOT NULL);`)
    // A rowid table with a unique index on the key: records of ~1.5 KB would overflow the pages
    // of a WITHOUT ROWID table (≈3× the file size).
    const insert = db.prepare('INSERT OR IGNORE INTO conference (key, record) VALUES (?, ?)')
    let n = 0
    db.exec('BEGIN')
    for await (const { conference, where } of records) {
      const link = normalizeJoinUrl(conference.attendeeJoinUrl, allowedHosts)
      if (!link.ok) throw new DatasetError(`${where}attendeeJoinUrl: ${link.reason}`)
      const { key } = joinLink(link.host, link.code, link.canonicalUrl)
      if (insert.run(key, JSON.stringify(conference)).changes === 0)
        throw new DatasetError(`${where}attendeeJoinUrl: ${key} appears twice`)
      n++
    }
    if (n === 0) throw new DatasetError(`${fileName}: no conference records found`)
    const meta = db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)')
    meta.run('format', INDEX_FORMAT)
    meta.run('allowed_hosts', allowedHosts.join(','))
    meta.run('records', String(n))
    db.exec('COMMIT')
    db.close()
    renameSync(partial, out)
    return { records: n, out }
  } catch (error) {
    if (db.isOpen) db.close()
    rmSync(partial, { force: true })
    throw error
  }
}

/**
 * A source over an index file written by {@link importDataset}, opened read-only. Refuses a file
 * of another format, or one imported for hosts that `allowedHosts` no longer admits.
 */
export function openIndexSource(path: string, allowedHosts: readonly string[]): ConferenceSource {
  const where = `JOINLINK_DATA=${path}`
  if (!existsSync(path)) throw new DatasetError(`${where}: no such file`)
  let db: DatabaseSync
  let meta: Record<string, string>
  try {
    db = new DatabaseSync(path, { readOnly: true })
    const rows = db.prepare('SELECT name, value FROM meta').all() as { name: string; value: string }[]
    meta = Object.fromEntries(rows.map((row) => [row.name, row.value]))
  } catch (error) {
    throw new DatasetError(
      `${where}: not a Joinlink index (${(error as Error).message}); build one with pnpm data import <file.ndjson>`,
    )
  }
  if (meta.format !== INDEX_FORMAT)
    throw new DatasetError(
      `${where}: index format ${meta.format ?? 'unknown'}, this version reads ${INDEX_FORMAT}; run pnpm data import again`,
    )
  const imported = (meta.allowed_hosts ?? '').split(',').filter(Boolean)
  const refused = imported.filter((host) => !allowedHosts.includes(host))
  if (refused.length)
    throw new DatasetError(
      `${where}: imported for hosts ${imported.join(', ')}, but JOINLINK_ALLOWED_HOSTS (${allowedHosts.join(', ')}) leaves out ${refused.join(', ')}; import it again with the same JOINLINK_ALLOWED_HOSTS`,
    )
  const get = db.prepare('SELECT record FROM conference WHERE key = ?')
  return {
    async lookup(link) {
      const row = get.get(link.key) as { record: string } | undefined
      // A row is served as it is read: one parse and projection per lookup, nothing held in memory.
      return row ? { kind: 'found', record: serveRecord(JSON.parse(row.record)) } : { kind: 'not_found' }
    },
  }
}

/**
 * The index source for `path` when the file is a SQLite database (by its first 16 bytes), else
 * `undefined`: the entry hands this to `createSource`, which reads any other file as JSON/NDJSON.
 */
export function openIndexIfSqlite(
  path: string,
  allowedHosts: readonly string[],
): ConferenceSource | undefined {
  let head: Buffer
  try {
    // Only a regular file can be an index: opening a FIFO (or a device) would block until a writer
    // comes, and reading it would take bytes the dataset reader needs.
    if (!statSync(path).isFile()) return undefined
    const fd = openSync(path, 'r')
    head = Buffer.alloc(16)
    readSync(fd, head, 0, 16, 0)
    closeSync(fd)
  } catch {
    // Unreadable: the dataset reader reports it, naming the file and the cause.
    return undefined
  }
  return isSqliteHeader(head) ? openIndexSource(path, allowedHosts) : undefined
}
