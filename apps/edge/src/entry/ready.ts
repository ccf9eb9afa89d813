import type { SourceSummary } from '@joinlink/core'
import { LOOKUP_PATH } from '@joinlink/validation'
import type { Config } from '../config/config.ts'

const conferences = (n: number) => `${n.toLocaleString('en')} conference${n === 1 ? '' : 's'}`

/** What the source is, in the words of the configuration that chose it. */
function sourceName(config: Config, summary: SourceSummary | undefined): string {
  if (config.upstream) return `the vendor API at ${config.upstream.url}`
  const count = summary ? `, ${conferences(summary.conferences)}` : ''
  return config.dataFile ? `JOINLINK_DATA=${config.dataFile}${count}` : `the embedded dataset${count}`
}

/**
 * The one line every runtime prints when it is listening: the source it really serves, and a curl
 * to paste with a link that source answers (from `summary`; a placeholder for the vendor API,
 * whose links nobody here knows).
 */
export function readyLine(runtime: string, origin: string, config: Config, summary?: SourceSummary): string {
  const link = (!config.upstream && summary?.sampleLink) || '<an attendee join link>'
  const auth = config.public ? '' : ` -H 'Authorization: Bearer <key>'`
  const curl = `curl -s -X POST ${origin}${LOOKUP_PATH} -H 'Content-Type: application/json'${auth} -d '{"attendeeJoinUrl":"${link}"}'`
  const access = config.public ? 'public' : 'keys required'
  // The store's URL without its password.
  const shared = config.redis ? `; shared state ${config.redis.display}` : ''
  return `Joinlink ready on ${origin} (${runtime}; ${sourceName(config, summary)}; ${access}${shared}; docs ${origin}/docs) — try: ${curl}`
}

/** The variables that chose a listener's address, to name in a failure. */
export interface ListenerVariables {
  host: string
  port: string
}

/** The main listener's variables. */
export const MAIN_LISTENER: ListenerVariables = { host: 'HOST', port: 'PORT' }
/** The metrics listener's variables. */
export const METRICS_LISTENER: ListenerVariables = {
  host: 'JOINLINK_METRICS_HOST',
  port: 'JOINLINK_METRICS_PORT',
}

/**
 * One line for a listener that could not bind, naming the variable to change — never a stack
 * trace. Node and Bun report `code` (`EADDRINUSE`…); Deno an error `name` (`AddrInUse`…).
 */
export function listenFailure(error: unknown, host: string, port: number, vars: ListenerVariables): string {
  const { code, name, message } = (error ?? {}) as { code?: string; name?: string; message?: string }
  const where = `Joinlink could not listen on ${host.includes(':') ? `[${host}]` : host}:${port}`
  switch (code ?? name) {
    case 'EADDRINUSE':
    case 'AddrInUse':
      return `${where}: the port is in use (another Joinlink still running?). Stop that program, or set ${vars.port} to a free port (${vars.port}=0 picks one).`
    case 'EACCES':
    case 'PermissionDenied':
      return `${where}: permission denied (ports below 1024 need privileges). Set ${vars.port} to 1024 or above.`
    case 'EADDRNOTAVAIL':
    case 'AddrNotAvailable':
      return `${where}: this machine has no such address. Set ${vars.host} to one of its addresses (127.0.0.1 for this machine only).`
    default:
      return `${where}: ${code ?? name ?? 'error'} (${message ?? String(error)}). Check ${vars.host} and ${vars.port}.`
  }
}

/**
 * Runs `listen` (Bun.serve and Deno.serve bind at once and throw); a failure prints one
 * {@link listenFailure} line and exits 1 through `exit`.
 */
export function listenOrExit<T>(
  listen: () => T,
  host: string,
  port: number,
  vars: ListenerVariables,
  exit: (code: number) => never,
): T {
  try {
    return listen()
  } catch (error) {
    console.error(listenFailure(error, host, port, vars))
    return exit(1)
  }
}
