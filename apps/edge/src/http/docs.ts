// The /docs page: Scalar's API reference (@scalar/api-reference, its standalone browser bundle)
// over this server's own /openapi.json, served from this origin only — no CDN, no fonts, no proxy,
// no telemetry — under a strict CSP: scripts and styles from 'self' plus one per-request nonce for
// the two inline snippets and the stylesheets Scalar injects (it reads the nonce from
// <meta property="csp-nonce">); inline style attributes only are allowed (see the CSP below).

/** The pinned @scalar/api-reference version; test/docs.test.ts checks it against the installed one. */
export const SCALAR_VERSION = '1.76.0'

/** Where the bundle is served; the version in the path lets it be cached for a year. */
export const SCALAR_PATH = `/docs/scalar-${SCALAR_VERSION}.js`

/** The bundle is immutable under its versioned path. */
export const SCALAR_CACHE_CONTROL = 'public, max-age=31536000, immutable'

/**
 * Scalar's configuration. Everything that would reach beyond this origin is off: telemetry, the
 * default fonts (a CDN), the request proxy (none set: "try it" calls this server directly), the
 * agent and MCP integrations, the developer toolbar and the "open API client" button.
 */
const CONFIG = {
  url: '/openapi.json',
  withDefaultFonts: false,
  telemetry: false,
  hideClientButton: true,
  showDeveloperTools: 'never',
  agent: { disabled: true },
  mcp: { disabled: true },
  defaultOpenAllTags: true,
  showOperationId: true,
}

// Runs before Scalar. (1) Its bundled zod probes `Function('')` once, which a CSP without
// 'unsafe-eval' reports as a violation; zod's global switch turns the probe off (it then validates
// without eval). (2) Scalar inserts a few <style> elements from script (its theme, its toasts) with
// no nonce: the page's nonce goes on each <style> inserted through the DOM, so style-src needs no
// 'unsafe-inline'; a <style> in markup parsed from the spec (rendered Markdown) stays blocked.
const PRELUDE = `globalThis.__zod_globalConfig = { jitless: true };
(() => {
  const nonce = document.querySelector('meta[property=csp-nonce]').content
  const stamp = (node) => { if (node instanceof HTMLStyleElement && !node.nonce) node.nonce = nonce; return node }
  for (const name of ['appendChild', 'insertBefore']) {
    const insert = Node.prototype[name]
    Node.prototype[name] = function (node, ...rest) { return insert.call(this, stamp(node), ...rest) }
  }
})()`
// "Try it" goes to the origin the page came from, whatever host or port it is served on.
const START = `Scalar.createApiReference('#app', Object.assign(${JSON.stringify(CONFIG)}, { servers: [{ url: location.origin, description: 'This server' }] }))`

/** `text` gzipped on first call and kept: Scalar's bundle is 4.6 MiB, 1.3 MiB gzipped. */
export function gzipOnce(text: string): () => Promise<ArrayBuffer> {
  let gzipped: Promise<ArrayBuffer> | undefined
  return () => {
    gzipped ??= new Response(
      new Blob([text]).stream().pipeThrough(new CompressionStream('gzip')),
    ).arrayBuffer()
    return gzipped
  }
}

/** A fresh nonce per page: 16 random bytes, base64. */
function nonce(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes))
}

/** The /docs page and the Content-Security-Policy that must go with it. */
export function docsPage(): { html: string; csp: string } {
  const n = nonce()
  const html = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Joinlink API reference</title><link rel="icon" href="data:,"><meta property="csp-nonce" content="${n}">
</head><body><div id="app"></div>
<script nonce="${n}">${PRELUDE}</script>
<script src="${SCALAR_PATH}"></script>
<script nonce="${n}">${START}</script>
</body></html>`
  const csp = [
    "default-src 'none'",
    `script-src 'self' 'nonce-${n}'`,
    `style-src 'self' 'nonce-${n}'`,
    // Style attributes only (no script can run from one): Scalar's highlighted code samples carry
    // them in the HTML it builds (`style="--line-count: 6"`).
    "style-src-attr 'unsafe-inline'",
    "connect-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ')
  return { html, csp }
}
