// /docs (Scalar's API reference) in headless Chromium against the built Node server: the
// operation and every response the served spec documents are listed, Markdown is rendered, "Test
// Request" → "Send" reaches this server and shows the seed conference, nothing is fetched from
// anywhere but 127.0.0.1, and the page runs under its CSP with no violation.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { launchChromium } from '@joinlink/test-kit/browser'
import { SEED_LINK, SUITE_ENV } from '@joinlink/test-kit/contract'
import { LOOKUP_PATH } from '@joinlink/validation'
import { seedConference } from '@joinlink/validation/fixtures'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SCALAR_PATH, SCALAR_VERSION } from '../src/http/docs.ts'
import { buildEdge, type NodeServer, startNodeServer } from './support/node-server.ts'

/** Set to a path to save a 1280×800 PNG of the page (apps/edge/docs/scalar.png is made this way). */
const SCREENSHOT = process.env.DOCS_SCREENSHOT

interface Operation {
  summary: string
  description: string
  /** Each response with its description, `$ref`s to components.responses resolved. */
  responses: Record<string, { description: string }>
}

interface Spec {
  paths: Record<string, { post: Operation }>
  components: { responses: Record<string, { description: string }> }
}

type ResponseOrRef = { description: string } | { $ref: string }

/** The lookup operation in the spec, its responses' `$ref`s resolved. */
function lookupOperation(spec: Spec): Operation | undefined {
  const op = spec.paths[LOOKUP_PATH]?.post
  if (!op) return undefined
  const responses: Operation['responses'] = {}
  for (const [status, r] of Object.entries(op.responses as Record<string, ResponseOrRef>)) {
    const resolved = '$ref' in r ? spec.components.responses[r.$ref.split('/').pop() ?? ''] : r
    if (!resolved) throw new Error(`/openapi.json: response ${status} points nowhere`)
    responses[status] = resolved
  }
  return { ...op, responses }
}

let server: NodeServer | undefined
let browser: Browser | undefined
let page: Page | undefined
let origin = ''
let operation: Operation | undefined
/** Every URL the page asked for, and everything it reported as an error or CSP violation. */
const requested: string[] = []
const problems: string[] = []

/** The inline-code spans (`x`) in a Markdown text. */
const inlineCode = (markdown: string) => [...markdown.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] as string)

/** The element Scalar renders for the lookup operation (its ids end in `POST<path>`). */
const operationSection = (p: Page) => p.locator(`section[id$="/POST${LOOKUP_PATH}"]`).first()

beforeAll(async () => {
  buildEdge()
  server = await startNodeServer({ ...SUITE_ENV })
  origin = new URL(server.url).origin
  // The spec this server serves is what /docs must show (a deployment may serve its own).
  operation = lookupOperation((await (await fetch(`${origin}/openapi.json`)).json()) as Spec)
  browser = await launchChromium()
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } })
  // Off-origin requests are recorded and refused, so a leak fails the test without leaving.
  await page.route('**/*', (route) => {
    const url = route.request().url()
    requested.push(url)
    return new URL(url).origin === origin ? route.continue() : route.abort('blockedbyclient')
  })
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
  page.on('console', (message) => {
    if (message.type() === 'error' || message.text().startsWith('CSP violation'))
      problems.push(`console ${message.type()}: ${message.text()}`)
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.warn(
        `CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI} at ${event.sourceFile}:${event.lineNumber}`,
      )
    })
  })
  await page.goto(`${origin}/docs`, { waitUntil: 'load', timeout: 30_000 })
  // Scalar renders an operation below the fold as an empty placeholder (a div with the same id)
  // until it is scrolled to; the introduction (info.description) is long enough to put the
  // lookup there at 1280×800, so the test scrolls to it, as a reader would.
  await page.locator(`[id$="/POST${LOOKUP_PATH}"]`).first().scrollIntoViewIfNeeded({ timeout: 30_000 })
  await operationSection(page).waitFor({ timeout: 30_000 })
}, 180_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

function ready(): { page: Page; operation: Operation } {
  if (!page || !operation)
    throw new Error(`setup failed: no page, or no POST ${LOOKUP_PATH} in /openapi.json`)
  return { page, operation }
}

