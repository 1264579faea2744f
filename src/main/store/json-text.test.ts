/**
 * A JSON file's bytes as a one-byte text: parsed, it gives exactly what the decoded file gives,
 * whatever its characters, and bytes that are not UTF-8 read as Node decodes them.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { formatJson } from './durable-json-file'
import { jsonTextOf } from './json-text'

const oneByte = (text: string): boolean => [...text].every((c) => c.charCodeAt(0) < 0x100)
/** A text with each character beyond Latin-1 written as its JSON escape. */
const escaped = (text: string): string => text.replace(/[\u0100-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

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
      [0xf0, 0x8f, 0xbf, 0xbf], // an overlong U+FFFF
      [0xed, 0xa0, 0x80], // a surrogate, encoded
      [0xe2, 0x80], // a sequence cut short
      [0xf0, 0x9f, 0x98], // another
      [0xf4, 0x90, 0x80, 0x80], // past U+10FFFF
      [0xf5, 0x80, 0x80, 0x80],
      [0xff],
    ]
    for (const inside of cases) {
      const bytes = Buffer.concat([Buffer.from('{"a":"“'), Buffer.from(inside), Buffer.from('”"}')])
      expect(jsonTextOf(bytes)).toBe(escaped(bytes.toString('utf8')))
      expect(JSON.parse(jsonTextOf(bytes))).toStrictEqual(JSON.parse(bytes.toString('utf8')))
      // and at the very end of the bytes, where a sequence may be cut short by the end itself
      const last = Buffer.concat([Buffer.from('"“'), Buffer.from(inside)])
      expect(jsonTextOf(last)).toBe(escaped(last.toString('utf8')))
    }
  })

  it('reads every character of the first two planes, one, two, three and four bytes long', () => {
    const points = [0x7f, 0x80, 0xa0, 0xe9, 0xff, 0x100, 0x3a9, 0x7ff, 0x800, 0x201c, 0xd7ff, 0xe000, 0xfeff, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff]
    const value = points.map((point) => String.fromCodePoint(point))
    expect(JSON.parse(jsonTextOf(Buffer.from(JSON.stringify(value))))).toStrictEqual(value)
  })

  it('reads runs of every length, more different ones than it remembers, the same before and after', () => {
    const word = (i: number): string => [...String(i)].map((d) => String.fromCharCode(0x430 + Number(d))).join('')
    const small = { small: '“a”' }
    const words = { words: Array.from({ length: 6_000 }, (_, i) => `${word(i)} “${i}” 😀`) } // more than the 4,096 runs remembered
    const long = { long: 'Ђорђе—北约—العربية'.repeat(50) } // one run of 1,350 bytes, longer than any remembered
    for (const value of [small, words, long, small, words]) {
      const text = jsonTextOf(Buffer.from(formatJson(value)))
      expect(oneByte(text)).toBe(true)
      expect(JSON.parse(text)).toStrictEqual(value)
    }
  })
})
