// pnpm data import <file.ndjson|file.json> [--out <file>]: validates a dataset and writes the
// on-disk index the edge serves with JOINLINK_DATA=<index file>. See apps/edge/README.md.
import { createReadStream } from 'node:fs'
import { parseArgs } from 'node:util'
import { parseConfig } from '../src/config/config.ts'
import { readDataset } from '../src/sources/fixtures.ts'
import { startupMessage } from '../src/sources/index.ts'
import { importDataset } from '../src/sources/sqlite.ts'

const USAGE = `Usage: pnpm data import <file.ndjson|file.json> [--out <index file>]
  Validates every record (the first bad one stops it, naming the file, line and field) and writes
  an index keyed by host and code (default: the file name with .sqlite). Serve it with
  JOINLINK_DATA=<index file>. JOINLINK_ALLOWED_HOSTS applies as it does at start-up.`

const { positionals, values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  allowPositionals: true,
  options: { out: { type: 'string' }, help: { type: 'boolean', default: false } },
})
const [command, file, ...extra] = positionals
if (values.help) {
  console.log(USAGE)
  process.exit(0)
}
if (command !== 'import' || !file || extra.length) {
  console.error(USAGE)
  process.exit(2)
}
const out = values.out ?? `${file.replace(/\.(ndjson|jsonl|json)$/i, '')}.sqlite`
if (out === file) {
  console.error(`--out ${out} is the input file; choose another name`)
  process.exit(2)
}
try {
  const { allowedHosts } = await parseConfig({ JOINLINK_ALLOWED_HOSTS: process.env.JOINLINK_ALLOWED_HOSTS })
  const started = performance.now()
  const chunks = createReadStream(file, { encoding: 'utf8' })
  const { records } = await importDataset(readDataset(chunks, file), file, out, allowedHosts)
  const seconds = ((performance.now() - started) / 1000).toFixed(1)
  console.log(
    `Imported ${records} conferences from ${file} into ${out} in ${seconds} s. Serve it with JOINLINK_DATA=${out}`,
  )
} catch (error) {
  const code = (error as NodeJS.ErrnoException).code
  console.error(code ? `${file}: cannot read the file (${code})` : startupMessage(error))
  process.exit(1)
}
