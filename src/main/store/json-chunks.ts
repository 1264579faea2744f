/**
 * JSON written as it goes: the same bytes as `JSON.stringify(value, null, 2)` (or, item per line,
 * as `JSON.stringify(value)` with a line break before each item of the long arrays), produced as a series
 * of chunks, one per item of the long arrays, so that no export is ever one string (V8 cannot hold a
 * string longer than about 512 MB; a W3C export of 300,000 annotations was 480 MB indented, 288 MB an
 * item a line), and no save of a store file a string of V8's large-object space (`formatJsonPieces`).
 */
import { constants } from 'node:buffer'
import { AppError } from '../../shared/result'

/** An array written one item at a time: `each` gives the item's JSON value, when it is written. */
export class StreamedArray<T = unknown> {
  constructor(
    readonly items: Iterable<T>,
    readonly each: (item: T) => unknown = (item) => item,
  ) {}
}

const padding = (depth: number): string => '  '.repeat(depth)

/** Whether a value holds a StreamedArray (so it cannot be handed to JSON.stringify whole). */
function streams(value: unknown): boolean {
  if (value instanceof StreamedArray) return true
  if (typeof value !== 'object' || value === null) return false
  return Array.isArray(value) ? value.some(streams) : Object.values(value).some(streams)
}

/**
 * How the chunks lay a value out: where line breaks and indents go around the members of the arrays
 * and objects that hold a StreamedArray, and how a StreamedArray's items and any other value are written.
 */
interface Layout {
  /** A batch of a StreamedArray's items at nesting `depth`, each after its line break: "\n<item>,\n<item>", in pieces. */
  items(values: unknown[], depth: number): readonly string[]
  /** Before the "]" of a StreamedArray at `depth` that has items. */
  itemsEnd(depth: number): string
  /** Before each member of an array or object at `depth` holding a StreamedArray. */
  member(depth: number): string
  /** Before the closing bracket of such an array or object. */
  end(depth: number): string
  /** Between a key and its value. */
  colon: string
  /** Any other value at `depth`; undefined where JSON.stringify writes it as nothing. */
  value(value: unknown, depth: number): string | undefined
}

/** As JSON.stringify(value, null, 2): the store's files and Parallax JSON. */
const INDENTED: Layout = {
  items: (values, depth) => [itemsAt(values, depth)],
  itemsEnd: (depth) => `\n${padding(depth)}`,
  member: (depth) => `\n${padding(depth + 1)}`,
  end: (depth) => `\n${padding(depth)}`,
  colon: ': ',
  // JSON's own line breaks are all outside strings (a string's are escaped), so indenting is safe
  value: (value, depth) => (JSON.stringify(value, null, 2) as string | undefined)?.replaceAll('\n', `\n${padding(depth)}`),
}

/** As JSON.stringify(value), but for a line break before each item of a StreamedArray and before its "]". */
const ITEM_PER_LINE: Layout = {
  items: itemLines,
  itemsEnd: () => '\n',
  member: () => '',
  end: () => '',
  colon: ':',
  value: (value) => JSON.stringify(value),
}

/** `value` at nesting `depth`, as JSON.stringify(…, null, 2) writes it there, in chunks. */
export const jsonChunks = (value: unknown, depth = 0): Generator<string> => chunksOf(value, INDENTED, depth)

/**
 * `value` as compact JSON in chunks, each item of its long arrays on a line of its own: one record a
 * line (for tools that read lines, and a diff), at about half the bytes of the indented form and
 * three quarters of its time (a W3C export of 300,000 annotations: 481 MB indented).
 */
export const itemPerLineJsonChunks = (value: unknown): Generator<string> => chunksOf(value, ITEM_PER_LINE, 0)

/** A value's JSON as its parts in order: text, and the StreamedArrays written between them with their nesting. */
type Part = string | { stream: StreamedArray; depth: number }

