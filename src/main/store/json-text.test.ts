/**
 * A JSON file's bytes as a one-byte text: parsed, it gives exactly what the decoded file gives,
 * whatever its characters, and bytes that are not UTF-8 read as Node decodes them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatJson } from './durable-json-file'
import { jsonTextOf } from './json-text'

const oneByte = (text: string): boolean => [...text].every((c) => c.charCodeAt(0) < 0x100)

describe('jsonTextOf', () => {
  it('reads a layer file of every kind of character to the same value, in one byte a character', () => {
    const value = {
      quote: { exact: '“Mark Rute”', prefix: 'said «', suffix: '» — NATO’s' },
      note: 'Kamala Harry 😀 for Kamala Harris; Ђорђе, 北约, العربية, naïve, \\u201c not an escape, "quoted" \\ and \n a line',
      'clé—ключ': ['é', 'ÿ', 'Ā', '\u07ff', '\u0800', '\uffff', '\u{10000}', '\u{10ffff}'],
    }
    const bytes = Buffer.from(formatJson(value))
    const text = jsonTextOf(bytes)
    expect(oneByte(text)).toBe(true)
    expect(JSON.parse(text)).toStrictEqual(value)
  })

  it('gives what the decoded text gives for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), (value) => {
        const bytes = Buffer.from(formatJson(value))
        const text = jsonTextOf(bytes)
        expect(oneByte(text)).toBe(true)
        expect(JSON.parse(text)).toStrictEqual(JSON.parse(bytes.toString('utf8')))
      }),
    )
  })

  it('reads a view into a larger buffer from its own start', () => {
    const whole = Buffer.from('xx{"a":"“b”"}yy')
    expect(JSON.parse(jsonTextOf(whole.subarray(2, whole.length - 2)))).toStrictEqual({ a: '“b”' })
  })

  it('decodes bytes that are not UTF-8 as Node does: replacement characters', () => {
    const cases = [
      [0x80], // a lone continuation byte
      [0xc0, 0xaf], // an overlong "/"
      [0xe0, 0x80, 0xaf], // another
      [0xed, 0xa0, 0x80], // a surrogate, encoded
      [0xe2, 0x80], // a sequence cut short
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xf5, 0x80, 0x80, 0x80],
      [0xff],
    ]
    for (const inside of cases) {
      const bytes = Buffer.concat([Buffer.from('{"a":"“'), Buffer.from(inside), Buffer.from('”"}')])
      expect(JSON.parse(jsonTextOf(bytes))).toStrictEqual(JSON.parse(bytes.toString('utf8')))
    }
  })

  it('reads a file larger than the buffer it kept from the last one', () => {
    const value = { notes: Array.from({ length: 20_000 }, (_, i) => `“${i}” 😀`) }
    expect(JSON.parse(jsonTextOf(Buffer.from(formatJson({ small: '“a”' }))))).toStrictEqual({ small: '“a”' })
    expect(JSON.parse(jsonTextOf(Buffer.from(formatJson(value))))).toStrictEqual(value)
  })
})
