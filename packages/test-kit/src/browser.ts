// Headless Chromium for browser tests (the edge's /docs page, the client in a page of another
// origin), with nothing outside npm: @sparticuz/chromium ships the binary inside its package
// (unpacked into the temp directory on first use) and playwright-core drives it. No apt, no
// browser download; the flags keep the browser itself off the network.
import { existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import sparticuz from '@sparticuz/chromium'
import { type Browser, chromium } from 'playwright-core'

/**
 * Flags of @sparticuz/chromium's serverless set that would weaken what a test checks (same-origin
 * policy, mixed content), or that only its AWS Lambda sandbox needs.
 */
const DROPPED = new Set([
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--single-process',
])

/** Nothing the browser does by itself may reach the network (updates, sync, field trials…). */
const OFFLINE = [
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-breakpad',
  '--disable-quic',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-pings',
  '--no-service-autorun',
]

/**
 * Launches headless Chromium from @sparticuz/chromium. Fonts: the system's when it has fontconfig,
 * else the package's own (Open Sans), so a bare machine renders text too.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await sparticuz.executablePath()
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value
  if (!existsSync('/etc/fonts/fonts.conf')) env.FONTCONFIG_PATH = join(tmpdir(), 'fonts')
  return chromium.launch({
    executablePath,
    args: [...sparticuz.args.filter((flag) => !DROPPED.has(flag)), ...OFFLINE],
    headless: true,
    env,
    timeout: 60_000,
  })
}