function* chunksOf(value: unknown, layout: Layout, depth: number): Generator<string> {
  // what surrounds the streamed arrays laid out first: each piece of their items is then yielded
  // once, here, not again by a generator for every level of nesting above it
  const parts: Part[] = []
  partsOf(value, layout, depth, parts)
  for (const part of parts) {
    if (typeof part === 'string') {
      yield part
      continue
    }
    const { stream } = part
    let first = true
    for (const batch of batches(stream.items, BATCH)) {
      yield first ? '[' : ','
      for (const piece of layout.items(batch.map((item) => stream.each(item) ?? null), part.depth)) yield piece
      first = false
    }
    yield first ? '[]' : `${layout.itemsEnd(part.depth)}]`
  }
}

function partsOf(value: unknown, layout: Layout, depth: number, parts: Part[]): void {
  if (value instanceof StreamedArray) parts.push({ stream: value, depth })
  else if (Array.isArray(value) && streams(value)) {
    for (const [i, item] of value.entries()) {
      parts.push(`${i === 0 ? '[' : ','}${layout.member(depth)}`)
      // written as null, as JSON.stringify writes them in an array
      const written = item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item
      partsOf(written, layout, depth + 1, parts)
    }
    parts.push(`${layout.end(depth)}]`)
  } else if (typeof value === 'object' && value !== null && streams(value)) {
    let first = true
    for (const [key, item] of Object.entries(value)) {
      if (item === undefined || typeof item === 'function' || typeof item === 'symbol') continue // left out, as JSON.stringify leaves them out
      parts.push(`${first ? '{' : ','}${layout.member(depth)}${JSON.stringify(key)}${layout.colon}`)
      partsOf(item, layout, depth + 1, parts)
      first = false
    }
    parts.push(`${layout.end(depth)}}`)
  } else {
    const text = layout.value(value, depth)
    // what JSON.stringify writes as nothing (a toJSON giving undefined, a function) where a value must be
    if (text === undefined) throw new TypeError('A value here cannot be written as JSON: JSON.stringify gives nothing for it.')
    parts.push(text)
  }
}

/**
 * Items stringified together: one JSON.stringify per batch is much cheaper than one per item, and a
 * batch's text stays small enough for V8's young generation (a few dozen records; at 512 each chunk
 * went to the large-object space, collected only by full GCs, and a 480 MB export peaked at 1 GB).
 */
const BATCH = 32

function* batches<T>(items: Iterable<T>, size: number): Generator<T[]> {
  let batch: T[] = []
  for (const item of items) {
    batch.push(item)
    if (batch.length === size) {
      yield batch
      batch = []
    }
  }
  if (batch.length > 0) yield batch
}

/**
 * The items (at least one) of an array at nesting `depth` as JSON.stringify(…, null, 2) writes them
 * there: "\n<indent>item,\n<indent>item" without the brackets. The items are stringified inside
 * `depth` arrays of one element, so that JSON.stringify itself indents them, and the wrapping is cut off.
 */
function itemsAt(items: unknown[], depth: number): string {
  let wrapped: unknown = items
  let before = 1 // the items' own "["
  let after = 2 + 2 * depth // their "\n<indent>]"
  for (let level = depth - 1; level >= 0; level--) {
    wrapped = [wrapped]
    before += 2 + 2 * (level + 1) // "[\n<indent>"
    after += 2 + 2 * level // "\n<indent>]"
  }
  const text = JSON.stringify(wrapped, null, 2)
  return text.slice(before, text.length - after)
}

/**
 * Items (at least one) as "\n<item>,\n<item>" in pieces (the line breaks and commas apart from the
 * items' text), from one JSON.stringify of the batch where it can: one call per item took a third
 * longer (a W3C export's 330,000 records: 1.75 against 1.35 s, with encoding to UTF-8), and
 * putting the line breaks into the batch's text copies every character again (1.48 s). The items' text is cut out of the
 * batch's at the boundaries between them, found by the text each begins with: when every item is a
 * plain object whose first own key K holds a string, `},{"K":` occurs between each two items. If it
 * occurs anywhere else too (an object nested in an item that begins with K after another object in
 * an array: no JSON string holds it, its quotes would be escaped), it occurs more often than that,
 * and each item is stringified alone. So it occurring exactly (items − 1) times says where they are.
 * Items are taken to be plain data, as JSON.stringify would see them: no getter that gives another
 * value when read again, no Proxy.
 */
