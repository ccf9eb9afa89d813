// What every scenario gets: the options, the pinning, the seeded order, and where results go.
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Pinning } from './servers.ts'
import type { Row } from './table.ts'

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
export const EDGE_DIR = resolve(REPO_ROOT, 'apps/edge')
export const BENCH_DIR = resolve(REPO_ROOT, 'packages/bench')
export const OUT_DIR = resolve(REPO_ROOT, '.bench')

/** Durations and sizes, all settable from the command line (see README). */
export interface Options {
  quick: boolean
  only: string[]
  rounds: number
  /** Seconds of warm-up per server before the rounds. */
  warmup: number
  /** Seconds of each closed-loop run. */
  duration: number
  /** Seconds of each fixed-rate CPU run. */
  rateDuration: number
  /** Seconds of the soak, after its warm-up. */
  soak: number
  /** Seconds of load at the soak rate before the reference RSS is read. */
  soakWarmup: number
  /** Generated dataset sizes for the scale scenario. */
  scale: number[]
  /** Sequential lookups per round in the scale scenario. */
  lookups: number
  /** Milliseconds tinybench spends on each task per round. */
  benchTime: number
  seed: number
}

export interface Context {
  opts: Options
  pin: Pinning
  random: () => number
  rows: Row[]
  results: Record<string, unknown>
  /** Notes printed under the table: discarded rounds, load-bound runs, skipped scenarios. */
  notes: string[]
  log: (line: string) => void
  /** Closed-loop capacity of the edge (req/s), once a scenario has measured it. */
  edgeCapacity?: number
}

/** The request body every lookup scenario sends: the vendor's own example link. */
export const SEED_LINK = 'https://mtest.qsh1.cn/k/mkIW3Txa0Uk'
export const SEED_BODY = JSON.stringify({ attendeeJoinUrl: SEED_LINK })
