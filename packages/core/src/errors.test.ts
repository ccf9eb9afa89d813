import { ERRORS, ErrorCode, type ErrorCodeName } from '@joinlink/validation/facts'
import { describe, expect, it } from 'vitest'
import { errorMessage, LookupError, lookupError } from './errors.ts'

describe('the error catalogue', () => {
  const names = Object.keys(ErrorCode) as ErrorCodeName[]

  it.each(names)('%s: its status is its first three digits and its template fills completely', (name) => {
    const code = ErrorCode[name]
    expect(ERRORS[code].status).toBe(Math.floor(code / 100))
    const placeholders = [...ERRORS[code].message.matchAll(/\{([a-z_]+)\}/g)].map((m) => m[1] as string)
    const params = Object.fromEntries(placeholders.map((key) => [key, `<${key}>`]))
    const message = errorMessage(name, params as never)
    expect(message).not.toMatch(/\{[a-z_]+\}/)
    for (const key of placeholders) expect(message).toContain(`<${key}>`)
  })

  it('fills a template and keeps literal JSON braces', () => {
    expect(errorMessage('NOT_FOUND', { link: 'https://s.qsh1.cn/k/abcdef' })).toBe(
      'No conference was found for the join link https://s.qsh1.cn/k/abcdef. Check the link in the invitation.',
    )
    expect(errorMessage('MALFORMED_JSON', { reason: 'The body is empty' })).toBe(
      'The body is empty. Send {"attendeeJoinUrl": "<link>"}.',
    )
  })

  it('lookupError carries code, status, retry-after and extra headers', () => {
    const error = lookupError('RATE_LIMITED', { limit: 10, retry_after: 7 }, { retryAfterS: 7 })
    expect(error).toBeInstanceOf(LookupError)
    expect(error).toMatchObject({ code: 42901, httpStatus: 429, retryAfterS: 7 })
    expect(error.message).toBe('Too many requests: at most 10 a minute per client. Try again in 7 s.')
    expect(
      lookupError(
        'METHOD_NOT_ALLOWED',
        { path: '/x', method: 'GET', allow: 'POST' },
        { headers: { Allow: 'POST' } },
      ).headers,
    ).toEqual({
      Allow: 'POST',
    })
  })
})