describe('/docs in headless Chromium (Scalar)', () => {
  it(`serves the pinned Scalar bundle at ${SCALAR_PATH}, cacheable for a year`, async () => {
    const installed = join(
      dirname(createRequire(import.meta.url).resolve('@scalar/api-reference')),
      '../package.json',
    )
    expect(JSON.parse(readFileSync(installed, 'utf8')).version, 'SCALAR_VERSION in src/http/docs.ts').toBe(
      SCALAR_VERSION,
    )
    const bundle = readFileSync(join(dirname(installed), 'dist/browser/standalone.js'), 'utf8')
    // Compressed at build time when the caller takes it (fetch inflates gzip and br), else plain.
    for (const encoding of ['br', 'gzip', 'identity']) {
      const res = await fetch(`${origin}${SCALAR_PATH}`, { headers: { 'accept-encoding': encoding } })
      expect(res.status, encoding).toBe(200)
      expect(res.headers.get('content-type'), encoding).toMatch(/^text\/javascript/)
      expect(res.headers.get('cache-control'), encoding).toMatch(/max-age=31536000/)
      expect(res.headers.get('content-encoding') ?? 'identity', encoding).toBe(encoding)
      expect((await res.text()) === bundle, `${encoding}: the package's standalone.js`).toBe(true)
      const etag = res.headers.get('etag') ?? ''
      const again = await fetch(`${origin}${SCALAR_PATH}`, {
        headers: { 'accept-encoding': encoding, 'if-none-match': etag },
      })
      expect([again.status, again.headers.get('etag')], encoding).toEqual([304, etag])
    }
  })

  it('lists the operation and every response the spec documents for it', async () => {
    const { page, operation } = ready()
    const statuses = Object.keys(operation.responses)
    expect(statuses.length, 'responses in /openapi.json').toBeGreaterThan(1)
    await expect.poll(() => operationSection(page).textContent()).toContain(operation.summary)
    for (const status of statuses) {
      const item = page.locator(`[id$="/POST${LOOKUP_PATH}.responses.${status}"]`)
      expect(await item.count(), `response ${status}`).toBe(1)
      expect(await item.textContent(), `response ${status}`).toContain(status)
    }
  })

  it('renders Markdown: inline code in descriptions is <code>, with no literal backticks', async () => {
    const { page, operation } = ready()
    const spans = [
      ...inlineCode(operation.description),
      ...Object.values(operation.responses).flatMap((r) => inlineCode(r.description)),
    ]
    expect(spans.length, 'inline code in the operation and response descriptions').toBeGreaterThan(0)
    // What a reader sees: closed drop-downs hold Scalar's own raw labels, which are not rendered.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is the point here
    const text = await operationSection(page).innerText()
    const codes = new Set(
      (await operationSection(page).locator('code').allTextContents()).map((t) => t.trim()),
    )
    for (const span of new Set(spans)) {
      expect(codes.has(span), `<code>${span}</code>`).toBe(true)
      expect(text, `literal \`${span}\``).not.toContain(`\`${span}\``)
    }
  })

  it('"Test Request" → "Send" calls this server with the seed link and shows the seed conference', async () => {
    const { page } = ready()
    await operationSection(page)
      .getByRole('button', { name: /Test Request/ })
      .click()
    const send = page.getByRole('button', { name: /^Send\b/ }).first()
    await send.waitFor({ timeout: 10_000 })
    const answered = page.waitForResponse(
      (res) => res.url() === `${origin}${LOOKUP_PATH}` && res.request().method() === 'POST',
      { timeout: 15_000 },
    )
    await send.click()
    const res = await answered
    expect(res.request().postDataJSON()).toEqual({ attendeeJoinUrl: SEED_LINK })
    expect(res.status()).toBe(200)
    const body = (await res.json()) as {
      request_id: string
      result: { conferenceId: string; title: string }[]
    }
    expect(body.result[0]?.conferenceId).toBe(seedConference.conferenceId)
    expect(body.result[0]?.title).toBe(seedConference.title)
    // The request id is new to this answer: seeing it proves the page shows this response.
    await expect
      .poll(() => page.locator('body').textContent(), { timeout: 10_000 })
      .toContain(body.request_id)
    if (SCREENSHOT) {
      await page.goto(`${origin}/docs`, { waitUntil: 'load' })
      await operationSection(page).waitFor()
      await operationSection(page).evaluate((el) => el.scrollIntoView())
      await page.screenshot({ path: SCREENSHOT })
    }
  })

  it('fetched nothing from anywhere but this server; no CSP violation or page error', () => {
    expect(requested.length).toBeGreaterThanOrEqual(3)
    expect(requested.filter((url) => new URL(url).origin !== origin)).toEqual([])
    expect(requested).toEqual(
      expect.arrayContaining([`${origin}/docs`, `${origin}${SCALAR_PATH}`, `${origin}/openapi.json`]),
    )
    expect(problems).toEqual([])
  })
})
