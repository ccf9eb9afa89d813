/**
 * Milliseconds to wait from a `Retry-After` header (RFC 9110 §10.2.3), as `Headers.get` returns it
 * (trimmed): delay-seconds (`"12"`, a non-negative integer) or an HTTP-date. `undefined` when absent or unreadable — fractions
 * (`"1.5"`), negatives (`"-1"`) and garbage alike; a date in the past gives 0.
 *
 * @example
 * ```ts
 * parseRetryAfter('3') // 3000
 * parseRetryAfter('Wed, 21 Oct 2015 07:28:00 GMT', Date.now()) // 0 (long past)
 * ```
 */
export function parseRetryAfter(
  value: string | null | undefined,
  now: number = Date.now(),
): number | undefined {
  // Every HTTP-date form starts with a day name; V8 would otherwise read "-1" or "1.5" as dates.
  const ms = /^\d+$/.test(value as string)
    ? +(value as string) * 1000
    : /^[a-z]/i.test(value as string)
      ? Date.parse(value as string) - now
      : undefined
  // NaN (a day name followed by nonsense) is neither below nor at-or-above 0.
  return (ms as number) < 0 ? 0 : (ms as number) >= 0 ? ms : undefined
}
