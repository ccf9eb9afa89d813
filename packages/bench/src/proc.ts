// Reads a process's CPU time and resident memory from /proc (Linux only).
import { readFileSync } from 'node:fs'

/** utime and stime in clock ticks, and RSS in pages, from the text of `/proc/<pid>/stat`. */
export interface ProcStat {
  utimeTicks: number
  stimeTicks: number
  rssPages: number
}

/**
 * Parses `/proc/<pid>/stat`. The command name (field 2) is in parentheses and may hold spaces or
 * parentheses itself, so fields are counted from the last `)`.
 */
export function parseProcStat(text: string): ProcStat {
  const close = text.lastIndexOf(')')
  if (close < 0) throw new Error(`not a /proc/<pid>/stat line: ${JSON.stringify(text.slice(0, 80))}`)
  // After ")": field 3 (state) is index 0, so field k is index k - 3.
  const fields = text
    .slice(close + 2)
    .trim()
    .split(/\s+/)
  const field = (k: number) => {
    const value = Number(fields[k - 3])
    if (!Number.isFinite(value)) throw new Error(`/proc/<pid>/stat field ${k} is not a number`)
    return value
  }
  return { utimeTicks: field(14), stimeTicks: field(15), rssPages: field(24) }
}

/** Clock ticks per second (`getconf CLK_TCK`); 100 on every Linux this runs on. */
export const CLOCK_TICKS = 100
export const PAGE_BYTES = 4096

/** CPU seconds (user + system, all threads) a process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  return (stat.utimeTicks + stat.stimeTicks) / CLOCK_TICKS
}

/** Resident set size in bytes. */
export function rssBytes(pid: number): number {
  return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8')).rssPages * PAGE_BYTES
}
