/**
 * Round trips, as docs/formats.md's table promises them: export a rich workspace, import the files
 * into a fresh workspace of the same corpus, export that as Parallax JSON, and compare with the
 * original export for exactly what the format carries. Spans are compared by the text they cover.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport } from '../../shared/annotations'
import type { AttributeValues } from '../../shared/tagset'
import { snapshotFiles } from '../test-helpers'
import { annotatorSlug } from '../workspace/layers'
import type { Workspace } from '../workspace/workspace'
import { ParallaxDocument } from './formats/native'
import { collectExport, readImport, runExport, saveImport } from './index'
import type { ExportFile, ImportFormat } from './model'
import { ANA, BO, EMOJI, EMOJI_TEXT, ENTITIES, freshApp, richApp, richCorpus, seedEntities, SEMAFOR, SWORN_IN } from './test-workspace'

const IMPORT_TIME = '2030-01-02T03:04:05.000Z'
const LATER = '2031-06-07T08:09:10.000Z'

let corpus: string
let original: string
let originalDoc: ParallaxDocument
let exports: Record<ImportFormat, ExportFile[]>

beforeAll(async () => {
  corpus = await richCorpus(await mkdtemp(path.join(os.tmpdir(), 'parallax-corpus-')))
  const app = await richApp(corpus)
  const input = await collectExport(app.workspace)
  original = runExport('native', input)[0]!.content
  originalDoc = ParallaxDocument.parse(JSON.parse(original))
  exports = {
    native: runExport('native', input),
    w3c: runExport('w3c', input),
    brat: runExport('brat', input),
    labelstudio: runExport('labelstudio', input),
  }
})

afterAll(() => rm(corpus, { recursive: true, force: true }))

/** What each format's import is given: brat's files go in one annotator's folder at a time. */
function importsOf(format: ImportFormat): { annotator?: string; files: { name: string; content: string }[] }[] {
  const files = exports[format].map((f) => ({ name: f.path, content: f.content }))
  if (format === 'labelstudio') return [{ files: files.filter((f) => f.name === 'tasks.json') }]
  if (format !== 'brat') return [{ files }]
  return [ANA, BO].map((annotator) => ({ annotator, files: files.filter((f) => f.name.startsWith(`${annotatorSlug(annotator)}/`)) }))
}

async function importAll(workspace: Workspace, format: ImportFormat, now = IMPORT_TIME): Promise<ImportReport[]> {
  const reports: ImportReport[] = []
  for (const { annotator, files } of importsOf(format)) reports.push(await saveImport(workspace, readImport(workspace, format, files, annotator, now), `${format} export`))
  return reports
}

async function nativeOf(workspace: Workspace): Promise<string> {
  return runExport('native', await collectExport(workspace))[0]!.content
}

/** What a format keeps, per docs/formats.md; everything else is left out of the comparison. */
interface Carries {
  annotationIds: boolean
  times: boolean
  crossArticleLinks: boolean
  linkIds: boolean
  linkAttributes: boolean
  linkNotes: boolean
  articleNotes: boolean
  /** A yes/no attribute left unticked (false) comes back as unset. */
  falseIsUnset: boolean
}

const normalize = (values: AttributeValues, carries: Carries): AttributeValues =>
  Object.fromEntries(Object.entries(values).filter(([, v]) => v !== null && !(carries.falseIsUnset && v === false)))

/** A document as the format can carry it, with every span named by its article, label, offsets and the text it covers. */
function project(document: ParallaxDocument, carries: Carries) {
  const texts = new Map<string, string>()
  const textOf = (id: string) => texts.get(id) ?? ''
  texts.set(EMOJI, EMOJI_TEXT)
  return {
    entities: document.entities,
    layers: document.layers.map((layer) => {
      const keys = new Map(layer.annotations.map((a) => [a.id, `${a.articleId} ${a.label} ${a.start}-${a.end} ${JSON.stringify(a.quote.exact)}`]))
      return {
        annotator: layer.annotator,
        annotations: layer.annotations
          .map((a) => ({
            key: keys.get(a.id),
            quote: a.quote,
            covered: a.articleId === EMOJI ? textOf(a.articleId).slice(a.start, a.end) : a.quote.exact,
            attributes: normalize(a.attributes, carries),
            note: a.note,
            annotator: a.annotator,
            ...(carries.annotationIds ? { id: a.id } : {}),
            ...(carries.times ? { created: a.created, modified: a.modified } : {}),
          }))
          .sort((a, b) => (a.key! < b.key! ? -1 : 1)),
        links: layer.links
          .filter((l) => carries.crossArticleLinks || l.from.articleId === l.to.articleId)
          .map((l) => ({
            type: l.type,
            from: keys.get(l.from.annotationId),
            to: keys.get(l.to.annotationId),
            annotator: l.annotator,
            ...(carries.linkIds ? { id: l.id } : {}),
            ...(carries.linkAttributes ? { attributes: l.attributes } : {}),
            ...(carries.linkNotes ? { note: l.note } : {}),
            ...(carries.times ? { created: l.created, modified: l.modified } : {}),
          }))
          .sort((a, b) => (`${a.from} ${a.to} ${a.type}` < `${b.from} ${b.to} ${b.type}` ? -1 : 1)),
        articleNotes: carries.articleNotes ? layer.articleNotes : [],
      }
    }),
  }
}

