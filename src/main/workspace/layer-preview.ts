/**
 * The annotations of a layer file within a span of its article, read from the file's bytes without
 * parsing the rest: what the first screen shows (`annotations:list` with `within`) is a few hundred
 * records of files that hold thousands, read by a process that has just started, whose code is
 * still cold (docs/performance.md, render).
 */
import type { Span } from '../../shared/anchoring'
import type { Annotation } from '../../shared/annotations'

/** Whether an annotation lies (in part) within a span: the one rule of a preview, read whole or not. */
export const overlaps = (a: Pick<Annotation, 'start' | 'end'>, within: Span): boolean => a.start < within.end && a.end > within.start

const RECORDS = Buffer.from('\n  "annotations": [')
const RECORD_START = Buffer.from('\n    {\n')
const RECORD_END = Buffer.from('\n    }')
const END_OF_RECORDS = Buffer.from('\n  ]')
const START = Buffer.from('\n      "start": ')
const END = Buffer.from('\n      "end": ')
const [COMMA, CLOSING_BRACKET, ZERO, NINE] = [0x2c, 0x5d, 0x30, 0x39]

/**
 * The whole number written after `key` between `from` and `to`, its line ending with a comma; or
 * null (and the file is read whole): a sign, a fraction, an exponent, or more digits than a double
 * holds exactly (15).
 */
function numberAt(bytes: Buffer, key: Buffer, from: number, to: number): number | null {
  let at = bytes.indexOf(key, from)
  if (at < 0 || at > to) return null
  at += key.length
  let value = 0
  const first = at
  for (; at < to && bytes[at]! >= ZERO && bytes[at]! <= NINE; at++) value = value * 10 + bytes[at]! - ZERO
  return at > first && at - first <= 15 && bytes[at] === COMMA ? value : null
}

/**
 * The annotations of a layer file's `bytes` that overlap `within`, in the file's order, and whose
 * layer and article the file says it is. Only for a text known to be laid out as Parallax formats a
 * layer file (`formatJson`: a key a line, two spaces a level), its annotations in position order
 * (`JsonStore.checkedBytes`; `inPositionOrder` in layers.ts): each record begins with a line `    {`
 * and ends with one `    }`, and holds its own `start` and `end` on lines of their own, six spaces
 * in. No string holds a line break (JSON escapes it), and what a record nests is further in: no
 * quote, note or attribute can look like one of those lines. The records are read up to the first
 * that begins past `within`: none after it overlaps, and nothing after it is looked at (the first
 * screen's preview is the start of articles whose files hold thousands of records). Null, and the
 * file is to be read whole, when what is read is not so laid out. The bytes are searched as they are
 * (UTF-8 writes no ASCII byte inside a character beyond ASCII); only the head and the records kept
 * are decoded and parsed.
 */
export function recordsWithin(bytes: Buffer, within: Span): { annotator: string; articleId: string; annotations: Annotation[] } | null {
  const key = bytes.indexOf(RECORDS)
  if (key < 1 || bytes[key - 1] !== COMMA) return null
  let head: unknown
  try {
    head = JSON.parse(`${bytes.toString('utf8', 0, key - 1)}\n}`)
  } catch {
    return null
  }
  const { annotator, articleId } = head as { annotator?: unknown; articleId?: unknown }
  if (typeof annotator !== 'string' || typeof articleId !== 'string') return null
  let at = key + RECORDS.length
  if (bytes[at] === CLOSING_BRACKET) return { annotator, articleId, annotations: [] }
  const records: string[] = []
  for (;;) {
    if (!holdsAt(bytes, RECORD_START, at)) return null
    const close = bytes.indexOf(RECORD_END, at + 1)
    // a record's own end: no record's opening before it (a record cut short would take the next one's, or a link's)
    const next = bytes.indexOf(RECORD_START, at + 1)
    if (close < 0 || (next >= 0 && next < close)) return null
    const start = numberAt(bytes, START, at, close)
    if (start === null) return null
    if (start >= within.end) break
    const stop = numberAt(bytes, END, at, close)
    if (stop === null) return null
    if (overlaps({ start, end: stop }, within)) records.push(bytes.toString('utf8', at + 1, close + RECORD_END.length))
    at = close + RECORD_END.length
    if (holdsAt(bytes, END_OF_RECORDS, at)) break
    if (bytes[at] !== COMMA) return null
    at++
  }
  try {
    return { annotator, articleId, annotations: JSON.parse(`[${records.join(',')}]`) as Annotation[] }
  } catch {
    return null
  }
}

/** Whether `bytes` hold `part` at `at`. */
function holdsAt(bytes: Buffer, part: Buffer, at: number): boolean {
  return at >= 0 && at + part.length <= bytes.length && bytes.compare(part, 0, part.length, at, at + part.length) === 0
}
