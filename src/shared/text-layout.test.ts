import { describe, expect, it } from 'vitest'
import { splitLines, type TextLine } from './text-layout'

const slices = (text: string, lines: TextLine[]): string[] => lines.map((line) => text.slice(line.start, line.end))

/** The text between one line's end and the next line's start: the line break that was left out. */
const breaks = (text: string, lines: TextLine[]): string[] => lines.slice(1).map((line, i) => text.slice(lines[i]!.end, line.start))

describe('splitLines', () => {
  it.each([
    ['LF', 'one\ntwo\nthree', ['one', 'two', 'three'], ['\n', '\n']],
    ['CRLF', 'one\r\ntwo\r\nthree', ['one', 'two', 'three'], ['\r\n', '\r\n']],
    ['lone CR', 'one\rtwo\rthree', ['one', 'two', 'three'], ['\r', '\r']],
    ['mixed', 'a\r\nb\nc\rd', ['a', 'b', 'c', 'd'], ['\r\n', '\n', '\r']],
    ['LF CR (two breaks)', 'a\n\rb', ['a', '', 'b'], ['\n', '\r']],
    ['blank lines', 'a\n\n\nb', ['a', '', '', 'b'], ['\n', '\n', '\n']],
    ['a trailing newline', 'a\nb\n', ['a', 'b', ''], ['\n', '\n']],
    ['a trailing CRLF', 'a\r\n', ['a', ''], ['\r\n']],
    ['a leading newline', '\na', ['', 'a'], ['\n']],
    ['no line break', 'just one line', ['just one line'], []],
    ['only a line break', '\r\n', ['', ''], ['\r\n']],
  ])('splits %s', (_what, text, expectedLines, expectedBreaks) => {
    const lines = splitLines(text)
    expect(slices(text, lines)).toEqual(expectedLines)
    expect(breaks(text, lines)).toEqual(expectedBreaks)
  })

  it('gives one empty line for an empty text', () => {
    expect(splitLines('')).toEqual([{ start: 0, end: 0 }])
  })

  it('counts offsets in UTF-16 code units', () => {
    const text = '🇳🇱 Rutte\nNATO — 🙂'
    expect(splitLines(text)).toEqual([
      { start: 0, end: 10 },
      { start: 11, end: text.length },
    ])
  })

  it('keeps Unicode line and paragraph separators inside a line', () => {
    expect(slices('a\u2028b\u2029c\u0085d', splitLines('a\u2028b\u2029c\u0085d'))).toEqual(['a\u2028b\u2029c\u0085d'])
  })

  it('covers every character of a real text: no line holds a break, and lines with their breaks give back the text', () => {
    const samples = [
      'Mark Rutte\r\n\r\nNATO\rSecretary General\n\n— “Trump whisperer”\r\n',
      '\r\r\n\n\r',
      Array.from({ length: 200 }, (_, i) => `line ${i}${['\n', '\r\n', '\r', '\n\n'][i % 4]}`).join(''),
    ]
    for (const text of samples) {
      const lines = splitLines(text)
      for (const line of slices(text, lines)) expect(line).not.toMatch(/[\r\n]/)
      for (const gap of breaks(text, lines)) expect(['\n', '\r\n', '\r']).toContain(gap)
      expect(lines[0]!.start).toBe(0)
      expect(lines.at(-1)!.end).toBe(text.length)
      for (const line of lines) expect(line.end).toBeGreaterThanOrEqual(line.start)
      const rebuilt = slices(text, lines)
        .map((line, i) => line + (breaks(text, lines)[i] ?? ''))
        .join('')
      expect(rebuilt).toBe(text)
    }
  })
})
