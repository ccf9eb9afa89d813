import { describe, expect, it } from 'vitest'
import { ConfigError } from '../config/config.ts'
import { fixedToken, tokenFromFile } from './upstream-token.ts'

/** A file system of one file whose content the test changes; counts reads. */
function fakeFile(initial: string | Error) {
  const file = { content: initial as string | Error, reads: 0 }
  const read = async (_path: string) => {
    file.reads++
    if (file.content instanceof Error) throw file.content
    return file.content
  }
  return { file, read }
}

const enoent = () =>
  Object.assign(new Error('ENOENT: no such file, open /run/secrets/token'), { code: 'ENOENT' })

describe('tokenFromFile', () => {
  it('reads once at start-up, trims the trailing newline, and re-reads only once the check interval passed', async () => {
    let now = 0
    const { file, read } = fakeFile('tok-one\n')
    const tokens = await tokenFromFile({ path: '/run/secrets/token', read, checkMs: 10_000, now: () => now })
    expect(await tokens.current()).toBe('tok-one')
    file.content = 'tok-two'
    now = 9_999
    expect(await tokens.current()).toBe('tok-one')
    now = 10_000
    expect(await tokens.current()).toBe('tok-two')
    expect(file.reads).toBe(2)
  })

  it('reload after a refusal reads at once: true when the file holds another token, false when not', async () => {
    const { file, read } = fakeFile('tok-one')
    const lines: string[] = []
    const tokens = await tokenFromFile({
      path: '/run/secrets/token',
      read,
      checkMs: 3_600_000,
      log: (msg) => lines.push(msg),
    })
    expect(await tokens.reload('tok-one')).toBe(false)
    file.content = 'tok-two'
    expect(await tokens.reload('tok-one')).toBe(true)
    expect(await tokens.current()).toBe('tok-two')
    expect(lines).toEqual(['upstream token reloaded'])
  })

  it('concurrent refusals share one read', async () => {
    const { file, read } = fakeFile('tok-one')
    const tokens = await tokenFromFile({ path: '/t', read, checkMs: 3_600_000 })
    file.content = 'tok-two'
    const reloaded = await Promise.all(Array.from({ length: 50 }, () => tokens.reload('tok-one')))
    expect(reloaded.every(Boolean)).toBe(true)
    expect(file.reads).toBe(2)
  })

  it('a file that cannot be read later keeps the last token and logs why, never the token', async () => {
    const { file, read } = fakeFile('tok-SECRET-1')
    const lines: string[] = []
    const tokens = await tokenFromFile({
      path: '/t',
      read,
      checkMs: 3_600_000,
      log: (msg, fields) => lines.push(JSON.stringify({ msg, ...fields })),
    })
    file.content = enoent()
    expect(await tokens.reload('tok-SECRET-1')).toBe(false)
    file.content = 'bad token with spaces'
    expect(await tokens.reload('tok-SECRET-1')).toBe(false)
    expect(await tokens.current()).toBe('tok-SECRET-1')
    expect(lines).toHaveLength(2)
    expect(lines[0]).toContain('ENOENT')
    for (const line of lines) expect(line).not.toMatch(/SECRET|spaces/)
  })

  it.each([
    ['missing', enoent(), 'cannot read the file (ENOENT)'],
    ['empty', '\n', 'the file is empty'],
    ['two lines', 'tok-a\ntok-b', 'a control character'],
    ['non-Latin-1', 'tok-令牌', 'outside Latin-1'],
  ])(
    'start-up refuses a %s file, naming the variable and the file, not the content',
    async (_name, content, message) => {
      const { read } = fakeFile(content)
      const error = await tokenFromFile({ path: '/run/secrets/token', read, checkMs: 1000 }).catch(
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).message).toContain('JOINLINK_UPSTREAM_TOKEN_FILE=/run/secrets/token')
      expect((error as ConfigError).message).toContain(message)
      if (typeof content === 'string' && content.trim())
        expect((error as ConfigError).message).not.toContain('tok-')
    },
  )
})

describe('fixedToken', () => {
  it('never reloads', async () => {
    const tokens = fixedToken('tok')
    expect([await tokens.current(), await tokens.reload('tok')]).toEqual(['tok', false])
  })
})
