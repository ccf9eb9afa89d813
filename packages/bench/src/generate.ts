// Writes N conferences as NDJSON, derived from the embedded dataset with unique short codes.
// Usage: node src/generate.ts <N> <out.ndjson>
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { Conference } from '@joinlink/types'
import { DEFAULT_ALLOWED_HOSTS, normalizeJoinUrl } from '@joinlink/validation'
import { dataset } from '@joinlink/validation/fixtures'

/** Records over this many bytes of JSON (the 100-attendee crowd) would make 10⁶ of them gigabytes. */
const MAX_TEMPLATE_BYTES = 4096

const templates = dataset.filter((c) => JSON.stringify(c).length <= MAX_TEMPLATE_BYTES)

/** The i-th generated short code: `jl` and eight base-36 digits, unique for i < 36⁸. */
export const codeFor = (i: number): string => `jl${i.toString(36).padStart(8, '0')}`

/** The i-th generated conference: template i mod T, with its own code, links and id. */
export function generatedConference(i: number): Conference {
  const template = templates[i % templates.length] as Conference
  const parsed = normalizeJoinUrl(template.attendeeJoinUrl, DEFAULT_ALLOWED_HOSTS)
  const host = parsed.ok ? new URL(parsed.canonicalUrl).host : 'mtest.qsh1.cn'
  const link = `https://${host}/k/${codeFor(i)}`
  return {
    ...template,
    conferenceId: String(100_000_000 + i),
    attendeeJoinUrl: link,
    webRTCUrl: `${link}?priority=web`,
  }
}

/** Writes `n` generated conferences to `path`, one JSON object a line; resolves to the bytes written. */
export async function writeDataset(n: number, path: string): Promise<number> {
  const out = createWriteStream(path)
  let bytes = 0
  let chunk = ''
  for (let i = 0; i < n; i++) {
    chunk += `${JSON.stringify(generatedConference(i))}\n`
    if (chunk.length > 1 << 20 || i === n - 1) {
      bytes += Buffer.byteLength(chunk)
      if (!out.write(chunk)) await once(out, 'drain')
      chunk = ''
    }
  }
  out.end()
  await once(out, 'finish')
  return bytes
}

if (import.meta.main) {
  const [n, path] = process.argv.slice(2)
  if (!n || !path || !(Number(n) > 0)) {
    console.error('Usage: node src/generate.ts <N> <out.ndjson>')
    process.exit(2)
  }
  const bytes = await writeDataset(Number(n), path)
  console.log(`wrote ${n} conferences (${bytes} bytes) to ${path}`)
}
