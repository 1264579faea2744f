/**
 * A JSON answer for the page with its few characters beyond Latin-1 written as `\uXXXX` escapes.
 *
 * Why: Chromium decodes a response's UTF-8 into a string of one byte a character as long as every
 * character is Latin-1, and into two bytes a character from the first that is not; `JSON.parse`
 * then reads the one-byte string faster too. An English article's annotations hold a curly quote or
 * a dash every few hundred characters: escaped, the first screen's 5 MB answer was decoded and
 * parsed 30–40 ms sooner (docs/performance.md, render). A text where such characters are many (a
 * Cyrillic or Greek corpus) is left as it is: each escape is six characters where the character
 * took two or three bytes, and the string would be two bytes a character after all.
 */

/** One character beyond Latin-1 (a UTF-16 code unit: each half of a surrogate pair is escaped alone, as JSON allows). */
const BEYOND_LATIN1 = /[\u0100-\uffff]/g

/** At most one character in this many may lie beyond Latin-1 for the text to be rewritten. */
export const SPARSE = 64

const escaped = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`

/** `json` (a JSON text) with its characters beyond Latin-1 escaped, when they are few; else `json` itself. */
export function latin1Json(json: string): string {
  const allowed = Math.floor(json.length / SPARSE)
  let count = 0
  // counted first, without a match object each: a text with many of them is given up on early
  BEYOND_LATIN1.lastIndex = 0
  while (BEYOND_LATIN1.test(json)) {
    if (++count > allowed) {
      BEYOND_LATIN1.lastIndex = 0
      return json
    }
  }
  return count === 0 ? json : json.replace(BEYOND_LATIN1, escaped)
}
