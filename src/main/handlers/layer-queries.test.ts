/**
 * The channels that let the renderer hold only the articles it shows: the annotation list over the
 * rest of the corpus ('annotations:query') and the links kept in other articles' files that end in
 * the articles it holds ('annotations:linksInto').
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { Annotation } from '../../shared/annotations'
import { CheckedTexts } from '../store/checked-texts'
import { digestOf } from '../store/durable-json-file'
import { JsonStore } from '../store/json-store'
import { annotationOf, call, expectOutput, linkBetween, makeApp } from '../test-helpers'
import { dispatch } from './dispatch'
import { overlaps } from '../workspace/layer-preview'
import { LayerArticleFormat, LayerStore } from '../workspace/layers'
import { Workspace } from '../workspace/workspace'
import { previewInput } from '../../shared/reader'
import { createAppContext, launchApp } from '.'

const CNBC = 'rutte-sworn-in-translated'
const MONTENEGRIN = 'montenegrin-keep-the-west-together'

async function annotatedApp() {
  const app = await makeApp()
  const { context, workspace } = app
  const ada = [
    annotationOf(workspace, CNBC, 'Rutte', { id: 'a1', label: 'speaker', annotator: 'Ada' }),
    annotationOf(workspace, CNBC, 'NATO', { id: 'a2', label: 'claim', annotator: 'Ada', note: 'Check the date.' }),
    annotationOf(workspace, MONTENEGRIN, 'Rute', { id: 'a3', label: 'speaker', annotator: 'Ada' }),
  ]
  await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' })
  await call(context.handlers, 'edits:apply', {
    edits: [...ada.map((annotation) => ({ op: 'put-annotation' as const, annotation })), { op: 'put-link', link: linkBetween('l1', 'same-entity', ada[2]!, ada[0]!, 'Ada') }],
  })
  const bea = annotationOf(workspace, MONTENEGRIN, 'NATO', { id: 'b1', label: 'claim', annotator: 'Bea' })
  await call(context.handlers, 'settings:setAnnotator', { name: 'Bea' })
  await call(context.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation: bea }] })
  return app
}

describe('annotations:query', () => {
  it('lists what passes the filter in corpus order, the first N of M, leaving out the articles the renderer holds', async () => {
    const { context, workspace } = await annotatedApp()
    const cnbcFirst = workspace.articleIds.indexOf(CNBC) < workspace.articleIds.indexOf(MONTENEGRIN)
    const all = await call(context.handlers, 'annotations:query', { filter: {}, limit: 10 })
    expect(all.total).toBe(4)
    expect(all.matched).toBe(4)
    expect(all.annotations.map((a) => a.articleId)).toEqual(cnbcFirst ? [CNBC, CNBC, MONTENEGRIN, MONTENEGRIN] : [MONTENEGRIN, MONTENEGRIN, CNBC, CNBC])

    const claims = await call(context.handlers, 'annotations:query', { filter: { label: 'claim' }, limit: 1 })
    expect(claims).toMatchObject({ matched: 2, total: 4, annotations: [{ id: cnbcFirst ? 'a2' : 'b1' }] })

    const rest = await call(context.handlers, 'annotations:query', { filter: { annotator: 'Ada' }, excludeArticleIds: [CNBC], limit: 10 })
    expect(rest).toMatchObject({ matched: 1, total: 2, annotations: [{ id: 'a3' }] })

    const byNote = await call(context.handlers, 'annotations:query', { filter: { text: 'check THE' }, limit: 10 })
    expect(byNote.annotations.map((a) => a.id)).toEqual(['a2'])
  })
})

describe('annotations:linksInto', () => {
  it('gives the links kept in other articles’ files that end in these articles, and only those', async () => {
    const { context } = await annotatedApp()
    const into = await call(context.handlers, 'annotations:linksInto', { articleIds: [CNBC] })
    expect(into.layers.map((l) => [l.annotator, l.links.map((link) => link.id)])).toEqual([
      ['Ada', ['l1']],
      ['Bea', []],
    ])
    // the link is kept in the Montenegrin article's file: annotations:list of that article brings it
    const from = await call(context.handlers, 'annotations:linksInto', { articleIds: [MONTENEGRIN] })
    expect(from.layers.flatMap((l) => l.links)).toEqual([])
    const both = await call(context.handlers, 'annotations:linksInto', { articleIds: [CNBC, MONTENEGRIN] })
    expect(both.layers.flatMap((l) => l.links)).toEqual([])
  })
})

describe('annotations:list within offsets', () => {
  it('gives every layer’s annotations that overlap the offsets of each article asked for, and none of the links', async () => {
    const { context, workspace } = await annotatedApp()
    const all = await call(context.handlers, 'annotations:list', { articleIds: [CNBC, MONTENEGRIN] })
    const ada = all.layers.find((l) => l.annotator === 'Ada')?.annotations ?? []
    const [first, second] = [...ada.filter((a) => a.articleId === CNBC)].sort((a, b) => a.start - b.start) as [Annotation, Annotation]
    // from the end of the first CNBC annotation to one character into the second
    const within = { start: first.end, end: second.start + 1 }
    const near = await call(context.handlers, 'annotations:list', { articleIds: [CNBC, MONTENEGRIN], within })
    expect(near.annotators).toEqual(['Ada', 'Bea'])
    const ids = (annotator: string) => near.layers.find((l) => l.annotator === annotator)?.annotations.map((a) => a.id)
    const inMontenegrin = (annotator: string) =>
      all.layers.find((l) => l.annotator === annotator)?.annotations.filter((a) => a.articleId === MONTENEGRIN && a.start < within.end && a.end > within.start).map((a) => a.id)
    expect(ids('Ada')).toEqual([second.id, ...(inMontenegrin('Ada') ?? [])])
    expect(ids('Bea')).toEqual(inMontenegrin('Bea'))
    expect(near.layers.flatMap((l) => l.links)).toEqual([])
    expect(all.layers.flatMap((l) => l.links)).not.toEqual([])
    // the whole text: every annotation, as the layers hold them
    const whole = await call(context.handlers, 'annotations:list', { articleIds: [CNBC, MONTENEGRIN], within: { start: 0, end: 1_000_000 } })
    expect(whole.layers.map((l) => l.annotations)).toEqual(all.layers.map((l) => l.annotations))
    expect(workspace.articleIds).toContain(CNBC)
  })

  it('reads only the records within the offsets of files known to pass their checks, and keeps none of them', async () => {
    const { workspace } = await annotatedApp()
    const { root } = workspace
    const ids = [CNBC, MONTENEGRIN]
    // Ada's two articles, Bea's Montenegrin one
    const files = [...ids.map((id) => `annotations/ada/${id}.json`), `annotations/bea/${MONTENEGRIN}.json`]
    const layerStore = (checked?: CheckedTexts) => {
      const store = new JsonStore(root, { checked })
      return { store, layers: new LayerStore(store, (id) => workspace.article(id).meta.sha256, (id) => workspace.article(id).text) }
    }
    const whole = layerStore()
    const within = { start: 0, end: 400 }
    const expected = await Promise.all(['Ada', 'Bea'].map(async (name) => (await whole.layers.layer(name, ids)).annotations.filter((a) => overlaps(a, within))))
    expect(expected.flat().length).toBeGreaterThan(0)
    workspace.close()

    // every file known to pass: none is read whole, nor kept
    const digests = await Promise.all(files.map(async (file) => `${LayerArticleFormat.checks?.()}:${digestOf(await readFile(path.join(root, file)))}`))
    const known = layerStore(new CheckedTexts(path.join(root, 'checked.json'), root, digests))
    expect(await Promise.all(['Ada', 'Bea'].map((name) => known.layers.annotationsWithin(name, ids, within)))).toEqual(expected)
    expect(files.filter((file) => known.store.isOpen(file))).toEqual([])

    // none known: each is read whole, as the layers are, and kept
    const unknown = layerStore(new CheckedTexts(path.join(root, 'checked.json'), root, []))
    expect(await Promise.all(['Ada', 'Bea'].map((name) => unknown.layers.annotationsWithin(name, ids, within)))).toEqual(expected)
    expect(files.filter((file) => unknown.store.isOpen(file))).toEqual(files)
  })

  it('reads none of the open columns’ layers whole for the preview, nor after it: they are read when the app asks for them', async () => {
    const { workspace, dataDir } = await annotatedApp()
    await workspace.updateUiState({ openArticles: [CNBC] })
    const { root } = workspace
    workspace.close()
    // opened once as the app opens it, every file read: the next opening knows them to pass their checks
    const first = await Workspace.open(root, { dataDir, write: 'browser', readFiles: 'in-background' })
    await first.loaded()
    first.close()

    const opened = await Workspace.open(root, { dataDir, write: 'browser', readFiles: 'in-background' })
    const { handlers } = createAppContext({ dataDir, workspace: opened })
    const file = `annotations/ada/${CNBC}.json`
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(opened.store.isOpen(file)).toBe(false) // known to pass its checks: nothing read whole before the preview
    await call(handlers, 'annotations:list', { articleIds: [CNBC], within: { start: 0, end: 100 } })
    await new Promise((resolve) => setTimeout(resolve, 200)) // ample time to read it, were it read ahead
    expect(opened.store.isOpen(file)).toBe(false)
    await call(handlers, 'annotations:list', { articleIds: [CNBC] })
    expect(opened.store.isOpen(file)).toBe(true)
    expect(opened.store.isOpen(`annotations/ada/${MONTENEGRIN}.json`)).toBe(false) // not an open column's
    opened.close()
  })

  it('refuses offsets that are not a span', async () => {
    const { context } = await annotatedApp()
    await expect(call(context.handlers, 'annotations:list', { within: { start: 5, end: 2 } })).rejects.toThrow(/start must not be after end/)
    await expect(call(context.handlers, 'annotations:list', { within: { start: -1, end: 2 } })).rejects.toThrow(/within/)
  })
})

describe('ui:firstScreen', () => {
  it('answers in one call what the open columns show first: the view state, the user, the labels, the texts and the user’s annotations at their start', async () => {
    const { context, workspace } = await annotatedApp()
    await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' })
    await call(context.handlers, 'ui:set', { openArticles: [MONTENEGRIN, CNBC] })
    const first = await call(context.handlers, 'ui:firstScreen', {})
    expect(first.ui).toEqual(await call(context.handlers, 'ui:get', {}))
    expect(first.settings).toEqual({ schemaVersion: 1, annotator: 'Ada' })
    expect(first.columns?.tagset).toEqual(workspace.tagset)
    expect(first.columns?.articles).toEqual([workspace.article(MONTENEGRIN), workspace.article(CNBC)])
    // the preview the app asks for at opening, the same answer: Ada's only (Bea's annotation on the Montenegrin article is not in it)
    const preview = await call(context.handlers, 'annotations:list', previewInput([MONTENEGRIN, CNBC], 'Ada'))
    expect(first.columns?.preview).toEqual(preview)
    expect(preview.layers.map((l) => [l.annotator, l.annotations.map((a) => a.id).sort()])).toEqual([['Ada', ['a1', 'a2', 'a3']]])
    // asked as the app asks, each article once (a view state may name one twice)
    expect(previewInput([CNBC, MONTENEGRIN, CNBC], 'Ada')).toEqual(previewInput([CNBC, MONTENEGRIN], 'Ada'))
    workspace.close()
  })

  it('shows no columns when none is open or no user is named yet, and leaves out an article the corpus no longer has', async () => {
    const { workspace, dataDir } = await annotatedApp()
    const { root } = workspace
    workspace.close()
    // the view state of a corpus that has lost an article since it was written
    await writeFile(path.join(root, '.parallax', 'ui.json'), JSON.stringify({ schemaVersion: 1, openArticles: ['gone-from-the-corpus', CNBC], sidebarOpen: true }))
    const reopened = await Workspace.open(root, { dataDir })
    const { handlers } = createAppContext({ dataDir, workspace: reopened })
    const first = await call(handlers, 'ui:firstScreen', {})
    expect(first.ui.openArticles).toEqual([CNBC])
    expect(first.columns?.articles.map((a) => a.meta.id)).toEqual([CNBC])

    await call(handlers, 'ui:set', { openArticles: [] })
    expect((await call(handlers, 'ui:firstScreen', {})).columns).toBeNull() // no column open
    const unnamed = await makeApp()
    await unnamed.workspace.updateUiState({ openArticles: [CNBC] })
    expect(await call(unnamed.context.handlers, 'ui:firstScreen', {})).toMatchObject({ settings: { annotator: null }, columns: null })
    reopened.close()
    unnamed.workspace.close()
  })
  /** Ada's app with two columns open, launched again as the app launches (`prepareFirstScreen`), the preview's reads counted. */
  async function launchedAgain(options: { uiUnreadableOnce?: boolean } = {}) {
    const { context, workspace, dataDir } = await annotatedApp()
    await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' })
    await call(context.handlers, 'ui:set', { openArticles: [MONTENEGRIN, CNBC] })
    const { root } = workspace
    workspace.close()
    const reopened = await Workspace.open(root, { dataDir })
    const previewReads = vi.spyOn(reopened.layers, 'annotationsWithin')
    const uiReads = vi.spyOn(reopened, 'uiState')
    if (options.uiUnreadableOnce) uiReads.mockRejectedValueOnce(new Error('the disk was busy'))
    const launched = createAppContext({ dataDir, workspace: reopened, prepareFirstScreen: true })
    return { handlers: launched.handlers, launched, reopened, previewReads, uiReads }
  }

  it('is made as the app launches, and the first call takes it even after the calls the page makes with it', async () => {
    const { handlers, reopened, previewReads } = await launchedAgain()
    await vi.waitFor(() => expect(previewReads).toHaveBeenCalledTimes(1)) // before any call
    // asked with it as the page asks: reading, they leave it as it is
    await call(handlers, 'workspace:info', {})
    await call(handlers, 'corpus:list', {})
    const first = await call(handlers, 'ui:firstScreen', {})
    expect(previewReads).toHaveBeenCalledTimes(1)
    // the same as one made when asked, which the next call is (a reload's)
    const again = await call(handlers, 'ui:firstScreen', {})
    expect(previewReads).toHaveBeenCalledTimes(2)
    expect(first).toEqual(again)
    expect(first.columns?.preview.layers.map((l) => [l.annotator, l.annotations.map((a) => a.id).sort()])).toEqual([['Ada', ['a1', 'a2', 'a3']]])
    reopened.close()
  })

  it('is made again when a call that changes what it shows comes before the first', async () => {
    const columns = await launchedAgain()
    await vi.waitFor(() => expect(columns.previewReads).toHaveBeenCalledTimes(1))
    await call(columns.handlers, 'ui:set', { openArticles: [CNBC] })
    const first = await call(columns.handlers, 'ui:firstScreen', {})
    expect(first.ui.openArticles).toEqual([CNBC])
    expect(first.columns?.articles.map((a) => a.meta.id)).toEqual([CNBC])
    columns.reopened.close()

    const user = await launchedAgain()
    await vi.waitFor(() => expect(user.previewReads).toHaveBeenCalledTimes(1))
    await call(user.handlers, 'settings:setAnnotator', { name: 'Bea' })
    const bea = await call(user.handlers, 'ui:firstScreen', {})
    expect(bea.settings.annotator).toBe('Bea')
    expect(bea.columns?.preview.layers.map((l) => [l.annotator, l.annotations.map((a) => a.id)])).toEqual([['Bea', ['b1']]])
    user.reopened.close()

    const edited = await launchedAgain()
    await vi.waitFor(() => expect(edited.previewReads).toHaveBeenCalledTimes(1))
    const added = annotationOf(edited.reopened, CNBC, 'Secretary General', { id: 'a4', label: 'claim', annotator: 'Ada' })
    await call(edited.handlers, 'edits:apply', { edits: [{ op: 'put-annotation', annotation: added }] })
    const withEdit = await call(edited.handlers, 'ui:firstScreen', {})
    expect(withEdit.columns?.preview.layers[0]?.annotations.map((a) => a.id).sort()).toEqual(['a1', 'a2', 'a3', 'a4'])
    edited.reopened.close()

    const moved = await launchedAgain()
    await vi.waitFor(() => expect(moved.previewReads).toHaveBeenCalledTimes(1))
    const other = await makeApp()
    other.workspace.close()
    await call(moved.handlers, 'workspace:open', { path: other.workspace.root })
    const elsewhere = await call(moved.handlers, 'ui:firstScreen', {})
    expect(elsewhere.ui.openArticles).toEqual([]) // the other workspace's view state: no column open there
    expect(elsewhere.columns).toBeNull()
    moved.launched.workspace().close()
  })

  it('is made by an app’s launch', async () => {
    const { context, workspace, dataDir } = await annotatedApp()
    await call(context.handlers, 'settings:setAnnotator', { name: 'Ada' })
    await call(context.handlers, 'ui:set', { openArticles: [CNBC] })
    workspace.close()
    const previewReads = vi.spyOn(LayerStore.prototype, 'annotationsWithin')
    try {
      const app = launchApp(dataDir, workspace.root, 'browser')
      const launched = await app.opening
      await launched.workspace().loaded() // the background read gives way to it: it is made by then
      expect(previewReads).toHaveBeenCalledTimes(1)
      const made = launched.firstScreen()
      // asked through the launch's own handlers, as browser mode's host and Electron's window do
      const first = await dispatch(app.handlers, 'ui:firstScreen', {})
      expect(previewReads).toHaveBeenCalledTimes(1)
      expect(expectOutput('ui:firstScreen', first.ok ? first.value : first).columns?.articles.map((a) => a.meta.id)).toEqual([CNBC])
      // the very value the launch made, for the browser host to have made its answer's text ahead (host.ts); taken now
      expect(first.ok && first.value).toBe(await made)
      expect(launched.firstScreen()).toBeNull()
      launched.workspace().close()
    } finally {
      previewReads.mockRestore()
    }
  })

  it('is made again when asked if making it at launch failed', async () => {
    const { handlers, reopened, uiReads } = await launchedAgain({ uiUnreadableOnce: true })
    expect(uiReads).toHaveBeenCalledTimes(1)
    const first = await call(handlers, 'ui:firstScreen', {})
    expect(first.ui.openArticles).toEqual([MONTENEGRIN, CNBC])
    expect(first.columns?.articles).toHaveLength(2)
    reopened.close()
  })
})
