/** What an inbound `X-Request-Id` may be to be echoed: short, and safe in a header and a log line. */
const SAFE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

/** The request id to answer with: the caller's `X-Request-Id` when it is safe, else a fresh UUID. */
export function requestIdFrom(inbound: string | null | undefined): string {
  return inbound && SAFE_REQUEST_ID.test(inbound) ? inbound : crypto.randomUUID()
}
