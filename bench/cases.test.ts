/** The benchmark's cases really do what they time: edits reach the disk, reports and exports cover the whole workspace. */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { Annotation } from '../src/shared/annotations'
import { splitLines } from '../src/shared/text-layout'
import { ParallaxDocument, toNativeDocument, validateNative } from '../src/main/interchange/formats/native'
import { w3cDocument } from '../src/main/interchange/formats/w3c'
import { collectExport } from '../src/main/interchange/index'
import { wholeValue } from '../src/main/store/json-chunks'
import { Workspace } from '../src/main/workspace/workspace'
import { ANNOTATIONS_DIR, annotatorSlug, LayerArticleFormat, type LayerArticleFile } from '../src/main/workspace/layers'
import { makeTempDir } from '../src/main/test-helpers'
import { baselineData } from './browser/render'
import { runAgreementCase } from './cases/agreement'
import { missingRecords, runExportCase } from './cases/export'
import { runFirstOpening, runStoreCase } from './cases/store'
import { ANNOTATORS, generateWorkspace, type GeneratedWorkspace } from './generate'
import { buildSingleFile, type SingleFileData } from './lowdb-baseline'
import { nthWord } from './page/dom'

const OPTIONS = { seed: 5, articles: 3, annotators: 3, annotationsPerArticle: 20, wordsPerArticle: 400, linksPerArticle: 4 }

async function userLayer(root: string): Promise<Annotation[]> {
  const folder = path.join(root, ANNOTATIONS_DIR, annotatorSlug(ANNOTATORS[0]))
  const all: Annotation[] = []
  for (const id of ['article-0001', 'article-0002', 'article-0003']) {
    all.push(...(JSON.parse(await readFile(path.join(folder, `${id}.json`), 'utf8')) as LayerArticleFile).annotations)
  }
  return all
}

/** A small generated workspace (temp folders are removed after each test: one per test). */
const generated = async (): Promise<GeneratedWorkspace> => generateWorkspace(path.join(await makeTempDir(), 'ws'), OPTIONS)

describe('the store case', () => {
  it('creates, updates and deletes through edits:apply, each on disk when its call resolves', async () => {
    const ws = await generated()
    const before = await userLayer(ws.root)
    const result = await runStoreCase({ root: ws.root, dataDir: await makeTempDir(), samples: 4, target: 'parallax' })
    expect(result.create).toHaveLength(4)
    expect(result.update).toHaveLength(4)
    expect(result.delete).toHaveLength(4)
    expect(result.onDisk).toEqual({ afterCreate: 4, afterUpdate: 4, afterDelete: 0 })
    expect(result.peakRssMb).toBeGreaterThan(10)
    // created, then deleted: the layer is as it was
    expect((await userLayer(ws.root)).map((a) => a.id).sort()).toEqual(before.map((a) => a.id).sort())
  })

  it('opens a workspace first as its researcher does, checking every layer file, so that the cases after it read them unchecked', async () => {
    const ws = await generated()
    const dataDir = await makeTempDir()
    const first = await runFirstOpening({ root: ws.root, dataDir })
    expect(first.checked).toBe(OPTIONS.articles * OPTIONS.annotators)
    const checks = vi.spyOn(LayerArticleFormat.schema, 'safeParse')
    try {
      await runStoreCase({ root: ws.root, dataDir, samples: 1, target: 'parallax' })
      expect(checks).not.toHaveBeenCalled()
    } finally {
      checks.mockRestore()
    }
  })

  it('runs the same calls on the baseline, one lowdb file holding the whole workspace', async () => {
    const ws = await generated()
    const dataDir = await makeTempDir()
    const dbFile = path.join(dataDir, 'db.json')
    expect(await buildSingleFile(ws.root, dbFile)).toBe(ws.annotations)
    const result = await runStoreCase({ root: ws.root, dataDir, dbFile, samples: 3, target: 'lowdb', verify: true })
    expect(result.onDisk).toEqual({ afterCreate: 3, afterUpdate: 3, afterDelete: 0 })
    const data = JSON.parse(await readFile(dbFile, 'utf8')) as SingleFileData
    expect(data.annotations).toHaveLength(ws.annotations)
    expect(data.links).toHaveLength(ws.links)
  })
})

