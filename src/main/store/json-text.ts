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
 * How: the bytes are read as Latin-1 (native, one byte a character), and each run of bytes beyond
 * ASCII (UTF-8 never puts an ASCII byte inside a character) is decoded as UTF-8 on its own and
 * written back with its characters beyond Latin-1 as escapes. The scan and the decoding are V8's and
 * Node's own code: a byte-by-byte loop in script, the way before, cost 10–30 ms on the first thirty
 * files a process reads, before V8 had optimized it (docs/performance.md).
 *
 * Only for texts known to be valid JSON (`CheckedTexts`): positions in a parse error would not be
 * the file's. Bytes that are not valid UTF-8 decode to replacement characters as `Buffer#toString`
 * decodes them (a run ends at an ASCII byte, where its decoder ends a sequence cut short too), so the
 * value is always what parsing the decoded file gives.
 */
import { MAX_TEXT_LENGTH } from './json-chunks'

/** A run of bytes beyond ASCII, read as Latin-1. */
const BEYOND_ASCII = /[\x80-\xff]+/g

/** The escape of each character beyond Latin-1, as JSON writes it in a string. */
const escapeBeyondLatin1 = (text: string): string => text.replace(/[\u0100-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)

/** A run's one-byte text: decoded as UTF-8, its characters beyond Latin-1 escaped. */
const runText = (run: string): string => escapeBeyondLatin1(Buffer.from(run, 'latin1').toString('utf8'))

/**
 * The runs met before, with their texts: a file holds a few hundred, mostly the same curly quotes and
 * dashes. Short runs only, and no more than MAX_RUNS_KEPT (a Cyrillic or Greek text's words are runs).
 */
const known = new Map<string, string>()
const MAX_RUNS_KEPT = 4096
const MAX_RUN_KEPT = 16

function runOnce(run: string): string {
  let text = known.get(run)
  if (text === undefined) {
    text = runText(run)
    if (run.length <= MAX_RUN_KEPT && known.size < MAX_RUNS_KEPT) known.set(run, text)
  }
  return text
}

/** The bytes of a JSON file as a text in one byte a character that parses to the same value (see above). */
export function jsonTextOf(bytes: Uint8Array): string {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  // escapes make a text at most 3 characters a byte (\ud83d\ude00 for 4 bytes); past V8's longest string, decoded as is
  if (bytes.length * 3 > MAX_TEXT_LENGTH) return view.toString('utf8')
  return view.toString('latin1').replace(BEYOND_ASCII, runOnce)
}
