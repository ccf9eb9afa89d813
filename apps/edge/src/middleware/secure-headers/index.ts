/**
 * The headers hono/secure-headers sets with its defaults, in its order, computed once: the same
 * names and values, without its per-request work. `crossOriginResourcePolicy` is the one that
 * depends on the configuration (`cross-origin` when CORS is on).
 */
export function secureHeaderSet(
  crossOriginResourcePolicy: 'same-origin' | 'cross-origin',
): Readonly<Record<string, string>> {
  return Object.freeze({
    'Cross-Origin-Resource-Policy': crossOriginResourcePolicy,
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Origin-Agent-Cluster': '?1',
    'Referrer-Policy': 'no-referrer',
    'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
    'X-DNS-Prefetch-Control': 'off',
    'X-Download-Options': 'noopen',
    'X-Frame-Options': 'SAMEORIGIN',
    'X-Permitted-Cross-Domain-Policies': 'none',
    'X-XSS-Protection': '0',
  })
}
