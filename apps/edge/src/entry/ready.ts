import { LOOKUP_PATH } from '@joinlink/validation'
import type { Config } from '../config/config.ts'

/** The one line every runtime prints when it is listening, with a curl to paste. */
export function readyLine(runtime: string, origin: string, config: Config): string {
  const curl = `curl -s -X POST ${origin}${LOOKUP_PATH} -H 'Content-Type: application/json' -d '{"attendeeJoinUrl":"https://mtest.qsh1.cn/k/mkIW3Txa0Uk"}'`
  // The store's URL without its password.
  const shared = config.redis ? `, shared state ${config.redis.display}` : ''
  return `Joinlink ready on ${origin} (${runtime}, source ${config.source}, ${config.public ? 'public' : 'keys required'}${shared}; docs ${origin}/docs) — try: ${curl}`
}
