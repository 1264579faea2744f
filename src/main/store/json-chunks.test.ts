/**
 * JSON written as it goes: the same bytes as JSON.stringify(…, null, 2) at any depth, long arrays
 * written in batches, and a clear refusal when the whole would not fit in one string.
 */
import { describe, expect, it, vi } from 'vitest'
import { batched, itemPerLineJsonChunks, jsonChunks, joinChunks, StreamedArray, wholeValue } from './json-chunks'

const record = (i: number) => ({ id: `n${i}`, quote: { exact: `“Word ${i}” 🙂\nnext`, prefix: '', suffix: '"' }, tags: i % 3 ? ['a', 'b'] : [], empty: {}, none: null, skipped: undefined })
const records = (n: number) => Array.from({ length: n }, (_, i) => record(i))

/** A value with StreamedArrays of `n` items at several depths, and values JSON.stringify leaves out or writes as null. */
const nested = (n: number) => ({
  format: 'x',
  head: { list: [1, 2, { a: [] }], text: 'a\nb' },
  layers: [
    { annotator: 'Ana', annotations: new StreamedArray(records(n)), links: new StreamedArray([]), notes: new StreamedArray(records(n), (r) => ({ id: r.id, upper: r.id.toUpperCase() })) },
    { annotator: 'Bo', deeper: { still: [new StreamedArray(records(Math.min(n, 3))), () => 1, undefined] }, gone: new StreamedArray([undefined, 1]) },
  ],
  top: new StreamedArray(records(n).map((r) => r.id)),
  missing: undefined,
})

describe('jsonChunks', () => {
  it.each([0, 1, 2, 511, 512, 513, 1500])('writes exactly what JSON.stringify(…, null, 2) writes, with %i streamed items at several depths', (n) => {
    const value = nested(n)
    const chunks = [...jsonChunks(value)]
    expect(chunks.join('')).toBe(JSON.stringify(wholeValue(value), null, 2))
  })

  it('writes a long array in batches, not as one string', () => {
    const chunks = [...jsonChunks({ items: new StreamedArray(records(2000)) })]
    expect(chunks.length).toBeGreaterThan(3)
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(chunks.join('').length / 2)
  })

  it('refuses, saying so, a value beside a streamed array that JSON.stringify writes as nothing', () => {
    const value = { items: new StreamedArray(records(3)), empty: { toJSON: () => undefined } }
    expect(() => [...jsonChunks(value)]).toThrow('A value here cannot be written as JSON: JSON.stringify gives nothing for it.')
    expect(() => [...itemPerLineJsonChunks(value)]).toThrow(TypeError)
  })

  it('reads the items once, as it writes them', () => {
    let read = 0
    function* items() {
      for (let i = 0; i < 1200; i++) {
        read++
        yield record(i)
      }
    }
    const chunks = jsonChunks({ items: new StreamedArray(items()) })
    chunks.next()
    expect(read).toBeLessThan(1200)
    expect([...chunks].length).toBeGreaterThan(1)
    expect(read).toBe(1200)
  })
})

describe('itemPerLineJsonChunks', () => {
  it.each([0, 1, 2, 33, 1500])('writes the value compact, each streamed item on a line of its own, with %i streamed items at several depths', (n) => {
    const value = nested(n)
    const text = [...itemPerLineJsonChunks(value)].join('')
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(wholeValue(value))))
    // the same characters as compact JSON but for the line breaks around the streamed items
    expect(text.replaceAll('\n', '')).toBe(JSON.stringify(wholeValue(value)))
    // one line per item of the top-level stream, as it is written alone
    const lines = text.split('\n')
    for (const [i, id] of records(n).map((r) => r.id).entries()) expect(lines).toContain(`${JSON.stringify(id)}${i === n - 1 ? '' : ','}`)
    // a line break before each streamed item, and before the "]" of each stream that has any
    const items = 3 * n + Math.min(n, 3) + 2
    const streamsWithItems = (n > 0 ? 4 : 0) + 1
    expect(lines.length - 1).toBe(items + streamsWithItems)
  })
})