describe('the rich workspace', () => {
  it('has what the round trips are to carry: two layers, every label, emoji and CRLF spans, links across articles, notes, entities', () => {
    expect(originalDoc.layers.map((l) => l.annotator)).toEqual([ANA, BO])
    const ana = originalDoc.layers[0]!
    expect(new Set(ana.annotations.map((a) => a.label))).toEqual(new Set(['claim', 'speaker', 'quote', 'translation-error']))
    const crlf = ana.annotations.find((a) => a.id === 'ana-e4')!
    expect(crlf.quote.exact).toBe('said\r\nMark Rute 👍🏽 went')
    expect(EMOJI_TEXT.slice(crlf.start, crlf.end)).toBe(crlf.quote.exact)
    expect(ana.links.some((l) => l.from.articleId !== l.to.articleId)).toBe(true)
    expect(ana.links.some((l) => Object.keys(l.attributes).length > 0 && l.from.articleId === l.to.articleId)).toBe(true)
    expect(ana.articleNotes).toHaveLength(2)
    expect(originalDoc.entities.map((e) => e.name)).toEqual(['Kamala Harris', 'Mark Rutte', 'NATO'])
    expect(originalDoc.articles.map((a) => a.id)).toContain(EMOJI)
  })
})

describe('Parallax JSON round trip', () => {
  it('gives back the same bytes: every annotation, link, note, entity, id and time', async () => {
    const fresh = await freshApp(corpus)
    const [report] = await importAll(fresh.workspace, 'native')
    expect(report).toMatchObject({ annotators: [ANA, BO], annotations: 21, links: 11, entities: 3, articleNotes: 3, reanchored: [], notes: [] })
    expect(await nativeOf(fresh.workspace)).toBe(original)
  })

  it('imported twice, changes no file', async () => {
    const fresh = await freshApp(corpus)
    await importAll(fresh.workspace, 'native')
    const once = await snapshotFiles(fresh.workspace.root)
    await importAll(fresh.workspace, 'native', LATER)
    expect(await snapshotFiles(fresh.workspace.root)).toEqual(once)
  })

  it('brings in the entities of a file that has no layers yet', async () => {
    const source = await freshApp(corpus)
    await seedEntities(source.context.handlers)
    const [file] = runExport('native', await collectExport(source.workspace))
    expect(ParallaxDocument.parse(JSON.parse(file!.content)).layers).toEqual([])
    const fresh = await freshApp(corpus)
    const report = await saveImport(fresh.workspace, readImport(fresh.workspace, 'native', [{ name: file!.path, content: file!.content }], undefined), file!.path)
    expect(report).toMatchObject({ annotators: [], annotations: 0, entities: 3 })
    const byId = (list: { id: string }[]) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1))
    expect(byId((await fresh.workspace.entities()).data.entities)).toEqual(byId((await source.workspace.entities()).data.entities))
  })

  it('into a workspace that knows an entity under the same name, keeps the workspace entity and merges the aliases', async () => {
    const fresh = await freshApp(corpus)
    await fresh.context.handlers['settings:setAnnotator']({ name: 'Cy' })
    await fresh.context.handlers['edits:apply']({
      edits: [{ op: 'put-entity', entity: { ...ENTITIES.rutte, id: 'rutte-here', aliases: ['Mr Rutte'], createdBy: 'Cy' } }],
    })
    await importAll(fresh.workspace, 'native')
    const doc = ParallaxDocument.parse(JSON.parse(await nativeOf(fresh.workspace)))
    expect(doc.entities.find((e) => e.name === 'Mark Rutte')).toMatchObject({ id: 'rutte-here', aliases: ['Mr Rutte', 'Rutte', 'Rute'] })
    expect(doc.entities.some((e) => e.id === ENTITIES.rutte.id)).toBe(false)
    const speakers = doc.layers.flatMap((l) => l.annotations).filter((a) => a.label === 'speaker' && a.quote.exact.startsWith('Mark'))
    expect(speakers.length).toBeGreaterThan(0)
    for (const speaker of speakers) expect(speaker.attributes.entity).toBe('rutte-here')
  })
})

