/**
 * A JSON file's UTF-8 bytes as a text that `JSON.parse` reads to the same value, held by V8 in one
 * byte a character.
 *
 * Why: V8 keeps a string with any character beyond Latin-1 (a curly quote, a Cyrillic letter) in two
 * bytes a character, and every string over 128 KB in its large-object space, fresh memory for each.
 * A layer file of 100 annotations is ~80 KB of UTF-8 with some curly quotes, so `toString('utf8')`
 * made a 160 KB string: ~0.7 ms a file on the benchmark's machine (9 ns a character, against 0.2 for
 * a one-byte string of the same length, docs/performance.md), two seconds of reading 3,000 files. In
 * JSON such characters only ever stand inside strings, where a `\uXXXX` escape means the same
 * character, so writing them so keeps the text in one byte a character and in V8's young generation.
 *
 * Only for texts known to be valid JSON (`CheckedTexts`): positions in a parse error would not be
 * the file's. Bytes that are not valid UTF-8 are decoded as `Buffer#toString` does, so the value is
 * always what parsing the decoded file gives.
 */
import { MAX_TEXT_LENGTH } from './json-chunks'

/**
 * Reused between calls, since a fresh buffer for each file would cost fresh memory again; kept no
 * larger than KEPT_BYTES (a larger file gets a buffer of its own, let go after it).
 */
let scratch = Buffer.allocUnsafeSlow(1 << 18)
const KEPT_BYTES = 1 << 22

const HEX = '0123456789abcdef'
const NO_WORDS = new Uint32Array(0)

/** Writes `\uXXXX` for a UTF-16 code unit at `at`; returns where the next character goes. */
function escape(out: Buffer, at: number, unit: number): number {
  out[at] = 0x5c // \
  out[at + 1] = 0x75 // u
  out[at + 2] = HEX.charCodeAt(unit >> 12)
  out[at + 3] = HEX.charCodeAt((unit >> 8) & 15)
  out[at + 4] = HEX.charCodeAt((unit >> 4) & 15)
  out[at + 5] = HEX.charCodeAt(unit & 15)
  return at + 6
}

/** The bytes decoded as Node decodes them (a sequence that is not UTF-8 becomes replacement characters), in two bytes a character. */
const decoded = (bytes: Uint8Array): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')

/** The bytes of a JSON file as a text in one byte a character that parses to the same value (see above). */
export function jsonTextOf(bytes: Uint8Array): string {
  // at most 12 characters a 4-byte sequence ("\ud83d\ude00"), 6 a 3-byte one: never more than 3 a byte
  const needed = bytes.length * 3
  if (scratch.length < needed && needed <= KEPT_BYTES) scratch = Buffer.allocUnsafeSlow(Math.min(KEPT_BYTES, Math.max(needed, scratch.length * 2)))
  const out = scratch.length >= needed ? scratch : Buffer.allocUnsafeSlow(needed)
  const end = bytes.length
  // the bytes four at a time, from the first whose address is a multiple of four
  const lead = (4 - (bytes.byteOffset & 3)) & 3
  const wordCount = Math.max(0, (end - lead) >> 2)
  const words = wordCount > 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset + lead, wordCount) : NO_WORDS
  let o = 0
  let i = 0
  while (i < end) {
    // a run of ASCII, found four bytes at a time where they are aligned, and copied at once
    const from = i
    while (i < end && (bytes[i] as number) < 0x80) {
      if (i >= lead && ((i - lead) & 3) === 0) {
        let w = (i - lead) >> 2
        while (w < wordCount && ((words[w] as number) & 0x80808080) === 0) w++
        for (i = lead + w * 4; i < end && (bytes[i] as number) < 0x80; i++);
        break
      }
      i++
    }
    if (i > from) {
      out.set(new Uint8Array(bytes.buffer, bytes.byteOffset + from, i - from), o) // a plain view: a Buffer's subarray runs Node's constructor
      o += i - from
      if (i === end) break
    }
    const b = bytes[i] as number
    const b1 = i + 1 < end ? (bytes[i + 1] as number) : 0
    if (b >= 0xc2 && b <= 0xdf && (b1 & 0xc0) === 0x80) {
      const point = ((b & 0x1f) << 6) | (b1 & 0x3f)
      if (point < 0x100) out[o++] = point // Latin-1: one byte in the text too
      else o = escape(out, o, point)
      i += 2
      continue
    }
    const b2 = i + 2 < end ? (bytes[i + 2] as number) : 0
    if (b >= 0xe0 && b <= 0xef && (b1 & 0xc0) === 0x80 && (b2 & 0xc0) === 0x80 && (b !== 0xe0 || b1 >= 0xa0) && (b !== 0xed || b1 < 0xa0)) {
      o = escape(out, o, ((b & 0x0f) << 12) | ((b1 & 0x3f) << 6) | (b2 & 0x3f))
      i += 3
      continue
    }
    const b3 = i + 3 < end ? (bytes[i + 3] as number) : 0
    if (b >= 0xf0 && b <= 0xf4 && (b1 & 0xc0) === 0x80 && (b2 & 0xc0) === 0x80 && (b3 & 0xc0) === 0x80 && (b !== 0xf0 || b1 >= 0x90) && (b !== 0xf4 || b1 < 0x90)) {
      const point = (((b & 0x07) << 18) | ((b1 & 0x3f) << 12) | ((b2 & 0x3f) << 6) | (b3 & 0x3f)) - 0x10000
      o = escape(out, o, 0xd800 + (point >> 10))
      o = escape(out, o, 0xdc00 + (point & 0x3ff))
      i += 4
      continue
    }
    return decoded(bytes) // not UTF-8
  }
  return o <= MAX_TEXT_LENGTH ? out.toString('latin1', 0, o) : decoded(bytes)
}
