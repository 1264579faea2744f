/**
 * Annotators' layers on disk, through the real handler table: one folder per annotator, named by a
 * slug of the name and claimed by its _layer.json; 'annotations:list' reads them all back.
 */
import { cp, mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { Annotation, Edit } from '../../shared/annotations'
import { dispatch, type Handlers } from '../handlers/dispatch'
import { createAppContext } from '../handlers/index'
import { formatJson } from '../store/durable-json-file'
import { annotationOf, call, expectFailure, makeApp, makeTempDir, snapshotFiles } from '../test-helpers'
import { checkedFileOf } from '../store/checked-texts'
import { annotatorSlug, compactLayerFile, LAYER_SCHEMA_VERSION, LayerArticleFormat, type LayerArticleFile } from './layers'
import { Workspace } from './workspace'

const SWORN_IN = 'rutte-sworn-in-translated'
const SEMAFOR = 'semafor-rutte-trump-whisperer'

const put = (annotation: Annotation): Edit => ({ op: 'put-annotation', annotation })

/** Sets the annotator and saves one action as them. */
async function saveAs(handlers: Handlers, annotator: string, ...edits: Edit[]): Promise<void> {
  await call(handlers, 'settings:setAnnotator', { name: annotator })
  await call(handlers, 'edits:apply', { edits })
}

const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'))

describe('compactLayerFile', () => {
  const text = 'Mark Rutte took office as NATO Secretary General on 1 October.'
  const fileWith = (quote: Annotation['quote'], start: number, end: number): LayerArticleFile => ({
    schemaVersion: LAYER_SCHEMA_VERSION,
    annotator: 'Ana',
    articleId: 'a',
    textSha256: '0'.repeat(64),
    annotations: [{ id: 'x', articleId: 'a', start, end, unit: 'utf16', quote, label: 'claim', attributes: {}, note: '', annotator: 'Ana', created: '2026-01-01T00:00:00.000Z', modified: '2026-01-01T00:00:00.000Z' }],
    links: [],
    articleNote: null,
  })

  it('keeps every quote as it was read: taken from the text when the text says it there, else the stored one', () => {
    const start = text.indexOf('NATO')
    const fits = { exact: 'NATO', prefix: 'took office as ', suffix: ' Secretary' }
    const shared = compactLayerFile(fileWith(fits, start, start + 4), text).annotations[0]?.quote
    expect(shared).toEqual(fits)
    expect(shared).not.toBe(fits) // taken from the text
    // the article changed since (or the file was edited by hand): the quote is what the file says
    const stale = { exact: 'NATO', prefix: 'became ', suffix: ' chief' }
    const file = fileWith(stale, start, start + 4)
    expect(compactLayerFile(file, text).annotations[0]?.quote).toBe(stale)
    expect(compactLayerFile(fileWith(stale, 2, 6), text).annotations[0]?.quote).toBe(stale)
  })
})

describe('annotatorSlug', () => {
  it('makes a readable folder name of a name', () => {
    expect(annotatorSlug('Ana Pereira')).toBe('ana-pereira')
    expect(annotatorSlug('Ana P')).toBe('ana-p')
    expect(annotatorSlug('ana-p')).toBe('ana-p')
    expect(annotatorSlug('  José Müller-Łukasz ')).toBe('jose-muller-ukasz')
    expect(annotatorSlug('x'.repeat(80))).toHaveLength(60)
  })

  it('never makes a path: no slash, no dot folder, never empty', () => {
    for (const name of ['../evil', '../../outside', '/', '/etc/passwd', '..', '.', 'a/b', 'a\\b', '~', '李明', '...', 'C:\\Windows']) {
      const slug = annotatorSlug(name)
      expect(slug, name).toMatch(/^[a-z0-9][a-z0-9-]*$/)
      expect(slug.length, name).toBeGreaterThan(0)
    }
    expect(annotatorSlug('../evil')).toBe('evil')
    expect(annotatorSlug('/etc/passwd')).toBe('etc-passwd')
  })

  it('names a name with no letters or digits it can keep by a hash, different for different names', () => {
    expect(annotatorSlug('李明')).toMatch(/^annotator-[0-9a-f]{8}$/)
    expect(annotatorSlug('王芳')).toMatch(/^annotator-[0-9a-f]{8}$/)
    expect(annotatorSlug('李明')).not.toBe(annotatorSlug('王芳'))
    expect(annotatorSlug('李明')).toBe(annotatorSlug('李明'))
  })
})

describe("'annotations:list'", () => {
  it('lists no annotators and no layers in a new workspace', async () => {
    const { context } = await makeApp()
    expect(await call(context.handlers, 'annotations:list', {})).toEqual({ annotators: [], layers: [] })
  })

  it("returns every annotator's layer, and names them all", async () => {
    const { context, workspace } = await makeApp()
    const h = context.handlers
    const ana = annotationOf(workspace, SWORN_IN, 'Kamala Harry', { id: 'ana-1', label: 'translation-error', annotator: 'Ana Pereira', attributes: { category: 'accuracy/named entity' } })
    const bo = annotationOf(workspace, SWORN_IN, 'Kamala Harry', { id: 'bo-1', label: 'speaker', annotator: 'Bo Chen' })
    const boSemafor = annotationOf(workspace, SEMAFOR, 'Jens Stoltenberg', { id: 'bo-2', label: 'speaker', annotator: 'Bo Chen' })
    await saveAs(h, 'Bo Chen', put(bo), put(boSemafor))
    await saveAs(h, 'Ana Pereira', put(ana))

    const listed = await call(h, 'annotations:list', {})
    expect(listed.annotators).toEqual(['Ana Pereira', 'Bo Chen'])
    expect(listed.layers.map((l) => [l.annotator, l.annotations.map((a) => a.id)])).toEqual([
      ['Ana Pereira', ['ana-1']],
      ['Bo Chen', ['bo-2', 'bo-1']], // in corpus order: Semafor's article comes first
    ])
    // the same span, annotated by both, stays two annotations in two files
    expect(await readdir(path.join(workspace.root, 'annotations'))).toEqual(expect.arrayContaining(['ana-pereira', 'bo-chen']))
    expect((await readJson(path.join(workspace.root, 'annotations', 'bo-chen', `${SWORN_IN}.json`))) as object).toMatchObject({ annotator: 'Bo Chen', annotations: [{ id: 'bo-1' }] })
  })

  it("names the annotators in the same order on every machine: by their characters' codes, not by the machine's language", async () => {
    const { context, workspace } = await makeApp()
    const names = ['Zoë Berg', 'anna Lind', 'Örjan Ek', 'Oskar Falk']
    for (const [i, name] of names.entries()) {
      await saveAs(context.handlers, name, put(annotationOf(workspace, SWORN_IN, 'Kamala Harry', { id: `n-${i}`, label: 'speaker', annotator: name })))
    }
    // an English locale would say anna, Örjan, Oskar, Zoë; a Swedish one anna, Oskar, Zoë, Örjan: `parallax agreement`'s report would follow
    const inOrder = ['Oskar Falk', 'Zoë Berg', 'anna Lind', 'Örjan Ek']
    expect((await call(context.handlers, 'annotations:list', {})).annotators).toEqual(inOrder)
    expect(await (await Workspace.open(workspace.root)).layers.annotators()).toEqual(inOrder)
  })

  it('gives only the layers and articles asked for, and an empty layer for an annotator without one', async () => {
    const { context, workspace } = await makeApp()
    const h = context.handlers
    await saveAs(h, 'Bo Chen', put(annotationOf(workspace, SWORN_IN, 'Kamala Harry', { id: 'bo-1', label: 'speaker', annotator: 'Bo Chen' })), put(annotationOf(workspace, SEMAFOR, 'Jens Stoltenberg', { id: 'bo-2', label: 'speaker', annotator: 'Bo Chen' })))
    await saveAs(h, 'Ana Pereira', put(annotationOf(workspace, SWORN_IN, 'Mark Rutte', { id: 'ana-1', label: 'speaker', annotator: 'Ana Pereira' })))

    const bo = await call(h, 'annotations:list', { annotators: ['Bo Chen'] })
    expect(bo.annotators).toEqual(['Ana Pereira', 'Bo Chen'])
    expect(bo.layers.map((l) => l.annotator)).toEqual(['Bo Chen'])
    const swornIn = await call(h, 'annotations:list', { articleIds: [SWORN_IN] })
    expect(swornIn.layers.map((l) => l.annotations.map((a) => a.id))).toEqual([['ana-1'], ['bo-1']])
    const nobody = await call(h, 'annotations:list', { annotators: ['Cy Nobody'] })
    expect(nobody.layers).toEqual([{ annotator: 'Cy Nobody', annotations: [], links: [], articleNotes: [] }])
    expectFailure(await dispatch(h, 'annotations:list', { annotators: [''] }), 'invalid-input', 'annotators')
  })

  it('reads the layers back after a restart', async () => {
    const { context, workspace, dataDir } = await makeApp()
    await saveAs(context.handlers, 'Bo Chen', put(annotationOf(workspace, SWORN_IN, 'Kamala Harry', { id: 'bo-1', label: 'speaker', annotator: 'Bo Chen' })))
    const next = createAppContext({ dataDir, workspace: await Workspace.open(workspace.root) })
    const listed = await call(next.handlers, 'annotations:list', {})
    expect(listed.annotators).toEqual(['Bo Chen'])
    expect(listed.layers[0]!.annotations.map((a) => a.id)).toEqual(['bo-1'])
  })

  it('reports an article file that belongs to another annotator as a corrupt file', async () => {
    const { context, workspace } = await makeApp()
    await saveAs(context.handlers, 'Bo Chen', put(annotationOf(workspace, SWORN_IN, 'Kamala Harry', { id: 'bo-1', label: 'speaker', annotator: 'Bo Chen' })))
    await saveAs(context.handlers, 'Ana Pereira', put(annotationOf(workspace, SEMAFOR, 'Jens Stoltenberg', { id: 'ana-1', label: 'speaker', annotator: 'Ana Pereira' })))
    // a file copied by hand into the wrong folder
    const bos = await readFile(path.join(workspace.root, 'annotations', 'bo-chen', `${SWORN_IN}.json`), 'utf8')
    await writeFile(path.join(workspace.root, 'annotations', 'ana-pereira', `${SWORN_IN}.json`), bos)
    const next = createAppContext({ dataDir: await makeTempDir(), workspace: await Workspace.open(workspace.root) })
    expectFailure(await dispatch(next.handlers, 'annotations:list', {}), 'corrupt-file', `annotations/ana-pereira/${SWORN_IN}.json`, 'belongs to Bo Chen')
  })

  it('ignores a folder under annotations/ that no _layer.json claims', async () => {
    const { workspace, dataDir } = await makeApp()
    const stray = path.join(workspace.root, 'annotations', 'stray')
    await mkdir(stray, { recursive: true })
    await writeFile(path.join(stray, `${SWORN_IN}.json`), '{}')
    const next = createAppContext({ dataDir, workspace: await Workspace.open(workspace.root) })
    expect(await call(next.handlers, 'annotations:list', {})).toEqual({ annotators: [], layers: [] })
  })
})

describe('annotator folders', () => {
  it('keeps "Ana P" and "ana-p", whose names slug the same, in two folders that never mix', async () => {
    const { context, workspace, dataDir } = await makeApp()
    const h = context.handlers
    const first = annotationOf(workspace, SWORN_IN, 'Kamala Harry', { id: 'x-1', label: 'speaker', annotator: 'Ana P' })
    const second = annotationOf(workspace, SWORN_IN, 'Mark Rutte', { id: 'x-2', label: 'speaker', annotator: 'ana-p' })
    await saveAs(h, 'Ana P', put(first))
    await saveAs(h, 'ana-p', put(second))

    const root = path.join(workspace.root, 'annotations')
    expect((await readdir(root)).sort()).toEqual(['ana-p', 'ana-p-2'])
    expect(await readFile(path.join(root, 'ana-p', '_layer.json'), 'utf8')).toBe(formatJson({ schemaVersion: 1, annotator: 'Ana P' }))
    expect(await readFile(path.join(root, 'ana-p-2', '_layer.json'), 'utf8')).toBe(formatJson({ schemaVersion: 1, annotator: 'ana-p' }))
    expect(await readJson(path.join(root, 'ana-p', `${SWORN_IN}.json`))).toMatchObject({ annotator: 'Ana P', annotations: [{ id: 'x-1' }] })
    expect(await readJson(path.join(root, 'ana-p-2', `${SWORN_IN}.json`))).toMatchObject({ annotator: 'ana-p', annotations: [{ id: 'x-2' }] })

    const listed = await call(h, 'annotations:list', {})
    expect(listed.layers.map((l) => [l.annotator, l.annotations.map((a) => a.id)])).toEqual([
      ['Ana P', ['x-1']],
      ['ana-p', ['x-2']],
    ])

    // after a restart, each name still finds its own folder, whatever order the folders are read in
    const next = createAppContext({ dataDir, workspace: await Workspace.open(workspace.root) })
    const third = annotationOf(workspace, SEMAFOR, 'Jens Stoltenberg', { id: 'x-3', label: 'speaker', annotator: 'ana-p' })
    await saveAs(next.handlers, 'ana-p', put(third))
    expect(await readdir(path.join(root, 'ana-p-2'))).toEqual(expect.arrayContaining([`${SEMAFOR}.json`]))
    expect(await readdir(path.join(root, 'ana-p'))).not.toContain(`${SEMAFOR}.json`)
    // and neither can touch the other's annotations
    expectFailure(await dispatch(next.handlers, 'edits:apply', { edits: [{ op: 'delete-annotation', articleId: SWORN_IN, id: 'x-1' }] }), 'invalid-input', 'there is no annotation "x-1"')
    expectFailure(await dispatch(next.handlers, 'edits:apply', { edits: [put({ ...first, note: 'mine now' })] }), 'invalid-input', "Ana P's layer")
  })

  it.each(['../evil', '../../outside', '/', '/etc/passwd', '..', 'a/../../b', 'C:\\Windows\\..\\..'])(
    'keeps the annotator %j inside the annotations folder',
    async (name) => {
      const { context, workspace } = await makeApp()
      const parent = path.dirname(workspace.root)
      const outside = await snapshotFiles(parent)
      await saveAs(context.handlers, name, put(annotationOf(workspace, SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker', annotator: name })))

      const after = await snapshotFiles(parent)
      const added = Object.keys(after).filter((f) => !(f in outside))
      const wsPrefix = `${path.basename(workspace.root)}/annotations/`
      expect(added.length).toBe(2)
      for (const file of added) expect(file.startsWith(wsPrefix), file).toBe(true)
      const folders = new Set(added.map((f) => f.slice(wsPrefix.length).split('/')[0]))
      expect(folders.size).toBe(1)
      const [folder] = [...folders]
      expect(folder).toMatch(/^[a-z0-9][a-z0-9-]*$/)
      expect(added.sort()).toEqual([`${wsPrefix}${folder}/_layer.json`, `${wsPrefix}${folder}/${SWORN_IN}.json`].sort())
      expect(JSON.parse(after[`${wsPrefix}${folder}/_layer.json`]!)).toEqual({ schemaVersion: 1, annotator: name })
      // and nothing that was there changed
      for (const [file, content] of Object.entries(outside)) expect(after[file], file).toBe(content)
      expect((await call(context.handlers, 'annotations:list', {})).annotators).toEqual([name])
    },
  )
})

describe('an article named "layer"', () => {
  it('keeps its id, and its annotations never meet the layer file', async () => {
    const source = await makeTempDir()
    await writeFile(path.join(source, 'layer.txt'), 'The layer of the story.')
    await writeFile(path.join(source, 'other.txt'), 'Other.')
    const { context, workspace } = await makeApp(source)
    expect(workspace.articleIds).toEqual(['layer', 'other'])
    expect(workspace.info().warnings).toEqual([])
    await saveAs(context.handlers, 'Ana', put(annotationOf(workspace, 'layer', 'layer', { id: 'a1', label: 'claim', annotator: 'Ana' })))
    const listed = await call(context.handlers, 'annotations:list', {})
    expect(listed.layers[0]!.annotations.map((a) => a.id)).toEqual(['a1'])
    expect(await readJson(path.join(workspace.root, 'annotations', 'ana', '_layer.json'))).toEqual({ schemaVersion: 1, annotator: 'Ana' })
  })
})

describe("'corpus:search' and 'tagset:get' through dispatch", () => {
  it('searches the corpus, ignoring case unless asked, in one article or all', async () => {
    const { context, workspace } = await makeApp()
    const h = context.handlers
    const all = await call(h, 'corpus:search', { query: 'stoltenberg' })
    expect(all.truncated).toBe(false)
    expect(new Set(all.hits.map((hit) => hit.articleId)).size).toBeGreaterThan(1)
    for (const hit of all.hits) {
      expect(hit.match.toLowerCase()).toBe('stoltenberg')
      expect(workspace.article(hit.articleId).text.slice(hit.start, hit.end)).toBe(hit.match)
    }
    const one = await call(h, 'corpus:search', { query: 'stoltenberg', articleId: SEMAFOR })
    expect(one.hits.length).toBeGreaterThan(0)
    expect(one.hits.every((hit) => hit.articleId === SEMAFOR)).toBe(true)
    expect(one.hits).toEqual(all.hits.filter((hit) => hit.articleId === SEMAFOR))
    expect((await call(h, 'corpus:search', { query: 'stoltenberg', caseSensitive: true })).hits).toEqual([])
    expect((await call(h, 'corpus:search', { query: 'Stoltenberg', caseSensitive: true })).hits).toEqual(all.hits.filter((hit) => hit.match === 'Stoltenberg'))
  })

  it('refuses an empty query, an unknown field, and an article that is not there', async () => {
    const { context } = await makeApp()
    expectFailure(await dispatch(context.handlers, 'corpus:search', { query: '' }), 'invalid-input', 'query')
    expectFailure(await dispatch(context.handlers, 'corpus:search', { query: 'x', limit: 3 }), 'invalid-input', '"limit"')
    expectFailure(await dispatch(context.handlers, 'corpus:search', { query: 'x', articleId: 'nope' }), 'not-found', '"nope"')
  })

  it("gives the workspace's tagset", async () => {
    const { context, workspace } = await makeApp()
    const tagset = await call(context.handlers, 'tagset:get', {})
    expect(tagset).toEqual(workspace.tagset)
    expect(tagset.labels.map((l) => l.id)).toEqual(['claim', 'speaker', 'quote', 'translation-error'])
  })
})

describe('layer files held in memory', () => {
  it('are read exactly as they are on disk (sharing repeated strings changes no value)', async () => {
    const app = await makeApp()
    const annotate = (id: string, needle: string, attributes: Annotation['attributes'], articleId = SWORN_IN): Annotation =>
      annotationOf(app.workspace, articleId, needle, { id, label: 'claim', annotator: 'Ada', attributes })
    await saveAs(
      app.context.handlers,
      'Ada',
      put(annotate('a1', 'Mark Rutte', { verdict: 'refuted', type: ['numerical', 'causal'], 'check-worthiness': 'check-worthy' })),
      put({ ...annotate('a2', 'NATO headquarters', { verdict: 'refuted' }), modified: '2026-02-01T00:00:00.000Z' }),
      put(annotate('b1', 'Trump', {}, SEMAFOR)),
    )

    const reopened = await Workspace.open(app.workspace.root)
    const files = await reopened.layers.files('Ada', reopened.articleIds)
    expect(files).toHaveLength(2)
    for (const file of files) expect(file.data).toEqual(await readJson(file.file.file))
    const byId = Object.fromEntries(files.flatMap((f) => f.data.annotations).map((a) => [a.id, a]))
    expect(byId.a1?.attributes).toEqual({ verdict: 'refuted', type: ['numerical', 'causal'], 'check-worthiness': 'check-worthy' })
    expect(byId.a2?.modified).toBe('2026-02-01T00:00:00.000Z')
    expect(byId.b1?.modified).toBe(byId.b1?.created)
  })
})

describe('layer files checked once', () => {
  /** Ada's two layer files, written through the app, and a user data folder that has not opened the workspace yet. */
  async function workspaceWithLayers() {
    const app = await makeApp()
    await saveAs(
      app.context.handlers,
      'Ada',
      put(annotationOf(app.workspace, SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'translation-error', annotator: 'Ada', attributes: { category: 'accuracy/named entity' } })),
      put(annotationOf(app.workspace, SEMAFOR, 'Trump', { id: 'b1', label: 'claim', annotator: 'Ada' })),
    )
    app.workspace.close()
    return { root: app.workspace.root, dataDir: await makeTempDir('parallax-data-') }
  }
  const idsOf = async (workspace: Workspace) => (await workspace.layers.files('Ada', workspace.articleIds)).flatMap((f) => f.data.annotations.map((a) => a.id))
  /** Counts the layer files checked against their schema while `work` runs. */
  async function checking<T>(work: (checked: () => number) => Promise<T>): Promise<T> {
    const checks = vi.spyOn(LayerArticleFormat.schema, 'safeParse')
    try {
      return await work(() => checks.mock.calls.length)
    } finally {
      checks.mockRestore()
    }
  }

  it('are checked when the app first opens the workspace, and parsed unchecked when it opens it again, with the same data', async () => {
    const { root, dataDir } = await workspaceWithLayers()
    await checking(async (checked) => {
      const first = await Workspace.open(root, { write: 'browser', dataDir })
      expect(checked()).toBe(2)
      const data = (await first.layers.files('Ada', first.articleIds)).map((f) => JSON.stringify(f.data))
      first.close()
      const { file } = await checkedFileOf(dataDir, root)
      expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ workspace: root, texts: [expect.any(String), expect.any(String)] })

      const again = await Workspace.open(root, { write: 'browser', dataDir })
      expect(checked()).toBe(2)
      expect((await again.layers.files('Ada', again.articleIds)).map((f) => JSON.stringify(f.data))).toEqual(data)
      again.close()
    })
  })

  it('are remembered as the app writes them: the next opening reads the files edited in this one unchecked, with the edit', async () => {
    const { root, dataDir } = await workspaceWithLayers()
    ;(await Workspace.open(root, { write: 'browser', dataDir })).close()
    const session = await Workspace.open(root, { write: 'browser', dataDir })
    await saveAs(createAppContext({ dataDir, workspace: session }).handlers, 'Ada', put(annotationOf(session, SWORN_IN, 'Mark Rutte', { id: 'a2', label: 'claim', annotator: 'Ada' })))
    session.close()
    const { file } = await checkedFileOf(dataDir, root)
    expect(JSON.parse(await readFile(file, 'utf8')).texts).toHaveLength(2) // the text the edit replaced is forgotten
    await checking(async (checked) => {
      const next = await Workspace.open(root, { write: 'browser', dataDir })
      expect(checked()).toBe(0)
      expect((await idsOf(next)).sort()).toEqual(['a1', 'a2', 'b1'])
      next.close()
    })
  })

  it('are remembered by the app once its background read has read every file, and not by a workspace closed before', async () => {
    const { root, dataDir } = await workspaceWithLayers()
    const { file } = await checkedFileOf(dataDir, root)
    const closedEarly = await Workspace.open(root, { write: 'browser', dataDir, readFiles: 'in-background' })
    closedEarly.close()
    await closedEarly.loaded()
    await expect(readFile(file, 'utf8')).rejects.toThrow('ENOENT')

    const app = await Workspace.open(root, { write: 'browser', dataDir, readFiles: 'in-background' })
    await app.loaded()
    expect(JSON.parse(await readFile(file, 'utf8')).texts).toHaveLength(2)
    app.close()
  })

  it('are checked again where they changed since: a broken hand edit is found, and the rest still trusted', async () => {
    const { root, dataDir } = await workspaceWithLayers()
    ;(await Workspace.open(root, { write: 'browser', dataDir })).close()
    const file = path.join(root, 'annotations', 'ada', `${SWORN_IN}.json`)
    await writeFile(file, (await readFile(file, 'utf8')).replace('"end": ', '"end": -'))
    await checking(async (checked) => {
      const again = await Workspace.open(root, { write: 'browser', dataDir })
      expect(checked()).toBe(1)
      expect(again.info().warnings).toEqual([expect.stringContaining(`annotations/ada/${SWORN_IN}.json is damaged`)])
      expect(await idsOf(again)).toEqual(['b1']) // written once, it has no earlier copy to put back (and says so)
      again.close()
    })
  })

  it('are read in position order: one edited by hand into another order is put in order, checked at each opening, and its preview read whole', async () => {
    const { root, dataDir } = await workspaceWithLayers()
    const session = await Workspace.open(root, { write: 'browser', dataDir })
    await saveAs(createAppContext({ dataDir, workspace: session }).handlers, 'Ada', put(annotationOf(session, SWORN_IN, 'Mark Rutte', { id: 'a2', label: 'claim', annotator: 'Ada' })))
    session.close()
    const file = path.join(root, 'annotations', 'ada', `${SWORN_IN}.json`)
    const written = JSON.parse(await readFile(file, 'utf8')) as LayerArticleFile
    const inOrder = written.annotations.map((a) => a.id)
    expect(inOrder).toHaveLength(2)
    await writeFile(file, formatJson({ ...written, annotations: [...written.annotations].reverse() }))
    await checking(async (checked) => {
      for (const opening of [1, 2]) {
        const workspace = await Workspace.open(root, { write: 'browser', dataDir, readFiles: 'in-background' })
        // the first screen's preview, before the file is read: from its bytes only when trusted, else read whole
        const text = workspace.article(SWORN_IN).text
        expect((await workspace.layers.annotationsWithin('Ada', [SWORN_IN], { start: 0, end: text.length })).map((a) => a.id)).toEqual(inOrder)
        await workspace.loaded()
        expect(checked(), `opening ${opening}`).toBe(opening)
        expect((await workspace.layers.files('Ada', [SWORN_IN]))[0]?.data.annotations.map((a) => a.id)).toEqual(inOrder)
        workspace.close()
      }
    })
  })

  it('are checked again in a copy of the workspace: trust stays with the user and the folder it was given for', async () => {
    const { root, dataDir } = await workspaceWithLayers()
    ;(await Workspace.open(root, { write: 'browser', dataDir })).close()
    const copy = path.join(await makeTempDir(), 'copy')
    await cp(root, copy, { recursive: true })
    await checking(async (checked) => {
      const copied = await Workspace.open(copy, { write: 'browser', dataDir })
      expect(checked()).toBe(2)
      copied.close()
    })
  })

  it('are used, and never remembered, by an opening without the lock: the command line, a dry run (a second window: lock.test.ts)', async () => {
    const { root, dataDir } = await workspaceWithLayers()
    const before = { workspace: await snapshotFiles(root), data: await snapshotFiles(dataDir) }
    for (const options of [{ readOnly: true }, {}] as const) {
      const reader = await Workspace.open(root, { ...options, dataDir })
      expect(await idsOf(reader)).toEqual(['b1', 'a1'])
      reader.close()
    }
    expect({ workspace: await snapshotFiles(root), data: await snapshotFiles(dataDir) }).toEqual(before)

    // once the app has remembered them, the command line reads them unchecked
    ;(await Workspace.open(root, { write: 'browser', dataDir })).close()
    await checking(async (checked) => {
      const reader = await Workspace.open(root, { readOnly: true, dataDir })
      expect(await idsOf(reader)).toEqual(['b1', 'a1'])
      expect(checked()).toBe(0)
      reader.close()
    })
  })
})
