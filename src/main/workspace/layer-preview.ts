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

const RECORDS = '\n  "annotations": ['
const RECORD_START = '\n    {\n'
const RECORD_END = '\n    }'
const END_OF_RECORDS = '\n  ]'

/** The whole number after `key` between `from` and `to` (the key's line ends with a comma), or null. */
function numberAt(text: string, key: string, from: number, to: number): number | null {
  const at = text.indexOf(key, from)
  if (at < 0 || at > to) return null
  const digits = /^\d+,/.exec(text.slice(at + key.length, at + key.length + 17))?.[0]
  return digits ? Number(digits.slice(0, -1)) : null
}

/**
 * The annotations of a layer file's `bytes` that overlap `within`, in the file's order, and whose
 * layer and article the file says it is; null when the bytes are not laid out as Parallax formats
 * a layer file (`formatJson`: a key a line, two spaces a level), and the file is to be read whole.
 * For a text known to be so laid out (`JsonStore.checkedBytes`): each record begins with a line
 * `    {` and ends with one `    }`, and holds its own `start` and `end` on lines of their own, six
 * spaces in. No string holds a line break (JSON escapes it), and what a record nests is further in:
 * no quote, note or attribute can look like one of those lines.
 */
export function recordsWithin(bytes: Buffer, within: Span): { annotator: string; articleId: string; annotations: Annotation[] } | null {
  // a character a byte: every offset found is the byte's (UTF-8 writes no ASCII byte inside a character beyond ASCII)
  const text = bytes.toString('latin1')
  const key = text.indexOf(RECORDS)
  if (key < 1 || text[key - 1] !== ',') return null
  let head: unknown
  try {
    head = JSON.parse(`${bytes.toString('utf8', 0, key - 1)}\n}`)
  } catch {
    return null
  }
  const { annotator, articleId } = head as { annotator?: unknown; articleId?: unknown }
  if (typeof annotator !== 'string' || typeof articleId !== 'string') return null
  let at = key + RECORDS.length
  if (text[at] === ']') return { annotator, articleId, annotations: [] }
  const end = text.indexOf(END_OF_RECORDS, at)
  if (end < 0) return null
  const records: string[] = []
  while (at < end) {
    if (!text.startsWith(RECORD_START, at)) return null
    const close = text.indexOf(RECORD_END, at + 1)
    if (close < 0 || close > end) return null
    const start = numberAt(text, '\n      "start": ', at, close)
    const stop = numberAt(text, '\n      "end": ', at, close)
    if (start === null || stop === null) return null
    if (overlaps({ start, end: stop }, within)) records.push(bytes.toString('utf8', at + 1, close + RECORD_END.length))
    at = close + RECORD_END.length
    if (text[at] === ',') at++
  }
  if (at !== end) return null
  try {
    return { annotator, articleId, annotations: JSON.parse(`[${records.join(',')}]`) as Annotation[] }
  } catch {
    return null
  }
}
