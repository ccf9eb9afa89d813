import { describe, expect, it } from 'vitest'
import { checksToRun, parseCli, UsageError } from './args.ts'

describe('parseCli', () => {
  it('reads every option', () => {
    expect(
      parseCli([
        '--base',
        'origin/main',
        '--seed',
        '42',
        '--count=50',
        '--only',
        'breaking,version',
        '--format',
        'sarif',
        '--write-changeset',
      ]),
    ).toEqual({
      help: false,
      format: 'sarif',
      writeChangeset: true,
      listRules: false,
      base: 'origin/main',
      seed: 42,
      count: 50,
      only: ['breaking', 'version'],
    })
    expect(parseCli(['-h']).help).toBe(true)
    expect(parseCli([]).format).toBe('markdown')
    expect(parseCli(['--list-rules']).listRules).toBe(true)
  })

  it.each([
    [['--bogus'], /Unknown option '--bogus'/],
    [['stray'], /positional/],
    [['--seed', 'x'], /--seed expects an integer/],
    [['--count=-1'], /--count expects an integer ≥ 0/],
    [['--only', 'lint,nope'], /unknown check\(s\) nope/],
    [['--base'], /argument missing|--base/],
    [['--format', 'xml'], /unknown format "xml"; choose from markdown, json, sarif, junit, github/],
  ])('refuses %j with a usage error', (argv, message) => {
    expect(() => parseCli(argv)).toThrow(UsageError)
    expect(() => parseCli(argv)).toThrow(message)
  })
})

describe('checksToRun', () => {
  it.each([
    [
      'everything by default',
      undefined,
      false,
      ['lint', 'generated', 'fixtures', 'conformance', 'breaking', 'version'],
    ],
    ['breaking and version only when writing a changeset', undefined, true, ['breaking', 'version']],
    ['what --only names, in the usual order', ['version', 'lint'], true, ['lint', 'version']],
  ] as const)('%s', (_name, only, write, expected) => {
    expect(checksToRun(only, write)).toEqual(expected)
  })
})
