import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { lineIndex } from './lines.ts'

const yaml = [
  'openapi: 3.1.0',
  'paths:',
  '  /a~b/c:',
  '    get:',
  '      tags:',
  '        - x',
  '        - y',
  'components:',
  '  schemas:',
  '    T:',
  '      properties:',
  '        title: {type: string}',
  '',
].join('\n')

describe('lineIndex', () => {
  const lineOf = lineIndex(yaml)
  it.each([
    ['', 1],
    ['/openapi', 1],
    ['/paths', 2],
    ['/paths/~1a~0b~1c', 3],
    ['/paths/~1a~0b~1c/get/tags/1', 7],
    ['/components/schemas/T/properties/title', 12],
    ['/components/schemas/T/properties/missing', 11],
  ])('%s → line %i', (pointer, line) => expect(lineOf(pointer)).toBe(line))

  it('finds pcode1 in the real spec on the line that names it', () => {
    const text = readFileSync(new URL('../../../spec/openapi.yaml', import.meta.url), 'utf8')
    const line = lineIndex(text)('/components/schemas/Conference/properties/pcode1')
    expect(text.split('\n')[line - 1]).toMatch(/^\s+pcode1:/)
  })
})
