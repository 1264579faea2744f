/** The benchmark's generator: the same seed gives the same bytes, and what it writes is a workspace Parallax accepts whole. */
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Edit } from '../src/shared/annotations'
import { quoteAt } from '../src/shared/anchoring'
import { attributeProblem } from '../src/shared/attribute-rules'
import { collectExport, runExport } from '../src/main/interchange/index'
import { validateNative } from '../src/main/interchange/formats/native'
import { prepareEdits } from '../src/main/workspace/edits'
import { Workspace } from '../src/main/workspace/workspace'
import { makeTempDir } from '../src/main/test-helpers'
import { ANNOTATORS, generateWorkspace, type GenerateOptions } from './generate'

const SMALL: GenerateOptions = { seed: 42, articles: 4, annotators: 3, annotationsPerArticle: 30, wordsPerArticle: 600, linksPerArticle: 6, openColumns: 2 }

/** Every file under `dir`, relative path → bytes (as text). */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const full = path.join(entry.parentPath, entry.name)
    files.set(path.relative(dir, full), await readFile(full, 'utf8'))
  }
  return files
}

describe('generateWorkspace', () => {
  it('writes the same bytes for the same seed, and different ones for another', async () => {
    const [a, b, c] = [await makeTempDir(), await makeTempDir(), await makeTempDir()]
    await generateWorkspace(path.join(a, 'ws'), SMALL)
    await generateWorkspace(path.join(b, 'ws'), SMALL)
    await generateWorkspace(path.join(c, 'ws'), { ...SMALL, seed: 43 })
    const first = await snapshot(path.join(a, 'ws'))
    expect(first.size).toBeGreaterThan(SMALL.articles * 4)
    expect(await snapshot(path.join(b, 'ws'))).toEqual(first)
    const other = await snapshot(path.join(c, 'ws'))
    expect(other.get('corpus/article-0001.txt')).not.toBe(first.get('corpus/article-0001.txt'))
  })

  it('writes a workspace that opens, whose every layer is read and checked, with the counts asked for', async () => {
    const root = path.join(await makeTempDir(), 'ws')
    const generated = await generateWorkspace(root, SMALL)
    expect(generated.annotations).toBe(4 * 30 * 3)
    const workspace = await Workspace.open(root)
    expect(workspace.articleIds).toEqual(['article-0001', 'article-0002', 'article-0003', 'article-0004'])
    expect(await workspace.layers.annotators()).toEqual([...ANNOTATORS].sort((x, y) => x.localeCompare(y)))
    expect((await workspace.uiState()).openArticles).toEqual(['article-0001', 'article-0002'])
    let links = 0
    for (const annotator of ANNOTATORS) {
      const layer = await workspace.layers.layer(annotator, workspace.articleIds)
      expect(layer.annotations).toHaveLength(4 * 30)
      links += layer.links.length
      for (const a of layer.annotations) {
        const text = workspace.article(a.articleId).text
        expect(a.quote).toEqual(quoteAt(text, a.start, a.end))
        const label = workspace.tagset.labels.find((l) => l.id === a.label)
        expect(label, a.label).toBeDefined()
        expect(attributeProblem(label!.attributes, a.attributes, a.note)).toBeNull()
      }
      // some links within an article, some across two
      expect(layer.links.some((l) => l.from.articleId === l.to.articleId)).toBe(true)
      expect(layer.links.some((l) => l.from.articleId !== l.to.articleId)).toBe(true)
    }
    expect(links).toBe(generated.links)
    workspace.close()
  })

  it('writes layers that the app itself would accept as edits, and an export that validates', async () => {
    const root = path.join(await makeTempDir(), 'ws')
    await generateWorkspace(root, SMALL)
    const workspace = await Workspace.open(root)
    for (const annotator of ANNOTATORS) {
      const layer = await workspace.layers.layer(annotator, workspace.articleIds)
      const edits: Edit[] = [
        ...layer.annotations.map((annotation): Edit => ({ op: 'put-annotation', annotation })),
        ...layer.links.map((link): Edit => ({ op: 'put-link', link })),
      ]
      // checked against the text, the tagset, the entities and the link types, as 'edits:apply' checks them; nothing is written
      await expect(
        prepareEdits({ annotator, tagset: workspace.tagset, layers: workspace.layers, entities: await workspace.entities(), articleIds: workspace.articleIds, text: (id) => workspace.article(id).text }, edits),
      ).resolves.toBeDefined()
    }
    const [file] = runExport('native', await collectExport(workspace))
    const { problems, document } = validateNative({ name: file!.path, content: file!.content })
    expect(problems).toEqual([])
    expect(document?.layers.map((l) => l.annotations.length)).toEqual([120, 120, 120])
    workspace.close()
  })

  it('writes English-like text with line breaks, emoji and astral letters', async () => {
    const root = path.join(await makeTempDir(), 'ws')
    await generateWorkspace(root, { seed: 1, articles: 2, annotators: 1, annotationsPerArticle: 100, wordsPerArticle: 1000 })
    const text = await readFile(path.join(root, 'corpus', 'article-0001.txt'), 'utf8')
    const words = text.split(/\s+/).filter(Boolean).length
    expect(words).toBeGreaterThan(950)
    expect(words).toBeLessThan(1100)
    expect(text).toMatch(/\n\n/)
    expect(text).toMatch(/[\u{10000}-\u{10FFFF}]/u)
    expect(text).toMatch(/“[^”]+,” said [A-Z]/)
  })
})