function itemLines(values: unknown[]): string[] {
  const pieces: string[] = []
  const key = sharedFirstKey(values)
  const text = key === null ? '' : (JSON.stringify(values) as string)
  const starts = key === null ? [] : boundaries(text, `},{${JSON.stringify(key)}:`, values.length - 1)
  if (starts.length === values.length - 1 && key !== null) {
    let from = 1 // after the batch's "["
    for (const start of starts) {
      pieces.push(from === 1 ? '\n' : ',\n', text.slice(from, start + 1))
      from = start + 2 // after "},"
    }
    pieces.push(from === 1 ? '\n' : ',\n', text.slice(from, text.length - 1)) // before the batch's "]"
    return pieces
  }
  for (const [i, value] of values.entries()) pieces.push(i === 0 ? '\n' : ',\n', JSON.stringify(value) ?? 'null')
  return pieces
}

/** The key every value begins with, when each is a plain object (no toJSON) whose first own key holds a string; else null. */
function sharedFirstKey(values: unknown[]): string | null {
  let shared: string | null = null
  for (const value of values) {
    if (typeof value !== 'object' || value === null || 'toJSON' in value) return null
    const prototype = Object.getPrototypeOf(value) as unknown
    if (prototype !== Object.prototype && prototype !== null) return null
    let first: string | null = null
    for (const key in value) {
      first = key
      break
    }
    // own keys come first in for…in: an inherited first key means there is no own one, and JSON.stringify writes none
    if (first === null || !Object.hasOwn(value, first) || typeof (value as Record<string, unknown>)[first] !== 'string' || (shared !== null && first !== shared)) return null
    shared = first
  }
  return shared
}

/** Where `separator` occurs in `text`, up to one more than `expected` times (enough to tell that there are too many). */
function boundaries(text: string, separator: string, expected: number): number[] {
  const found: number[] = []
  for (let at = text.indexOf(separator); at !== -1 && found.length <= expected; at = text.indexOf(separator, at + 1)) found.push(at)
  return found
}

/** The value with every StreamedArray made a plain array of its items' values: what JSON.stringify would have been given. */
export function wholeValue(value: unknown): unknown {
  if (value instanceof StreamedArray) return [...(value.items as Iterable<unknown>)].map((item) => wholeValue(value.each(item)))
  if (Array.isArray(value)) return value.map(wholeValue)
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, wholeValue(item)]))
  return value
}

/** The longest string this JavaScript engine can make (V8: 2²⁹ − 24 characters). */
export const MAX_TEXT_LENGTH = constants.MAX_STRING_LENGTH

/**
 * Chunks joined into one string, or an error that says what to do when they would not fit in one
 * (`what` names the output in it: "This W3C export").
 */
export function joinChunks(chunks: Iterable<string>, what: string, limit = MAX_TEXT_LENGTH): string {
  const parts: string[] = []
  let length = 0
  for (const chunk of chunks) {
    length += chunk.length
    if (length > limit) {
      throw new AppError(
        'invalid-input',
        `${what} is too large to hand over as one file here (more than ${Math.floor(limit / 1024 / 1024)} million characters). Export it with the command line instead, which writes it as it goes: parallax export --workspace DIR --format FORMAT --out FILE (or choose fewer articles or annotators).`,
      )
    }
    parts.push(chunk)
  }
  return parts.join('')
}

/** Chunks gathered into pieces of at least `size` characters (large chunks pass as they are), for writing to a file or a stream. */
export function* batched(chunks: Iterable<string>, size = 1 << 15): Generator<string> {
  let parts: string[] = []
  let length = 0
  for (const chunk of chunks) {
    if (chunk.length >= size) {
      if (parts.length > 0) yield parts.join('')
      parts = []
      length = 0
      yield chunk
      continue
    }
    parts.push(chunk)
    length += chunk.length
    if (length >= size) {
      yield parts.join('')
      parts = []
      length = 0
    }
  }
  if (parts.length > 0) yield parts.join('')
}
