// Headless Chromium for browser tests (the edge's /docs page, the client in a page of another
// origin), with nothing outside npm: @sparticuz/chromium ships the binary inside its package
// (unpacked on first use into this package's node_modules/.cache/chromium, where it stays for the
// next run, rather than the temp directory) and playwright-core drives it. No apt, no browser
// download; the flags keep the browser itself off the network.
import { existsSync, mkdirSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
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

/** Where the browser is unpacked: a cache of this package, kept between runs. */
const CACHE = fileURLToPath(new URL('../node_modules/.cache/chromium', import.meta.url))

/**
 * One process unpacks at a time (a lock directory beside the cache): test runs of two packages
 * started together, and one launched the binary the other was still writing (spawn ETXTBSY). A lock
 * older than a minute is taken as left by a process that died.
 */
async function withUnpackLock<T>(unpack: () => Promise<T>): Promise<T> {
  const lock = `${CACHE}.lock`
  const deadline = Date.now() + 60_000
  for (;;) {
    try {
      mkdirSync(lock)
      break
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
      if (Date.now() > deadline) rmSync(lock, { recursive: true, force: true })
      else await new Promise((resolve) => setTimeout(resolve, 200))
    }
  }
  try {
    return await unpack()
  } finally {
    rmSync(lock, { recursive: true, force: true })
  }
}

/** @sparticuz/chromium unpacks into os.tmpdir(), which reads TMPDIR: point it at the cache meanwhile. */
async function unpackedChromium(): Promise<string> {
  mkdirSync(CACHE, { recursive: true })
  return withUnpackLock(unpackInto)
}

async function unpackInto(): Promise<string> {
  const tmp = process.env.TMPDIR
  process.env.TMPDIR = CACHE
  try {
    return await sparticuz.executablePath()
  } finally {
    if (tmp === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = tmp
  }
}

/**
 * Launches headless Chromium from @sparticuz/chromium. Fonts: the system's when it has fontconfig,
 * else the package's own (Open Sans), so a bare machine renders text too.
 */
export async function launchChromium(): Promise<Browser> {
  const executablePath = await unpackedChromium()
  const env: Record<string, string> = {}
  for (const [name, value] of Object.entries(process.env)) if (value !== undefined) env[name] = value
  if (!existsSync('/etc/fonts/fonts.conf')) env.FONTCONFIG_PATH = join(CACHE, 'fonts')
  return chromium.launch({
    executablePath,
    args: [...sparticuz.args.filter((flag) => !DROPPED.has(flag)), ...OFFLINE],
    headless: true,
    env,
    timeout: 60_000,
  })
}
