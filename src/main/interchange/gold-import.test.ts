/**
 * The gold layer in imports: only what a review settled goes into gold. A file's gold layer comes in
 * when each of its annotations says how it was settled (as a Parallax JSON export of gold does); a
 * person's work never does, under the name "gold" or by carrying an adjudication.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Adjudication, Decision } from '../../shared/annotations'
import { GOLD } from '../../shared/gold'
import { AppError } from '../../shared/result'
import { snapshotFiles } from '../test-helpers'
import { ParallaxDocument } from './formats/native'
import { collectExport, readImport, runExport, saveImport } from './index'
import { ANA, freshApp, richApp, richCorpus } from './test-workspace'

const SETTLED: Adjudication = { decision: 'took', agreed: [], adjudicator: 'Ana Petrović', at: '2030-01-01T00:00:00.000Z', rationale: '', sources: [] }

let corpus: string
let doc: ParallaxDocument

beforeAll(async () => {
  corpus = await richCorpus(await mkdtemp(path.join(os.tmpdir(), 'parallax-gold-import-')))
  const app = await richApp(corpus)
  doc = ParallaxDocument.parse(JSON.parse(runExport('native', await collectExport(app.workspace, { annotators: [ANA] }))[0]!.content))
  app.workspace.close()
})

afterAll(() => rm(corpus, { recursive: true, force: true }))

type FileAnnotation = ParallaxDocument['layers'][number]['annotations'][number]

/** Ana's export, its layer renamed, its annotations changed by `change` (or none), with decisions if given. */
function variant(annotator: string, change: ((a: FileAnnotation) => object) | null = (a) => a, decisions?: Decision[]): string {
  const layer = doc.layers[0]!
  const annotations = change ? layer.annotations.map((a) => ({ ...change(a), annotator })) : []
  return JSON.stringify({ ...doc, layers: [{ ...layer, annotator, links: [], annotations, ...(decisions ? { decisions } : {}) }] })
}

/** A decision of the review on the first annotation's place, putting `goldIds` into gold. */
const decision = (kind: Decision['decision'], goldIds: string[]): Decision => {
  const first = doc.layers[0]!.annotations[0]!
  return { key: `${first.articleId}:${first.start}-${first.end}`, articleId: first.articleId, decision: kind, from: [ANA], goldIds, adjudicator: ANA, at: SETTLED.at, rationale: '' }
}

async function importInto(content: string, annotator?: string) {
  const app = await freshApp(corpus)
  const before = await snapshotFiles(app.workspace.root)
  const attempt = (async () => saveImport(app.workspace, readImport(app.workspace, 'native', [{ name: 'gold.json', content }], annotator), 'gold.json'))()
  return { app, before, attempt }
}

describe('the gold layer in an import', () => {
  it('is refused as the name to import a person’s work under, and nothing is written', async () => {
    for (const name of ['gold', ' Gold ']) {
      const { app, before, attempt } = await importInto(variant(ANA), name)
      await expect(attempt).rejects.toThrow(AppError)
      await expect(attempt).rejects.toThrow(/annotator name won't do \("gold" is the name of the gold layer, which only the review writes/)
      expect(await snapshotFiles(app.workspace.root)).toEqual(before)
      app.workspace.close()
    }
  })

  it('is refused when its annotations say nothing of a review, and nothing is written', async () => {
    const { app, before, attempt } = await importInto(variant(GOLD))
    await expect(attempt).rejects.toThrow(/gold layer has \d+ annotations that no review settled \(no adjudication\)/)
    expect(await snapshotFiles(app.workspace.root)).toEqual(before)
    expect(await app.workspace.layers.annotators()).toEqual([])
    app.workspace.close()
  })

  it('refuses an adjudication in a person’s layer', async () => {
    const { app, attempt } = await importInto(variant(ANA, (a) => ({ ...a, adjudication: SETTLED })))
    await expect(attempt).rejects.toThrow(/it says how a review settled it \(adjudication\), which only the gold layer's annotations do/)
    app.workspace.close()
  })

  it('is refused when a decision put into gold what is neither in the file nor in the workspace', async () => {
    const { app, attempt } = await importInto(variant(GOLD, null, [decision('took', ['not-anywhere'])]))
    await expect(attempt).rejects.toThrow(/gold layer has 1 decision whose gold annotations are neither in the file nor in this workspace's gold, such as /)
    app.workspace.close()
  })

  it('comes in with rejections only, which put nothing into gold', async () => {
    const { app, attempt } = await importInto(variant(GOLD, null, [decision('rejected', [])]))
    expect((await attempt).annotators).toEqual([GOLD])
    expect((await app.workspace.layers.layer(GOLD, app.workspace.articleIds)).decisions).toHaveLength(1)
    app.workspace.close()
  })

  it('keeps a review’s decisions out of a person’s layer, saying so in plain words', async () => {
    const { app, attempt } = await importInto(variant(GOLD, (a) => ({ ...a, adjudication: SETTLED }), [decision('rejected', [])]), 'Marko')
    await expect(attempt).rejects.toThrow(`Marko's layer holds 1 decision of a review, which only the gold layer has: import the gold layer under its own name, "gold"`)
    app.workspace.close()
  })

  it('comes in when every annotation says how it was settled, as an export of gold does', async () => {
    const { app, attempt } = await importInto(variant(GOLD, (a) => ({ ...a, adjudication: SETTLED })))
    const report = await attempt
    expect(report.annotators).toEqual([GOLD])
    expect(report.annotations).toBe(doc.layers[0]!.annotations.length)
    const gold = await app.workspace.layers.layer(GOLD, app.workspace.articleIds)
    expect(gold.annotations.every((a) => a.adjudication?.decision === 'took')).toBe(true)
    app.workspace.close()
  })
})
