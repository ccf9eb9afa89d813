// /docs in headless Chromium against the running Node server: the operation is listed, and the
// page's "Try it" reaches this server and shows the seed conference — with nothing fetched from
// anywhere but 127.0.0.1.
import { existsSync } from 'node:fs'
import { SUITE_ENV } from '@joinlink/test-kit/contract'
import { type Browser, chromium } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildEdge, type NodeServer, startNodeServer } from './support/node-server.ts'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SCREENSHOT = process.env.DOCS_SCREENSHOT ?? '/tmp/docs.png'

let server: NodeServer | undefined
let browser: Browser | undefined

// Checked in the test itself, so a machine without Chromium fails the test (never skips it).
const missingChromium = existsSync(CHROMIUM)
  ? undefined
  : `Chromium not found at ${CHROMIUM}. Install it with: apt-get update && apt-get install -y chromium ` +
    '(or set CHROMIUM_PATH to a Chromium binary).'

beforeAll(async () => {
  if (missingChromium) return
  buildEdge()
  server = await startNodeServer({ ...SUITE_ENV })
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

describe('/docs in headless Chromium', () => {
  it('lists the operation; "Send" reaches this server and shows the seed conference; nothing leaves 127.0.0.1', async () => {
    if (missingChromium) throw new Error(missingChromium)
    if (!browser || !server) throw new Error('setup failed: no browser or server')
    const origin = new URL(server.url).origin
    const page = await browser.newPage()
    const requested: string[] = []
    const errors: string[] = []
    page.on('request', (request) => requested.push(request.url()))
    page.on('pageerror', (error) => errors.push(error.message))
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text())
    })
    try {
      await page.goto(`${server.url}/docs`, { waitUntil: 'load', timeout: 15_000 })
      const operation = page.locator('#getConferenceByAttendeeJoinUrl')
      await operation.waitFor({ timeout: 10_000 })
      expect(await operation.textContent()).toContain(
        '/confopenapi/conference/getConferenceByAttendeeJoinUrl',
      )
      expect(await page.inputValue('#try-body')).toContain('https://mtest.qsh1.cn/k/mkIW3Txa0Uk')
      await page.click('#try-send')
      const result = page.locator('#try-result')
      await expect.poll(() => result.textContent(), { timeout: 10_000 }).toMatch(/^200\b/)
      expect(await result.textContent()).toContain('239719428')
      await page.screenshot({ path: SCREENSHOT, fullPage: false })
      expect(errors, 'page errors').toEqual([])
      expect(requested.length).toBeGreaterThanOrEqual(3)
      expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([])
    } finally {
      await page.close()
    }
  })
})
