// Checks on settings that would parse but could never work; messages never echo a secret.

/**
 * What is wrong with the upstream base URL, or undefined. Never echoes the value: a URL with
 * `user:password@` holds a credential, and one that does not parse may hold anything.
 */
export function checkUpstreamUrl(url: string): string | undefined {
  // Checked on the raw text first, so even a URL that does not parse is never echoed with its userinfo.
  // Also without "//" (`admin:secret@host` would parse with `admin:` as its scheme).
  if (/^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url) || /^[^/?#]*@/.test(url))
    return 'must not carry user:password@ (a credential in a URL ends up in logs); send the vendor token in JOINLINK_UPSTREAM_TOKEN'
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return 'is not a URL; set it to the vendor API base URL, e.g. https://openapi.example.com'
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    return `must be an http(s) URL, not ${parsed.protocol}; e.g. https://openapi.example.com`
  if (!parsed.hostname) return 'has no host; e.g. https://openapi.example.com'
  if (parsed.search || parsed.hash || url.includes('?') || url.includes('#'))
    return 'must be a base URL without a query or fragment (the path comes from JOINLINK_UPSTREAM_PATH)'
  if (/\s/.test(url)) return 'must not contain spaces'
  return undefined
}

/**
 * What is wrong with the vendor token, or undefined. A header value must be Latin-1 without
 * control characters, or every vendor call would fail at run time; the value is never echoed.
 */
export function checkToken(token: string): string | undefined {
  // C0 controls, DEL and C1 controls: a newline or NUL here is a mangled secret, never a token.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
  if (/[\x00-\x1f\x7f-\x9f]/.test(token))
    return 'holds a control character (a newline, tab or NUL inside the value?); set it to the token alone'
  if ([...token].some((char) => (char.codePointAt(0) ?? 0) > 0xff))
    return 'holds a character outside Latin-1, which an HTTP header cannot carry; check the value was copied whole'
  return undefined
}

const HOST_NAME =
  /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/

/** A DNS host name in lower case: labels of letters, digits and inner hyphens, no scheme, port or wildcard. */
export function isHostName(host: string): boolean {
  return HOST_NAME.test(host)
}
