/**
 * The long exports are written as they go: on the bundled corpus with every kind of record, the
 * streamed Parallax JSON and W3C are byte for byte what the whole-string exports wrote (Parallax
 * JSON: the document parsed by its schema and stringified at once), and the file written by chunks
 * is that text.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeChunksDurably } from '../store/durable-json-file'
import { makeTempDir } from '../test-helpers'
import { ParallaxDocument, nativeChunks, toNativeDocument } from './formats/native'
import { w3cChunks, w3cDocument } from './formats/w3c'
import { collectExport, runExport, streamExport } from './index'
import { batched, wholeValue } from '../store/json-chunks'
import { richApp } from './test-workspace'

describe('streamed exports', () => {
  it('Parallax JSON: the chunks are the document as parsing and stringifying it whole wrote it', async () => {
    const app = await richApp()
    const input = await collectExport(app.workspace)
    const chunks = [...nativeChunks(input)]
    expect(chunks.length).toBeGreaterThan(3)
    expect(chunks.join('')).toBe(`${JSON.stringify(ParallaxDocument.parse(toNativeDocument(input)), null, 2)}\n`)
    expect(runExport('native', input)[0]!.content).toBe(chunks.join(''))
  })

  it('W3C: the chunks are the collection stringified whole, compact, an annotation a line', async () => {
    const app = await richApp()
    const input = await collectExport(app.workspace)
    const chunks = [...w3cChunks(input)]
    expect(chunks.length).toBeGreaterThan(3)
    const whole = wholeValue(w3cDocument(input)) as { first: { items: unknown[] } }
    expect(chunks.join('').replaceAll('\n', '')).toBe(JSON.stringify(whole))
    const lines = chunks.join('').split('\n')
    expect(lines).toHaveLength(whole.first.items.length + 3) // the collection's head, an item a line, its close, and the last line break
    whole.first.items.forEach((item, i) => expect(lines[i + 1]).toBe(`${JSON.stringify(item)}${i < whole.first.items.length - 1 ? ',' : ''}`))
    expect(runExport('w3c', input)[0]!.content).toBe(chunks.join(''))
  })

  it('a file written chunk by chunk holds the export', async () => {
    const app = await richApp()
    const input = await collectExport(app.workspace)
    const dir = await makeTempDir()
    for (const format of ['native', 'w3c', 'csv'] as const) {
      const [file] = streamExport(format, input)
      const target = path.join(dir, file!.path)
      await writeChunksDurably(target, batched(file!.chunks, 100))
      expect(await readFile(target, 'utf8')).toBe(runExport(format, input)[0]!.content)
    }
  })
})
