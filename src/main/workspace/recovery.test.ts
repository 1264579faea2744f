/**
 * A workspace with damaged, older or newer files still opens, through the real handler table, and
 * says what it found: guarantees 1 (leftover temp files), 2 (damaged files) and 3 (versions) of
 * docs/reliability.md, for each kind of file Parallax keeps.
 */
import { spawnSync } from 'node:child_process'
import { readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import type { Edit, Entity } from '../../shared/annotations'
import { dispatch } from '../handlers/dispatch'
import { createAppContext } from '../handlers/index'
import { formatJson } from '../store/durable-json-file'
import { BACKUP_DIR } from '../store/json-store'
import { annotationOf, BUNDLED_CORPUS, call, deferred, expectAppError, expectFailure, makeApp, makeTempDir, TEST_TIME, writeFiles } from '../test-helpers'
import { TAGSET_FILE } from './tagset-file'
import { readOpenColumnsFiles, type StoreFiles } from './recovery'
import { Workspace, WORKSPACE_FILE } from './workspace'

const SWORN_IN = 'rutte-sworn-in-translated'
const SEMAFOR = 'semafor-rutte-trump-whisperer'
const ANA = 'Ana Petrović'
const FOLDER = 'annotations/ana-petrovic'
const LAYER_FILE = `${FOLDER}/${SWORN_IN}.json`

/** An app with its annotator set, and a way to open its workspace again as the next launch would. */
async function annotating() {
  const app = await makeApp()
  await call(app.context.handlers, 'settings:setAnnotator', { name: ANA })
  const root = app.workspace.root
  const tag = (id: string, needle: string, articleId = SWORN_IN): Edit => ({
    op: 'put-annotation',
    annotation: annotationOf(app.workspace, articleId, needle, { id, label: 'claim', annotator: ANA }),
  })
  return {
    ...app,
    root,
    tag,
    save: (...edits: Edit[]) => call(app.context.handlers, 'edits:apply', { edits }),
    file: (relative: string) => path.join(root, relative),
    /** The next launch: the workspace opened again, over the same data folder. */
    relaunch: async () => {
      const workspace = await Workspace.open(root)
      const { handlers } = createAppContext({ dataDir: app.dataDir, workspace })
      const ids = async (articleId?: string) =>
        (await call(handlers, 'annotations:list', { annotators: [ANA] })).layers[0]?.annotations.filter((a) => !articleId || a.articleId === articleId).map((a) => a.id) ?? []
      return { workspace, handlers, warnings: (await call(handlers, 'workspace:info', {})).warnings, ids }
    },
  }
}

const entity = (id: string, name: string): Entity => ({ id, name, aliases: [], note: '', createdBy: ANA, created: TEST_TIME, modified: TEST_TIME })

/** The damaged copies kept beside `relative`. */
async function keptAside(root: string, relative: string): Promise<string[]> {
  const dir = path.dirname(path.join(root, relative))
  return (await readdir(dir)).filter((name) => name.startsWith(`${path.basename(relative)}.corrupt-`)).map((name) => path.join(dir, name))
}

describe('a damaged file does not stop the workspace from opening (guarantee 2)', () => {
  it('an annotator’s article file: its last good copy is put back, the damaged one kept, the user told, and work goes on', async () => {
    const app = await annotating()
    await app.save(app.tag('first', 'Mark Rutte'))
    await app.save(app.tag('second', 'NATO headquarters'))
    await app.save(app.tag('elsewhere', 'Trump', SEMAFOR))
    const damaged = (await readFile(app.file(LAYER_FILE), 'utf8')).slice(0, 300) // truncated
    await writeFile(app.file(LAYER_FILE), damaged)

    const next = await app.relaunch()
    expect(next.warnings).toEqual([expect.stringMatching(new RegExp(`^${LAYER_FILE}\\.? is damaged: it is not valid JSON .+ moved aside to ${LAYER_FILE}\\.corrupt-.+ its last good copy, saved .+, was put back`))])
    expect((await next.ids(SWORN_IN)).sort()).toEqual(['first'])
    expect(await next.ids(SEMAFOR)).toEqual(['elsewhere'])
    const [aside] = await keptAside(app.root, LAYER_FILE)
    expect(await readFile(aside as string, 'utf8')).toBe(damaged)

    await call(next.handlers, 'edits:apply', { edits: [app.tag('third', 'Brussels')] })
    expect((await next.ids(SWORN_IN)).sort()).toEqual(['first', 'third'])
    expect(await readFile(aside as string, 'utf8')).toBe(damaged)
  })

  it('the app, which reads annotation files after opening: a damaged one is found then, and told with the summary of every layer', async () => {
    const app = await annotating()
    await app.save(app.tag('first', 'Mark Rutte'))
    await app.save(app.tag('second', 'NATO headquarters'))
    await app.save(app.tag('elsewhere', 'Trump', SEMAFOR))
    await writeFile(app.file(LAYER_FILE), (await readFile(app.file(LAYER_FILE), 'utf8')).slice(0, 300))

    const workspace = await Workspace.open(app.root, { readFiles: 'in-background' })
    // open resolves before any annotation file is read (reading one is I/O: it cannot have finished yet)
    expect(workspace.info().warnings).toEqual([])
    const { handlers } = createAppContext({ dataDir: app.dataDir, workspace })
    const summary = await call(handlers, 'annotations:summary', {})
    expect(summary.warnings).toEqual([expect.stringMatching(new RegExp(`^${LAYER_FILE}\\.? is damaged: .+ its last good copy, saved .+, was put back`))])
    expect(summary.annotators).toEqual([ANA])
    expect(summary.articles.map(({ articleId, annotations }) => [articleId, annotations]).sort()).toEqual([
      [SWORN_IN, 1],
      [SEMAFOR, 1],
    ].sort())
    expect((await call(handlers, 'workspace:info', {})).warnings).toEqual(summary.warnings)
  })

  it('the app\'s background read goes on only between requests, and stops once the workspace is closed', async () => {
    const app = await annotating()
    await app.save(app.tag('first', 'Mark Rutte'))
    await app.save(app.tag('elsewhere', 'Trump', SEMAFOR))
    const pause = () => new Promise((resolve) => setTimeout(resolve, 200))
    const held = deferred()

    const workspace = await Workspace.open(app.root, { readFiles: 'in-background' })
    const request = workspace.serve(() => held.promise)
    let loaded = false
    void workspace.loaded().then(() => (loaded = true))
    await pause() // ample time to read two files, were the read not waiting
    expect([loaded, workspace.store.isOpen(LAYER_FILE)]).toEqual([false, false])
    held.resolve()
    await request
    await workspace.loaded()
    expect(workspace.store.isOpen(LAYER_FILE)).toBe(true)

    // asked for (so started), waiting behind a request, then closed: it stops, and whoever waited is answered
    const closing = await Workspace.open(app.root, { readFiles: 'in-background' })
    const heldAgain = deferred()
    const stillServing = closing.serve(() => heldAgain.promise)
    const waited = closing.loaded()
    await pause()
    closing.close()
    heldAgain.resolve()
    await stillServing
    await waited
    expect(closing.store.isOpen(LAYER_FILE)).toBe(false)
    // closed before anything asked for it: the read never starts, and asking answers at once
    const unused = await Workspace.open(app.root, { readFiles: 'in-background' })
    unused.close()
    await unused.loaded()
    expect(unused.store.isOpen(LAYER_FILE)).toBe(false)
  })

  it('reads the layers of the articles open in the columns at opening, after the requests in hand, when no layer file is known to pass its checks; else when asked', async () => {
    const app = await annotating()
    await app.save(app.tag('first', 'Mark Rutte'))
    await app.save(app.tag('elsewhere', 'Trump', SEMAFOR))
    const other = await Workspace.open(app.root)
    await other.updateUiState({ openArticles: [SWORN_IN] })
    other.close()
    // opened once as the app opens it, every file read: the next openings know them to pass their checks
    const learning = await Workspace.open(app.root, { readFiles: 'in-background', write: 'browser', dataDir: app.dataDir })
    await learning.loaded()
    learning.close()
    const held = deferred()

    // every file known to pass: none read ahead (the first screen's preview reads of them only what it shows)
    const known = await Workspace.open(app.root, { readFiles: 'in-background', write: 'browser', dataDir: app.dataDir })
    await new Promise((resolve) => setTimeout(resolve, 200)) // ample time to read a file, were it read ahead
    expect(known.store.isOpen(LAYER_FILE)).toBe(false)
    known.close()

    // none known to pass (a first opening by this user, an update): read at once, while the page loads, for the preview reads them whole; the request in hand first
    const workspace = await Workspace.open(app.root, { readFiles: 'in-background', write: 'browser', dataDir: await makeTempDir() })
    const request = workspace.serve(() => held.promise)
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(workspace.store.isOpen(LAYER_FILE)).toBe(false)
    held.resolve()
    await request
    // nothing asked for the background read: only the open column's files are read
    await vi.waitFor(() => expect(workspace.store.isOpen(LAYER_FILE)).toBe(true))
    expect(workspace.store.isOpen(`${FOLDER}/${SEMAFOR}.json`)).toBe(false)
    await workspace.loaded()
    expect(workspace.store.isOpen(`${FOLDER}/${SEMAFOR}.json`)).toBe(true)
    workspace.close()

    // closed as soon as opened: the layers are not read
    const closed = await Workspace.open(app.root, { readFiles: 'in-background', dataDir: await makeTempDir() })
    closed.close()
    await new Promise((resolve) => setTimeout(resolve, 200))
    expect(closed.store.isOpen(LAYER_FILE)).toBe(false)
  })

  it('reads the open columns’ files one at a time, and answers the requests that came in between two of them', async () => {
    const events: string[] = []
    const store: StoreFiles = {
      articleIds: ['a', 'b', 'c'],
      uiState: () => Promise.resolve({ openArticles: ['a', 'b'] }),
      entities: () => Promise.resolve([]),
      layers: {
        annotators: () => Promise.resolve(['Ana', 'Bea']),
        files: (annotator, articleIds) => {
          events.push(`${annotator} ${articleIds.join(' ')}`)
          // a request comes in while the file is read (the page asking for its script, say)
          setImmediate(() => events.push('request answered'))
          return Promise.resolve([])
        },
      },
    }
    await readOpenColumnsFiles(store, () => true, () => Promise.resolve())
    expect(events).toEqual(['Ana a', 'request answered', 'Bea a', 'request answered', 'Ana b', 'request answered', 'Bea b'])
  })

  it('begins no layer file while a request is being served', async () => {
    const events: string[] = []
    let serving = Promise.resolve()
    const store: StoreFiles = {
      articleIds: ['a', 'b'],
      uiState: () => Promise.resolve({ openArticles: ['a', 'b'] }),
      entities: () => Promise.resolve([]),
      layers: {
        annotators: () => Promise.resolve(['Ana']),
        files: (annotator, articleIds) => {
          events.push(`${annotator} ${articleIds.join(' ')}`)
          // a request comes in while the file is read, and reads a small file of its own: it lets go of the thread meanwhile
          setImmediate(() => {
            serving = new Promise((resolve) => setTimeout(resolve, 20)).then(() => void events.push('request served'))
          })
          return Promise.resolve([])
        },
      },
    }
    await readOpenColumnsFiles(store, () => true, () => serving)
    expect(events).toEqual(['Ana a', 'request served', 'Ana b'])
  })

  it('an article file saved only once, zero-filled: that article starts empty, the rest is there, and the user is told what was not recovered', async () => {
    const app = await annotating()
    await app.save(app.tag('only', 'Mark Rutte'))
    await app.save(app.tag('elsewhere', 'Trump', SEMAFOR))
    const size = (await readFile(app.file(LAYER_FILE))).length
    await writeFile(app.file(LAYER_FILE), Buffer.alloc(size))
    const next = await app.relaunch()
    expect(next.warnings).toEqual([expect.stringContaining(`${LAYER_FILE} is damaged: the file is empty. It was moved aside`)])
    expect(next.warnings[0]).toContain('there is no earlier good copy to put back')
    expect(await next.ids()).toEqual(['elsewhere'])
    expect(await readFile((await keptAside(app.root, LAYER_FILE))[0] as string)).toEqual(Buffer.alloc(size))
  })

  it.each([
    ['entities.json', async (app: Awaited<ReturnType<typeof annotating>>) => {
      await app.save({ op: 'put-entity', entity: entity('e1', 'Mark Rutte') })
      await app.save({ op: 'put-entity', entity: entity('e2', 'NATO') })
    }, async (next: Awaited<ReturnType<Awaited<ReturnType<typeof annotating>>['relaunch']>>) => {
      expect((await call(next.handlers, 'entities:list', {})).map((e) => e.id)).toEqual(['e1'])
    }],
    ['.parallax/ui.json', async (app: Awaited<ReturnType<typeof annotating>>) => {
      await call(app.context.handlers, 'ui:set', { openArticles: [SWORN_IN] })
      await call(app.context.handlers, 'ui:set', { openArticles: [SWORN_IN, SEMAFOR] })
    }, async (next: Awaited<ReturnType<Awaited<ReturnType<typeof annotating>>['relaunch']>>) => {
      expect((await call(next.handlers, 'ui:get', {})).openArticles).toEqual([SWORN_IN])
    }],
  ])('%s, hand-mangled: its last good copy is put back', async (relative, twoSaves, check) => {
    const app = await annotating()
    await twoSaves(app)
    await writeFile(app.file(relative), '{ "schemaVersion": 1, "oops": true }\n')
    const next = await app.relaunch()
    expect(next.warnings).toEqual([expect.stringMatching(new RegExp(`^${relative.replace(/\./g, '\\.')} is damaged: it does not match its schema: .+ was put back`))])
    await check(next)
    expect(await readFile((await keptAside(app.root, relative))[0] as string, 'utf8')).toBe('{ "schemaVersion": 1, "oops": true }\n')
  })

  it('settings.json: its last good copy is put back, and the warning comes with the workspace’s', async () => {
    const app = await annotating()
    await call(app.context.handlers, 'settings:setAnnotator', { name: 'Somebody Else' })
    await writeFile(path.join(app.dataDir, 'settings.json'), '')
    const next = await app.relaunch()
    expect(await call(next.handlers, 'settings:get', {})).toEqual({ schemaVersion: 1, annotator: ANA })
    expect(next.warnings).toEqual([expect.stringMatching(/^settings\.json is damaged: the file is empty\. .+ was put back/)])
  })

  it('_layer.json: its annotator is read from the layer’s article files, and the layer stays theirs', async () => {
    const app = await annotating()
    await app.save(app.tag('first', 'Mark Rutte'))
    await writeFile(app.file(`${FOLDER}/_layer.json`), '{"schemaVersion":1,"annotator":')
    const next = await app.relaunch()
    expect(next.warnings).toEqual([
      expect.stringMatching(new RegExp(`^${FOLDER}/_layer\\.json is damaged: .+ no earlier good copy to put back\\. The layer's annotator, ${ANA}, was read from its article files and the file written again\\.$`)),
    ])
    expect(await next.ids()).toEqual(['first'])
    expect(JSON.parse(await readFile(app.file(`${FOLDER}/_layer.json`), 'utf8'))).toEqual({ schemaVersion: 1, annotator: ANA })
    await call(next.handlers, 'edits:apply', { edits: [app.tag('second', 'Brussels')] })
    expect((await readdir(app.file('annotations'))).sort()).toEqual(['ana-petrovic'])
  })

  it('a layer folder that lost its _layer.json is never given to another annotator', async () => {
    const app = await annotating()
    await writeFiles(app.root, { [`${FOLDER}/notes.txt`]: 'not a layer file' })
    const next = await app.relaunch()
    await call(next.handlers, 'edits:apply', { edits: [app.tag('first', 'Mark Rutte')] })
    expect((await readdir(app.file('annotations'))).sort()).toEqual(['ana-petrovic', 'ana-petrovic-2'])
  })

  it('tagset.json: the copy kept since the last session’s first save is put back byte for byte', async () => {
    const app = await annotating()
    const tagset = await readFile(app.file(TAGSET_FILE), 'utf8')
    await app.save(app.tag('first', 'Mark Rutte'))
    await writeFile(app.file(TAGSET_FILE), tagset.slice(0, 100))
    const next = await app.relaunch()
    expect(await readFile(app.file(TAGSET_FILE), 'utf8')).toBe(tagset)
    expect(next.workspace.tagset).toEqual(app.workspace.tagset)
    expect(next.warnings).toEqual([expect.stringMatching(/^tagset\.json is damaged: it is not valid JSON .+ was put back/)])
  })

  it('parallax-workspace.json: a new one is written, named after the folder, and the damaged one kept', async () => {
    const app = await annotating()
    await app.save(app.tag('first', 'Mark Rutte'))
    await writeFile(app.file(WORKSPACE_FILE), '\0\0\0\0')
    const next = await app.relaunch()
    expect(next.workspace.file).toEqual({ schemaVersion: 1, name: path.basename(app.root), corpus: 'corpus' })
    expect(next.warnings).toEqual([expect.stringContaining(`${WORKSPACE_FILE} is damaged: the file is empty.`)])
    expect(await next.ids()).toEqual(['first'])
  })
})

describe('files of another schema version (guarantee 3)', () => {
  it('a layer file a newer Parallax wrote: the workspace opens and says to update; edits touching it are refused, others are saved; it is never written', async () => {
    const app = await annotating()
    await app.save(app.tag('first', 'Mark Rutte'))
    await app.save(app.tag('elsewhere', 'Trump', SEMAFOR))
    const newer = formatJson({ ...JSON.parse(await readFile(app.file(LAYER_FILE), 'utf8')), schemaVersion: 2, spans: [] })
    await writeFile(app.file(LAYER_FILE), newer)

    const next = await app.relaunch()
    const update = `${LAYER_FILE} was written by a newer Parallax (schema version 2; this one knows up to 1); update Parallax.`
    expect(next.warnings).toEqual([expect.stringContaining(update)])
    expect(await next.ids()).toEqual(['elsewhere'])
    expectFailure(await dispatch(next.handlers, 'edits:apply', { edits: [app.tag('second', 'Brussels')] }), 'read-only', update)
    await call(next.handlers, 'edits:apply', { edits: [app.tag('more', 'Semafor', SEMAFOR)] })
    expect(await readFile(app.file(LAYER_FILE), 'utf8')).toBe(newer)
  })

  it('entities.json of a newer Parallax: new entities are refused with the message, annotating goes on', async () => {
    const app = await annotating()
    await writeFile(app.file('entities.json'), '{ "schemaVersion": 5, "people": [] }\n')
    const next = await app.relaunch()
    expect(next.warnings).toEqual([expect.stringContaining('entities.json was written by a newer Parallax (schema version 5')])
    expect(await call(next.handlers, 'entities:list', {})).toEqual([])
    expectFailure(await dispatch(next.handlers, 'edits:apply', { edits: [{ op: 'put-entity', entity: entity('e1', 'X') }] }), 'read-only', 'update Parallax')
    await call(next.handlers, 'edits:apply', { edits: [app.tag('first', 'Mark Rutte')] })
    expect(await readFile(app.file('entities.json'), 'utf8')).toBe('{ "schemaVersion": 5, "people": [] }\n')
  })

  it('a tagset of a newer Parallax: the workspace cannot be read without it, and opening says to update', async () => {
    const app = await annotating()
    await writeFile(app.file(TAGSET_FILE), '{ "schemaVersion": 2, "name": "T", "labels": [] }')
    await expectAppError(Workspace.open(app.root), 'read-only', 'tagset.json was written by a newer Parallax (schema version 2', 'update Parallax')
    expect(await readFile(app.file(TAGSET_FILE), 'utf8')).toBe('{ "schemaVersion": 2, "name": "T", "labels": [] }')
  })

  it('settings.json of a newer Parallax is read as no settings and never written', async () => {
    const app = await annotating()
    await writeFile(path.join(app.dataDir, 'settings.json'), '{ "schemaVersion": 2, "annotators": ["Ana"] }')
    const next = await app.relaunch()
    expect(await call(next.handlers, 'settings:get', {})).toEqual({ schemaVersion: 1, annotator: null })
    expect(next.warnings).toEqual([expect.stringContaining('settings.json was written by a newer Parallax (schema version 2')])
    expectFailure(await dispatch(next.handlers, 'settings:setAnnotator', { name: 'Ana' }), 'read-only', 'update Parallax')
    expect(await readFile(path.join(app.dataDir, 'settings.json'), 'utf8')).toBe('{ "schemaVersion": 2, "annotators": ["Ana"] }')
  })

  it('a workspace of the early prototype (no schemaVersion anywhere) is migrated on opening, every original kept', async () => {
    const root = await makeTempDir()
    const text = 'Mark Rutte was sworn in.'
    const annotation = {
      id: 'p1',
      articleId: 'a',
      start: 0,
      end: 10,
      unit: 'utf16',
      quote: { exact: 'Mark Rutte', prefix: '', suffix: ' was sworn in.' },
      label: 'claim',
      attributes: {},
      note: '',
      annotator: ANA,
      created: TEST_TIME,
      modified: TEST_TIME,
    }
    const prototype = {
      [WORKSPACE_FILE]: formatJson({ name: 'Prototype study', corpus: 'corpus' }),
      'corpus/a.txt': text,
      'entities.json': formatJson({ entities: [] }),
      [`${FOLDER}/_layer.json`]: formatJson({ annotator: ANA }),
      [`${FOLDER}/a.json`]: formatJson({ annotator: ANA, articleId: 'a', textSha256: '', annotations: [annotation] }),
    }
    await writeFiles(root, prototype)
    const workspace = await Workspace.open(root)
    expect(workspace.file).toEqual({ schemaVersion: 1, name: 'Prototype study', corpus: 'corpus' })
    expect((await workspace.layers.layer(ANA, ['a'])).annotations.map((a) => a.id)).toEqual(['p1'])
    const warnings = workspace.info().warnings
    expect(warnings).toHaveLength(4)
    for (const [relative, original] of Object.entries(prototype)) {
      if (!relative.endsWith('.json')) continue
      expect(warnings).toContainEqual(`${relative} was in an older format (schema version 0) and is read as version 1; it was updated, and the original is kept as ${BACKUP_DIR}/${relative}.schema-v0.`)
      expect(await readFile(path.join(root, BACKUP_DIR, `${relative}.schema-v0`), 'utf8')).toBe(original)
      expect(JSON.parse(await readFile(path.join(root, relative), 'utf8')).schemaVersion).toBe(1)
    }
    expect(JSON.parse(await readFile(path.join(root, FOLDER, 'a.json'), 'utf8'))).toMatchObject({ links: [], articleNote: null })
    // opened again, there is nothing left to migrate
    expect((await Workspace.open(root)).info().warnings).toEqual([])
  })
})

describe('leftover temp files of a killed writer (guarantee 1)', () => {
  it('are removed when the workspace opens, where the store writes, and a live writer’s are left alone', async () => {
    const root = path.join(await makeTempDir(), 'ws')
    await Workspace.init(root, BUNDLED_CORPUS)
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number
    const leftovers = [`.entities.json.${dead}.3.tmp`, `.parallax/.ui.json.${dead}.4.tmp`, `${FOLDER}/.${SWORN_IN}.json.${dead}.5.tmp`, `${BACKUP_DIR}/${FOLDER}/.${SWORN_IN}.json.${dead}.6.tmp`]
    const live = `.entities.json.${process.pid}.7.tmp`
    await writeFiles(root, Object.fromEntries([...leftovers, live].map((name) => [name, '{ "half": '])))
    const workspace = await Workspace.open(root)
    for (const name of leftovers) await expect(readFile(path.join(root, name))).rejects.toThrow('ENOENT')
    expect(await readFile(path.join(root, live), 'utf8')).toBe('{ "half": ')
    expect(workspace.info().warnings).toEqual([])
  })
})
