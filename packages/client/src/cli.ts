#!/usr/bin/env node
/// <reference types="node" />
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { createJoinlinkClient } from './client.ts'
import { JoinlinkError } from './errors.ts'
import { formatConference } from './format.ts'

const HELP = `Usage: joinlink-lookup <link> [options]

Looks up the conference an attendee join link belongs to and prints a summary.

Arguments:
  <link>             the attendee join link, e.g. https://mtest.qsh1.cn/k/mkIW3Txa0Uk

Options:
  --base-url URL     the Joinlink server (default: $JOINLINK_BASE_URL, else http://127.0.0.1:8787)
  --api-key KEY      an edge API key, sent as Authorization: Bearer KEY (default: $JOINLINK_API_KEY)
  --json             print the whole JSON envelope instead of the summary
  -v, --version      print the version of @joinlink/client
  -h, --help         show this help

Exit status: 0 on success, 1 when the lookup fails (printed as "error <kind>: <message>"), 2 on bad usage.`

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parse>
  try {
    parsed = parse(argv)
  } catch (error) {
    console.error(`error usage: ${(error as Error).message}\n\n${HELP}`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    console.log(HELP)
    return 0
  }
  if (values.version) {
    console.log(version())
    return 0
  }
  const [link, ...extra] = positionals
  if (link === undefined || extra.length > 0) {
    console.error(`error usage: give exactly one join link\n\n${HELP}`)
    return 2
  }
  try {
    const apiKey = values['api-key'] ?? process.env.JOINLINK_API_KEY
    const client = createJoinlinkClient({
      baseUrl: values['base-url'] ?? process.env.JOINLINK_BASE_URL ?? 'http://127.0.0.1:8787',
      ...(apiKey && { apiKey }),
    })
    const envelope = await client.lookup(link)
    const conference = envelope.result[0]
    console.log(values.json || !conference ? JSON.stringify(envelope, null, 2) : formatConference(conference))
    return 0
  } catch (error) {
    if (error instanceof JoinlinkError) {
      const id = error.requestId ? ` (request id ${error.requestId})` : ''
      console.error(`error ${error.kind}: ${error.message}${id}`)
    } else console.error(`error unexpected: ${error instanceof Error ? error.message : String(error)}`)
    return 1
  }
}

function parse(argv: string[]) {
  return parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'base-url': { type: 'string' },
      'api-key': { type: 'string' },
      json: { type: 'boolean' },
      version: { type: 'boolean', short: 'v' },
      help: { type: 'boolean', short: 'h' },
    },
  })
}

/** The package's own version: package.json sits one level above both src/ and dist/. */
function version(): string {
  const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'))
  return `${name} ${version}`
}

process.exitCode = await main(process.argv.slice(2))