describe('the agreement and export cases', () => {
  it('reports on every annotation of the three annotators', async () => {
    const ws = await generated()
    const result = await runAgreementCase({ root: ws.root, dataDir: await makeTempDir() })
    expect(result.annotators).toHaveLength(3)
    expect(Object.values(result.spans)).toEqual([60, 60, 60])
    // they mostly agree, as the generator means them to
    expect(result.kappa).toBeGreaterThan(0.3)
    // and differ somewhere on each of the generated articles, none of it decided yet
    expect(result.progress).toMatchObject({ articles: ws.articleIds.length, reviewed: 0 })
    expect(result.progress.disagreements).toBeGreaterThan(0)
    expect(result.progress.left).toBe(result.progress.disagreements)
    // the saves timed while each was counted were made, and are on disk
    const layerFile = path.join(ws.root, ANNOTATIONS_DIR, annotatorSlug(ANNOTATORS[0]), `${ws.articleIds[0]}.json`)
    const saved = (JSON.parse(await readFile(layerFile, 'utf8')) as LayerArticleFile).annotations.map((a) => a.id)
    for (const [prefix, times] of [
      ['bench-save-during-report', result.savesDuringReportMs],
      ['bench-save-during-progress', result.savesDuringProgressMs],
    ] as const) {
      expect(times.length).toBeGreaterThan(0)
      expect(saved).toEqual(expect.arrayContaining(times.map((_, i) => `${prefix}-${i + 1}`)))
    }
  })

  it('exports every annotation and link to files, as valid Parallax JSON and as W3C, the same bytes as the whole-string exports', async () => {
    const ws = await generated()
    const result = await runExportCase({ root: ws.root, dataDir: await makeTempDir() })
    expect(result.annotations).toBe(ws.annotations)
    expect(result.missing).toEqual({ native: 0, w3c: 0 })
    const native = await readFile(result.files.native, 'utf8')
    const { problems, document } = validateNative({ name: result.files.native, content: native })
    expect(problems).toEqual([])
    expect(document?.layers.reduce((n, l) => n + l.annotations.length, 0)).toBe(ws.annotations)
    expect(document?.layers.reduce((n, l) => n + l.links.length, 0)).toBe(ws.links)
    const w3cText = await readFile(result.files.w3c, 'utf8')
    const w3c = JSON.parse(w3cText) as { first: { items: { motivation: string }[] } }
    const motivations = w3c.first.items.map((item) => item.motivation)
    expect(motivations.filter((m) => m === 'tagging')).toHaveLength(ws.annotations)
    expect(motivations.filter((m) => m === 'linking')).toHaveLength(ws.links)
    expect(result.nativeBytes).toBe(Buffer.byteLength(native))
    // what the exports wrote when they were one string: the document parsed by its schema, stringified whole
    const input = await collectExport(await Workspace.open(ws.root, { readOnly: true }))
    expect(native).toBe(`${JSON.stringify(ParallaxDocument.parse(toNativeDocument(input)), null, 2)}\n`)
    // W3C compact, an item a line
    expect(w3cText.replaceAll('\n', '')).toBe(JSON.stringify(wholeValue(w3cDocument(input))))
  })

  it('finds a record missing from an exported file', async () => {
    const ws = await generated()
    const result = await runExportCase({ root: ws.root, dataDir: await makeTempDir() })
    const lines = (await readFile(result.files.native, 'utf8')).split('\n')
    const at = lines.findIndex((line) => /^ {10}"id": /.test(line))
    lines[at] = lines[at]!.replace('"id": "', '"id": "x')
    await writeFile(result.files.native, lines.join('\n'))
    const input = await collectExport(await Workspace.open(ws.root, { readOnly: true }))
    expect(await missingRecords(result.files.native, 'native', input)).toBe(1)
    const items = (await readFile(result.files.w3c, 'utf8')).split('\n')
    // the first line is the collection's head; the items follow, one a line
    const item = items.findIndex((line, i) => i > 0 && line.startsWith('{"@context"'))
    items[item] = items[item]!.replace(/"id":"urn:(uuid|parallax:annotation):/, '"id":"urn:$1:x')
    await writeFile(result.files.w3c, items.join('\n'))
    expect(await missingRecords(result.files.w3c, 'w3c', input)).toBe(1)
  })
})

describe('the render case', () => {
  it('gives the baseline page the same highlights on the same text: offsets into its paragraphs land on each quote', async () => {
    const root = path.join(await makeTempDir(), 'ws')
    await generateWorkspace(root, { seed: 3, articles: 5, annotators: 1, annotationsPerArticle: 50, wordsPerArticle: 800, openColumns: 5 })
    const data = await baselineData(root, 5)
    expect(data.columns).toHaveLength(5)
    for (const column of data.columns) {
      const text = await readFile(path.join(root, 'corpus', `${column.id}.txt`), 'utf8')
      expect(column.lines).toEqual(splitLines(text).map((l) => text.slice(l.start, l.end)))
      const content = column.lines.join('')
      expect(column.annotations).toHaveLength(50)
      for (const a of column.annotations) expect(content.slice(a.start, a.end)).toBe(a.quote)
    }
  })

  it('tags whole words at the same place on both pages', () => {
    const line = '“Keep the alliance, 𝕏 strong,” said Ana.'
    expect(nthWord(line, 0)).toEqual([0, 5])
    const [start, end] = nthWord(line, 3)
    expect(line.slice(start, end)).toBe('𝕏')
    expect(nthWord(line, 7)).toEqual(nthWord(line, 0))
  })
})