describe('W3C round trip', () => {
  const carries: Carries = { annotationIds: true, times: true, crossArticleLinks: true, linkIds: true, linkAttributes: true, linkNotes: true, articleNotes: true, falseIsUnset: false }

  it('into a workspace that has the entities, gives back the same bytes (W3C drops only the registry)', async () => {
    const fresh = await freshApp(corpus)
    await seedEntities(fresh.context.handlers)
    const [report] = await importAll(fresh.workspace, 'w3c')
    expect(report).toMatchObject({ annotators: [ANA, BO], annotations: 21, links: 11, entities: 0, articleNotes: 3, reanchored: [], notes: [] })
    const again = await nativeOf(fresh.workspace)
    expect(project(ParallaxDocument.parse(JSON.parse(again)), carries)).toEqual(project(originalDoc, carries))
    expect(again).toBe(original)
  })

  it('into a workspace without the entities, keeps the rest and says which Speakers lost their entity', async () => {
    const fresh = await freshApp(corpus)
    const [report] = await importAll(fresh.workspace, 'w3c')
    const speakers = originalDoc.layers.flatMap((l) => l.annotations).filter((a) => a.label === 'speaker')
    expect(report!.notes).toHaveLength(speakers.length)
    expect(report!.notes).toContain(`${ANA}'s "Kamala Harry" in ${EMOJI}: its entity "ent-harris" is not in this workspace's registry, so the Speaker was imported without it.`)
    const doc = ParallaxDocument.parse(JSON.parse(await nativeOf(fresh.workspace)))
    expect(doc.entities).toEqual([])
    const withoutEntities = (d: ParallaxDocument): ParallaxDocument => ({
      ...d,
      entities: [],
      layers: d.layers.map((l) => ({ ...l, annotations: l.annotations.map((a) => ({ ...a, attributes: Object.fromEntries(Object.entries(a.attributes).filter(([k]) => k !== 'entity')) })) })),
    })
    expect(project(doc, carries)).toEqual(project(withoutEntities(originalDoc), carries))
  })

  it('imported twice, changes no file', async () => {
    const fresh = await freshApp(corpus)
    await seedEntities(fresh.context.handlers)
    await importAll(fresh.workspace, 'w3c')
    const once = await snapshotFiles(fresh.workspace.root)
    await importAll(fresh.workspace, 'w3c', LATER)
    expect(await snapshotFiles(fresh.workspace.root)).toEqual(once)
  })
})

describe('brat round trip', () => {
  // brat drops links across articles, link attributes, article notes, times and ids (made from the T/R ids)
  const carries: Carries = { annotationIds: false, times: false, crossArticleLinks: false, linkIds: false, linkAttributes: false, linkNotes: true, articleNotes: false, falseIsUnset: true }

  it('keeps spans, labels, every attribute, notes, Speakers’ entities and links within an article', async () => {
    const fresh = await freshApp(corpus)
    await seedEntities(fresh.context.handlers)
    const reports = await importAll(fresh.workspace, 'brat')
    expect(reports.map((r) => r.annotators)).toEqual([[ANA], [BO]])
    expect(reports.flatMap((r) => r.reanchored)).toEqual([])
    expect(reports.flatMap((r) => r.notes)).toEqual([])
    const doc = ParallaxDocument.parse(JSON.parse(await nativeOf(fresh.workspace)))
    expect(project(doc, carries)).toEqual(project(originalDoc, carries))
    // what it does not carry is gone, as the table says
    const ana = doc.layers.find((l) => l.annotator === ANA)!
    expect(ana.articleNotes).toEqual([])
    expect(ana.links.every((l) => l.from.articleId === l.to.articleId && Object.keys(l.attributes).length === 0)).toBe(true)
    expect(ana.annotations.every((a) => a.id.startsWith('brat-') && a.created === IMPORT_TIME && a.modified === IMPORT_TIME)).toBe(true)
    expect(ana.annotations.find((a) => a.label === 'claim' && a.articleId === SWORN_IN && a.quote.exact.startsWith('Rutte was'))!.attributes).not.toHaveProperty('hedged')
  })

  it('imported twice with the same time, changes no file; at a later time only created and modified change', async () => {
    const fresh = await freshApp(corpus)
    await seedEntities(fresh.context.handlers)
    await importAll(fresh.workspace, 'brat')
    const once = await snapshotFiles(fresh.workspace.root)
    await importAll(fresh.workspace, 'brat')
    expect(await snapshotFiles(fresh.workspace.root)).toEqual(once)
    await importAll(fresh.workspace, 'brat', LATER)
    const later = await snapshotFiles(fresh.workspace.root)
    expect(Object.keys(later)).toEqual(Object.keys(once))
    for (const [file, content] of Object.entries(later)) {
      // brat keeps no times: a record read again gets the import's time (documented in the report)
      expect(content.replaceAll(LATER, IMPORT_TIME), file).toBe(once[file])
    }
  })
})

