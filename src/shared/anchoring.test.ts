import { describe, expect, it } from 'vitest'
import { anchorQuote, OffsetConverter, quoteAt, snapToWords, spansAt, trimSpan } from './anchoring'

/** Code-point offsets the slow, obvious way, to check the converter against. */
const codePointsBefore = (text: string, utf16: number): number => Array.from(text.slice(0, utf16)).length

describe('OffsetConverter', () => {
  const text = 'a😀b 𝕏 "Kamala Harry"\r\nRutte 👍🏽 said\r\n'

  it('agrees with counting code points one by one at every boundary', () => {
    const converter = new OffsetConverter(text)
    expect(converter.codePointLength).toBe(Array.from(text).length)
    for (let utf16 = 0; utf16 <= text.length; utf16++) {
      const atPairMiddle = utf16 > 0 && /[\uDC00-\uDFFF]/.test(text[utf16] ?? '') && /[\uD800-\uDBFF]/.test(text[utf16 - 1] ?? '')
      if (atPairMiddle) continue
      const cp = converter.toCodePoints(utf16)
      expect(cp).toBe(codePointsBefore(text, utf16))
      expect(converter.toUtf16(cp)).toBe(utf16)
    }
  })

  it('counts an offset inside a surrogate pair as the pair’s start', () => {
    const converter = new OffsetConverter('😀x')
    expect(converter.toCodePoints(1)).toBe(0)
    expect(converter.toCodePoints(2)).toBe(1)
  })

  it('converts a span after emoji so that it still covers the same characters', () => {
    const converter = new OffsetConverter(text)
    const start = text.indexOf('Kamala Harry')
    const end = start + 'Kamala Harry'.length
    const [cpStart, cpEnd] = [converter.toCodePoints(start), converter.toCodePoints(end)]
    expect(Array.from(text).slice(cpStart, cpEnd).join('')).toBe('Kamala Harry')
    expect(cpStart).toBe(start - 2) // two astral characters before it
  })

  it('keeps CR and LF as characters of their own in both units', () => {
    const crlf = 'line one\r\nline two'
    const converter = new OffsetConverter(crlf)
    expect(converter.toCodePoints(crlf.indexOf('line two'))).toBe(10)
  })

  it('refuses offsets outside the text', () => {
    const converter = new OffsetConverter('abc')
    expect(() => converter.toCodePoints(4)).toThrow(RangeError)
    expect(() => converter.toUtf16(-1)).toThrow(RangeError)
  })
})

describe('snapToWords', () => {
  const text = 'Vice President Kamala Harry He said. Rutte’s “I’m not worried.” 👍🏽 NATO-led'

  it('widens a selection that cuts words to the whole words', () => {
    const start = text.indexOf('mala')
    const end = text.indexOf('Harry') + 2
    const span = snapToWords(text, { start, end })!
    expect(text.slice(span.start, span.end)).toBe('Kamala Harry')
  })

  it('keeps apostrophes and hyphens inside words', () => {
    const at = text.indexOf('tte’s')
    const span = snapToWords(text, { start: at, end: at + 1 })!
    expect(text.slice(span.start, span.end)).toBe('Rutte’s')
    const led = text.indexOf('led')
    const nato = snapToWords(text, { start: led, end: led + 1 })!
    expect(text.slice(nato.start, nato.end)).toBe('NATO-led')
  })

  it('trims white space and punctuation-free edges, and refuses blank selections', () => {
    const start = text.indexOf(' He said')
    const span = snapToWords(text, { start, end: start + ' He said'.length })!
    expect(text.slice(span.start, span.end)).toBe('He said')
    expect(snapToWords(text, { start: 4, end: 5 })).toBeNull()
    expect(snapToWords(text, { start: 3, end: 3 })).toBeNull()
  })

  it('does not split an emoji', () => {
    const at = text.indexOf('👍')
    const span = snapToWords(text, { start: at, end: at + 2 })!
    expect(text.slice(span.start, span.end)).toBe('👍')
  })

  it('trimSpan handles CRLF', () => {
    const crlf = 'a\r\n\r\nb'
    expect(trimSpan(crlf, { start: 1, end: 6 })).toEqual({ start: 5, end: 6 })
  })
})

describe('quoteAt and anchorQuote', () => {
  const text = 'Rutte said "I\'m not worried." Later Rutte said "I\'m not worried" again.'

  it('records the exact text with context, not splitting surrogate pairs', () => {
    const emoji = '😀😀😀 Kamala Harry 😀😀😀'
    const start = emoji.indexOf('Kamala')
    const quote = quoteAt(emoji, start, start + 12, 3)
    expect(quote.exact).toBe('Kamala Harry')
    expect(quote.prefix).toBe('😀 ')
    expect(quote.suffix).toBe(' 😀')
  })

  it('keeps the recorded offsets when the text there matches', () => {
    const start = text.lastIndexOf("I'm not worried")
    const quote = quoteAt(text, start, start + 15)
    expect(anchorQuote(text, quote, { start, end: start + 15 })).toEqual({ start, end: start + 15 })
  })

  it('re-anchors by context when the offsets are off, choosing the right occurrence', () => {
    const start = text.lastIndexOf("I'm not worried")
    const quote = quoteAt(text, start, start + 15)
    const shifted = `Breaking: ${text}`
    const span = anchorQuote(shifted, quote, { start, end: start + 15 })!
    expect(span.start).toBe(start + 'Breaking: '.length)
    expect(anchorQuote(shifted, { exact: 'Kamala Harris', prefix: '', suffix: '' })).toBeNull()
  })
})

describe('spansAt', () => {
  it('returns overlapping and nested spans, innermost first', () => {
    const spans = [
      { id: 'outer', start: 0, end: 20 },
      { id: 'inner', start: 5, end: 9 },
      { id: 'overlap', start: 8, end: 14 },
    ]
    expect(spansAt(spans, 8).map((s) => s.id)).toEqual(['inner', 'overlap', 'outer'])
    expect(spansAt(spans, 12).map((s) => s.id)).toEqual(['overlap', 'outer'])
    expect(spansAt(spans, 20)).toEqual([])
  })
})