describe('itemPerLineJsonChunks: each item cut out of its batch', () => {
  /** The lines of a streamed array of `items`, and what each should be: the item as JSON.stringify writes it alone. */
  const linesOf = (items: unknown[]) => [...itemPerLineJsonChunks({ items: new StreamedArray(items) })].join('').split('\n')
  const expected = (items: unknown[]) => ['{"items":[', ...items.map((item, i) => `${JSON.stringify(item) ?? 'null'}${i < items.length - 1 ? ',' : ''}`), ']}']
  class Point {
    constructor(readonly id: string) {}
  }
  const forged = '},{"id":"forged"}'

  it.each([
    ['records sharing a first key', records(70)],
    ['strings that hold the text between two items', Array.from({ length: 40 }, (_, i) => ({ id: `a${i}`, note: forged, key: { [forged]: '},\n{"id":' } }))],
    ['objects nested in an item that begin with the same key, after another', Array.from({ length: 40 }, (_, i) => ({ id: `b${i}`, parts: i === 7 ? [{ id: 'x' }, { id: 'y' }] : [] }))],
    // each below lacks the text before one item and has it once inside another: as many as there are boundaries
    ['a first key left out (undefined)', Array.from({ length: 40 }, (_, i) => ({ id: i === 5 ? undefined : `c${i}`, body: i === 5 ? [{ id: 'x' }, { id: 'y' }] : [] }))],
    ['items beginning with different keys', Array.from({ length: 40 }, (_, i) => (i === 9 ? { other: 'd', parts: [{ id: 'x' }, { id: 'y' }] } : { id: `d${i}` }))],
    ['an item written by its toJSON', Array.from({ length: 40 }, (_, i) => (i === 3 ? { id: 'f', toJSON: () => ({ other: 'g', parts: [{ id: 'x' }, { id: 'y' }] }) } : { id: `f${i}` }))],
    ['an item whose key is inherited, not its own', Array.from({ length: 40 }, (_, i) => (i === 4 ? Object.create({ id: 'inherited' }) : { id: `h${i}`, parts: i === 6 ? [{ id: 'x' }, { id: 'y' }] : [] }))],
    ['items that are not plain objects', Array.from({ length: 40 }, (_, i) => (i === 4 ? new Point('p') : i === 5 ? new Date(0) : { id: `p${i}` }))],
    ['items that are not objects', [1, 'two', null, undefined, [{ id: 'x' }, { id: 'y' }], { id: 'z' }, true]],
  ])('writes each item on its line as JSON.stringify writes it alone: %s', (_, items) => {
    expect(linesOf(items)).toEqual(expected(items))
  })

  it('writes each item on its line when Object.prototype has an enumerable key (an item with no own key of its own)', () => {
    Object.defineProperty(Object.prototype, 'label', { value: 'inherited', enumerable: true, configurable: true, writable: true })
    try {
      const items = [{ label: 'a', parts: [{ x: 1 }, { label: 'y' }] }, {}, { label: 'c' }]
      expect(linesOf(items)).toEqual(expected(items))
    } finally {
      delete (Object.prototype as Record<string, unknown>).label
    }
  })

  it('stringifies a batch of records at once, not one call a record', () => {
    const spy = vi.spyOn(JSON, 'stringify')
    try {
      linesOf(records(64))
      // two batches of 32, and the key "items"
      expect(spy.mock.calls.length).toBeLessThan(8)
    } finally {
      spy.mockRestore()
    }
  })
})

describe('joinChunks', () => {
  it('joins the chunks', () => {
    expect(joinChunks(['a', 'bc', ''], 'This export')).toBe('abc')
  })

  it('refuses, saying what to do, when the text would be longer than one string can be', () => {
    expect(() => joinChunks(['a'.repeat(600_000), 'b'.repeat(600_000)], 'This W3C export', 1_048_576)).toThrow(
      /^This W3C export is too large to hand over as one file here \(more than 1 million characters\)\. Export it with the command line instead, which writes it as it goes: parallax export --workspace DIR --format FORMAT --out FILE/,
    )
  })
})

describe('batched', () => {
  it('gathers small chunks into pieces of about the size asked, losing nothing', () => {
    const chunks = Array.from({ length: 1000 }, (_, i) => `${i},`)
    const pieces = [...batched(chunks, 100)]
    expect(pieces.join('')).toBe(chunks.join(''))
    expect(pieces.length).toBeLessThan(50)
    expect(pieces.slice(0, -1).every((p) => p.length >= 100 && p.length < 110)).toBe(true)
  })

  it('passes a large chunk on as it is, after what was gathered before it', () => {
    const large = 'x'.repeat(300)
    expect([...batched(['a', 'b', large, 'c'], 100)]).toEqual(['ab', large, 'c'])
  })
})
