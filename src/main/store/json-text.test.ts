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

  it('reads a view at any offset from a four-byte boundary, whatever its length (it scans four bytes at a time where they are aligned)', () => {
    fc.assert(
      fc.property(fc.jsonValue({ stringUnit: 'binary' }), fc.integer({ min: 0, max: 7 }), (value, offset) => {
        const bytes = Buffer.from(formatJson(value))
        const whole = new Uint8Array(new ArrayBuffer(offset + bytes.length + 3))
        whole.set(bytes, offset)
        const text = jsonTextOf(whole.subarray(offset, offset + bytes.length))
        expect(oneByte(text)).toBe(true)
        expect(JSON.parse(text)).toStrictEqual(JSON.parse(bytes.toString('utf8')))
      }),
    )
    // runs of ASCII that end on, before and after a word's boundary, in views too short to hold a word
    for (let length = 0; length <= 12; length++) {
      for (let at = 0; at <= length; at++) {
        const bytes = Buffer.from(`${'a'.repeat(at)}é${'b'.repeat(length - at)}`)
        for (let offset = 0; offset < 4; offset++) {
          const whole = new Uint8Array(offset + bytes.length)
          whole.set(bytes, offset)
          expect(jsonTextOf(whole.subarray(offset))).toBe(bytes.toString('utf8')) // é is Latin-1: one byte in the text too
        }
      }
    }
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
      expect(jsonTextOf(bytes)).toBe(bytes.toString('utf8'))
      // and at the very end of the bytes, where a sequence may be cut short by the end itself
      const last = Buffer.concat([Buffer.from('"“'), Buffer.from(inside)])
      expect(jsonTextOf(last)).toBe(last.toString('utf8'))
    }
  })

  it('reads every character of the first two planes, one, two, three and four bytes long', () => {
    const points = [0x7f, 0x80, 0xa0, 0xe9, 0xff, 0x100, 0x3a9, 0x7ff, 0x800, 0x201c, 0xd7ff, 0xe000, 0xfeff, 0xfffd, 0xffff, 0x10000, 0x1f600, 0x10ffff]
    const value = points.map((point) => String.fromCodePoint(point))
    expect(JSON.parse(jsonTextOf(Buffer.from(JSON.stringify(value))))).toStrictEqual(value)
  })

  it('reads a file larger than the buffer it kept from the last one, and one larger than it keeps, then a small one again', () => {
    const small = { small: '“a”' }
    const larger = { notes: Array.from({ length: 20_000 }, (_, i) => `“${i}” 😀`) }
    const largest = { notes: Array.from({ length: 150_000 }, (_, i) => `“${i}” 😀`) } // over 1.4 MB: more than the kept buffer's third
    for (const value of [small, larger, largest, small, larger]) expect(JSON.parse(jsonTextOf(Buffer.from(formatJson(value))))).toStrictEqual(value)
  })
})