describe('Label Studio round trip', () => {
  // Label Studio drops links across articles, link attributes and notes, article notes and times; keeps annotation ids (meta.parallaxId)
  const carries: Carries = { annotationIds: true, times: false, crossArticleLinks: false, linkIds: false, linkAttributes: false, linkNotes: false, articleNotes: false, falseIsUnset: true }

  it('keeps spans, labels, ids, every attribute, notes, Speakers’ entities and links within an article', async () => {
    const fresh = await freshApp(corpus)
    await seedEntities(fresh.context.handlers)
    const [report] = await importAll(fresh.workspace, 'labelstudio')
    expect(report).toMatchObject({ annotators: [ANA, BO], annotations: 21, reanchored: [], notes: [] })
    const doc = ParallaxDocument.parse(JSON.parse(await nativeOf(fresh.workspace)))
    expect(project(doc, carries)).toEqual(project(originalDoc, carries))
    const ana = doc.layers.find((l) => l.annotator === ANA)!
    expect(ana.articleNotes).toEqual([])
    expect(ana.links.every((l) => l.from.articleId === l.to.articleId && l.note === '' && Object.keys(l.attributes).length === 0)).toBe(true)
  })

  it('imported twice with the same time, changes no file; at a later time only created and modified change', async () => {
    const fresh = await freshApp(corpus)
    await seedEntities(fresh.context.handlers)
    await importAll(fresh.workspace, 'labelstudio')
    const once = await snapshotFiles(fresh.workspace.root)
    await importAll(fresh.workspace, 'labelstudio')
    expect(await snapshotFiles(fresh.workspace.root)).toEqual(once)
    await importAll(fresh.workspace, 'labelstudio', LATER)
    const later = await snapshotFiles(fresh.workspace.root)
    for (const [file, content] of Object.entries(later)) expect(content.replaceAll(LATER, IMPORT_TIME), file).toBe(once[file])
  })
})

describe('spans after emoji and across CRLF survive every format', () => {
  it.each(['native', 'w3c', 'brat', 'labelstudio'] as const)('%s', async (format) => {
    const fresh = await freshApp(corpus)
    await seedEntities(fresh.context.handlers)
    await importAll(fresh.workspace, format)
    const layer = await fresh.workspace.layers.layer(ANA, [EMOJI, SEMAFOR])
    const covered = layer.annotations
      .filter((a) => a.articleId === EMOJI)
      .sort((a, b) => a.start - b.start || (a.label < b.label ? -1 : 1))
      .map((a) => [a.label, EMOJI_TEXT.slice(a.start, a.end), a.quote.exact])
    expect(covered).toEqual([
      ['quote', '"Kamala Harry" 𝕏 said', '"Kamala Harry" 𝕏 said'],
      ['speaker', 'Kamala Harry', 'Kamala Harry'],
      ['translation-error', 'Kamala Harry', 'Kamala Harry'],
      ['claim', 'said\r\nMark Rute 👍🏽 went', 'said\r\nMark Rute 👍🏽 went'],
      ['speaker', 'Mark Rute', 'Mark Rute'],
      ['translation-error', '𝔘', '𝔘'],
    ])
  })
})
