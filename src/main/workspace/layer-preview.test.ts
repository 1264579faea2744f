/**
 * The first screen's preview read from a layer file's bytes without parsing the rest: the same
 * annotations, in the same order, as parsing the whole file and keeping those that overlap; and
 * nothing at all (the file is then read whole) when what it reads, up to the first record past the
 * span, is not laid out as Parallax writes.
 */
import { describe, expect, it } from 'vitest'
import type { Span } from '../../shared/anchoring'
import { formatJson } from '../store/durable-json-file'
import { overlaps, recordsWithin } from './layer-preview'

/** A record as a layer file holds it, with what could look like the lines the reader looks for inside its strings. */
const record = (id: string, start: number, end: number, extra: Record<string, unknown> = {}) => ({
  id,
  articleId: 'semafor',
  start,
  end,
  unit: 'utf16',
  quote: { exact: `“Rute” 👍🏽 ${id}`, prefix: 'said Mark Rutte,\n\n', suffix: ' — Petrović' },
  label: 'claim',
  attributes: { 'check-worthiness': 'factual, check-worthy', type: ['quote', 'position'] },
  note: 'A note that writes a record:\n    {\n      "start": 0,\n      "end": 999999,\n    }\n  ]',
  annotator: 'Ana Petrović',
  created: '2026-01-05T09:04:32.000Z',
  modified: '2026-01-05T09:04:32.000Z',
  ...extra,
})

const layerFile = (annotations: unknown[]) => ({
  schemaVersion: 1,
  annotator: 'Ana Petrović',
  articleId: 'semafor',
  textSha256: 'e71449d6521adb4b3a3bcdd7926fa89929931a1802d66a27adfd489b21903c23',
  annotations,
  links: [{ id: 'l1', type: 'same-claim', from: { articleId: 'semafor', annotationId: 'a1' }, to: { articleId: 'cnbc', annotationId: 'b1' } }],
  articleNote: { articleId: 'semafor', text: '    {\n      "start": 1,' },
})

const bytesOf = (data: unknown): Buffer => Buffer.from(formatJson(data), 'utf8')

describe('recordsWithin', () => {
  // in position order, as a file trusted is (inPositionOrder): one empty, one nesting an object
  const annotations = [
    record('a2', 0, 12, { attributes: { kind: 'direct', nested: { start: 5, end: 6 } } }),
    record('a4', 12, 60, { note: '' }),
    record('a3', 40, 40),
    record('a1', 120, 180),
    record('a5', 9_000, 12_000),
  ]
  const file = layerFile(annotations)
  const spans: Span[] = [
    { start: 0, end: 10_000 },
    { start: 0, end: 12 },
    { start: 12, end: 13 },
    { start: 40, end: 41 },
    { start: 60, end: 120 },
    { start: 179, end: 9_001 },
    { start: 50_000, end: 60_000 },
  ]

  it.each(spans)('gives what parsing the whole file gives within %o, in the file’s order', (within) => {
    const read = recordsWithin(bytesOf(file), within)
    expect(read).toEqual({ annotator: 'Ana Petrović', articleId: 'semafor', annotations: annotations.filter((a) => overlaps(a, within)) })
  })

  it('reads the records up to the first that begins past the span, and none after it', () => {
    // the last record's end is not on a line of its own after its start: read, the file would be read whole
    const { end, ...rest } = record('b1', 20_000, 20_010)
    const text = formatJson(layerFile([...annotations, { ...rest, end }]))
    const within = { start: 0, end: 10_000 }
    expect(recordsWithin(Buffer.from(text), within)?.annotations).toEqual(annotations.filter((a) => overlaps(a, within)))
    // one that begins where the span ends is past it; one character further, it is read
    expect(recordsWithin(Buffer.from(text), { start: 0, end: 20_000 })?.annotations).toHaveLength(annotations.length)
    expect(recordsWithin(Buffer.from(text), { start: 0, end: 20_001 })).toBeNull()
  })

  it('gives nothing when a record read has lost its last line, rather than take the next record for its own', () => {
    const text = formatJson(layerFile(annotations))
    // a2 (0–12), outside the span, without its closing line: a4 (12–60), within it, would be read as a2's end
    const cut = text.replace(/\n {4}\},\n {4}\{\n {6}"id": "a4"/, ',\n    {\n      "id": "a4"')
    expect(cut).not.toBe(text)
    expect(recordsWithin(Buffer.from(cut), { start: 12, end: 13 })).toBeNull()
  })

  it('gives none of a file without annotations', () => {
    expect(recordsWithin(bytesOf(layerFile([])), { start: 0, end: 10 })).toEqual({ annotator: 'Ana Petrović', articleId: 'semafor', annotations: [] })
  })

  it('gives nothing, for the file to be read whole, when the bytes are not laid out as Parallax writes a layer file', () => {
    const within = { start: 0, end: 10_000 }
    expect(recordsWithin(Buffer.from(JSON.stringify(file)), within)).toBeNull() // on one line
    expect(recordsWithin(Buffer.from(JSON.stringify(file, null, 4)), within)).toBeNull() // four spaces a level
    expect(recordsWithin(Buffer.from(JSON.stringify(file, null, '\t')), within)).toBeNull()
    // a record whose end is not on a line of its own after its start (keys in another order)
    const { end, ...rest } = record('b1', 1, 2)
    expect(recordsWithin(bytesOf(layerFile([{ ...rest, end }])), within)).toBeNull()
    // cut short, or not a layer file
    const text = formatJson(file)
    expect(recordsWithin(Buffer.from(text.slice(0, text.indexOf('"a3"'))), within)).toBeNull()
    expect(recordsWithin(Buffer.from(''), within)).toBeNull()
    expect(recordsWithin(Buffer.from(formatJson({ annotations })), within)).toBeNull()
  })
})
