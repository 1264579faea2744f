/**
 * Offsets and anchoring, as pure functions. Inside Parallax offsets are UTF-16 code units (what
 * JavaScript strings and DOM ranges count); brat and the W3C model count Unicode code points, so
 * converters below are used at those boundaries. End offsets are exclusive.
 */
import type { TextQuote } from './annotations'

/** How much context is kept on each side of a quote, to re-anchor it if offsets ever disagree. */
export const QUOTE_CONTEXT = 32

export interface Span {
  start: number
  end: number
}

/** The exact text of a span with the context on either side that lets it be found again. */
export function quoteAt(text: string, start: number, end: number, context = QUOTE_CONTEXT): TextQuote {
  return {
    exact: text.slice(start, end),
    prefix: text.slice(safeBoundary(text, Math.max(0, start - context), +1), start),
    suffix: text.slice(end, safeBoundary(text, Math.min(text.length, end + context), -1)),
  }
}

const isHighSurrogate = (code: number): boolean => code >= 0xd800 && code <= 0xdbff
const isLowSurrogate = (code: number): boolean => code >= 0xdc00 && code <= 0xdfff

/** Moves `offset` off the middle of a surrogate pair, forward (+1) or backward (-1). */
export function safeBoundary(text: string, offset: number, direction: 1 | -1): number {
  if (offset <= 0 || offset >= text.length) return offset
  if (isLowSurrogate(text.charCodeAt(offset)) && isHighSurrogate(text.charCodeAt(offset - 1))) return offset + (direction > 0 ? 1 : -1)
  return offset
}

/**
 * Converts offsets between UTF-16 code units and code points over one text, in O(log n) per
 * offset after an O(n) index of the astral characters (none in most texts, so it is cheap).
 */
export class OffsetConverter {
  /** UTF-16 offsets of the astral characters (surrogate pairs), ascending. */
  readonly #astral: number[] = []

  constructor(readonly text: string) {
    for (let i = 0; i < text.length; i++) {
      if (isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1))) {
        this.#astral.push(i)
        i++
      }
    }
  }

  get codePointLength(): number {
    return this.text.length - this.#astral.length
  }

  /** Code-point offset of a UTF-16 offset; an offset inside a pair counts as the pair's start. */
  toCodePoints(utf16: number): number {
    if (utf16 < 0 || utf16 > this.text.length) throw new RangeError(`offset ${utf16} is outside the text (0–${this.text.length})`)
    // pairs wholly before utf16 (astral[k] + 2 <= utf16) each count one code point less
    let lo = 0
    let hi = this.#astral.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((this.#astral[mid] as number) <= utf16 - 2) lo = mid + 1
      else hi = mid
    }
    const insidePair = this.#astral[lo] === utf16 - 1
    return (insidePair ? utf16 - 1 : utf16) - lo
  }

  /** UTF-16 offset of a code-point offset. */
  toUtf16(codePoints: number): number {
    if (codePoints < 0 || codePoints > this.codePointLength) {
      throw new RangeError(`offset ${codePoints} is outside the text (0–${this.codePointLength} code points)`)
    }
    // the k-th astral character sits at code point astral[k] - k; count those before codePoints.
    let lo = 0
    let hi = this.#astral.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if ((this.#astral[mid] as number) - mid < codePoints) lo = mid + 1
      else hi = mid
    }
    return codePoints + lo
  }
}

const WORD = /[\p{L}\p{N}\p{M}]/u
const JOINER = /['’\-‐.]/u

function isWordAt(text: string, offset: number): boolean {
  const char = charAt(text, offset)
  if (char === '') return false
  if (WORD.test(char)) return true
  // an apostrophe, hyphen or dot between two word characters belongs to the word (Rutte’s, NATO-led, U.S)
  return JOINER.test(char) && WORD.test(charBefore(text, offset)) && WORD.test(charAt(text, offset + char.length))
}

function charAt(text: string, offset: number): string {
  const code = text.codePointAt(offset)
  return code === undefined ? '' : String.fromCodePoint(code)
}

function charBefore(text: string, offset: number): string {
  if (offset <= 0) return ''
  const start = offset >= 2 && isLowSurrogate(text.charCodeAt(offset - 1)) && isHighSurrogate(text.charCodeAt(offset - 2)) ? offset - 2 : offset - 1
  return text.slice(start, offset)
}

/** Trims white space from both ends of a span; null when nothing but white space is left. */
export function trimSpan(text: string, span: Span): Span | null {
  let { start, end } = span
  while (start < end && /\s/u.test(text[start] as string)) start++
  while (end > start && /\s/u.test(text[end - 1] as string)) end--
  return end > start ? { start, end } : null
}

/**
 * Widens a selection to whole words (a selection that starts or ends inside a word takes all of
 * it) and trims white space; null for an empty or white-space-only selection.
 */
export function snapToWords(text: string, span: Span): Span | null {
  const trimmed = trimSpan(text, span)
  if (!trimmed) return null
  let { start, end } = trimmed
  while (start > 0 && isWordAt(text, start) && isWordAt(text, start - charBefore(text, start).length)) {
    start -= charBefore(text, start).length
  }
  while (end < text.length && isWordAt(text, end - charBefore(text, end).length) && isWordAt(text, end)) {
    end += charAt(text, end).length
  }
  return { start, end }
}

/**
 * Finds a quote in a text: at its recorded offsets when the text there still matches, else the
 * occurrence whose context agrees best (ties go to the nearest). Null when the quote is not in the text.
 */
export function anchorQuote(text: string, quote: TextQuote, hint?: Span): Span | null {
  if (hint && text.slice(hint.start, hint.end) === quote.exact) return { start: hint.start, end: hint.end }
  let best: { span: Span; score: number; distance: number } | null = null
  for (let at = text.indexOf(quote.exact); at !== -1; at = text.indexOf(quote.exact, at + 1)) {
    const end = at + quote.exact.length
    const score = commonSuffix(text.slice(Math.max(0, at - quote.prefix.length), at), quote.prefix) + commonPrefix(text.slice(end, end + quote.suffix.length), quote.suffix)
    const distance = hint ? Math.abs(at - hint.start) : 0
    if (!best || score > best.score || (score === best.score && distance < best.distance)) best = { span: { start: at, end }, score, distance }
  }
  return best?.span ?? null
}

function commonPrefix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}

function commonSuffix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n
}

/** The spans that contain `offset`, innermost (shortest) first. */
export function spansAt<T extends Span>(spans: readonly T[], offset: number): T[] {
  return spans.filter((s) => s.start <= offset && offset < s.end).sort((a, b) => a.end - a.start - (b.end - b.start) || a.start - b.start)
}
