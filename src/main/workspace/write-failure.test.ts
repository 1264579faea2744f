/**
 * A save that fails (a full disk, no permission, a read-only disk) is reported to the user, and
 * nothing unsaved is ever shown as saved: guarantee 5 of docs/reliability.md, through the real
 * handler table. The failure is injected through the store's writer (root, who runs these tests
 * here, ignores permission bits), and also made real with a read-only folder where that works.
 */
import { chmod, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Edit, Entity } from '../../shared/annotations'
import { dispatch } from '../handlers/dispatch'
import { createAppContext } from '../handlers/index'
import { writeFileDurably, type WriteDurably } from '../store/durable-json-file'
import { annotationOf, BUNDLED_CORPUS, call, expectAppError, expectFailure, makeTempDir, readOnlyFoldersRefuseWrites, snapshotFiles, TEST_TIME } from '../test-helpers'
import { UserSettings } from './settings'
import { Workspace } from './workspace'

const SWORN_IN = 'rutte-sworn-in-translated'
const ANA = 'Ana Petrović'
const LAYER_FILE = `annotations/ana-petrovic/${SWORN_IN}.json`

/** A disk that works until `fill()` and fails (for every file, or those `only` names) until `free()`. */
function disk(code = 'ENOSPC', message = 'no space left on device, write') {
  let failing: ((file: string) => boolean) | null = null
  const write: WriteDurably = async (file, data, options) => {
    if (failing?.(file)) throw Object.assign(new Error(`${code}: ${message}`), { code })
    await writeFileDurably(file, data, options)
  }
  return {
    write,
    fill: (only?: string) => {
      failing = (file) => !only || file.endsWith(only)
    },
    free: () => {
      failing = null
    },
  }
}

async function annotating(writer: WriteDurably) {
  const root = path.join(await makeTempDir(), 'ws')
  await Workspace.init(root, BUNDLED_CORPUS)
  const dataDir = await makeTempDir('parallax-data-')
  const workspace = await Workspace.open(root, { writer })
  const { handlers } = createAppContext({ dataDir, workspace })
  await call(handlers, 'settings:setAnnotator', { name: ANA })
  const tag = (id: string, needle: string, fields: { label?: string; attributes?: Record<string, string> } = {}): Edit => ({
    op: 'put-annotation',
    annotation: annotationOf(workspace, SWORN_IN, needle, { id, label: fields.label ?? 'claim', annotator: ANA, attributes: fields.attributes }),
  })
  const ids = async () => (await call(handlers, 'annotations:list', { annotators: [ANA] })).layers[0]?.annotations.map((a) => a.id).sort() ?? []
  return { root, dataDir, workspace, handlers, tag, ids, apply: (...edits: Edit[]) => dispatch(handlers, 'edits:apply', { edits }) }
}

const entity = (id: string, name: string): Entity => ({ id, name, aliases: [], note: '', createdBy: ANA, created: TEST_TIME, modified: TEST_TIME })

describe('a save that fails (guarantee 5)', () => {
  it.each([
    ['ENOSPC', 'the disk is full'],
    ['EACCES', 'permission denied'],
    ['EROFS', 'the disk is read-only'],
  ])('%s: edits:apply fails naming the file and the cause, nothing unsaved is listed as saved, and the same edit goes through once the disk is back', async (code, cause) => {
    const d = disk(code)
    const app = await annotating(d.write)
    await call(app.handlers, 'edits:apply', { edits: [app.tag('first', 'Mark Rutte')] })
    const before = await snapshotFiles(app.root)

    d.fill()
    const message = expectFailure(await app.apply(app.tag('second', 'Brussels')), 'io-error', `Could not save ${LAYER_FILE}: ${cause} (${code}: `)
    expect(message).toMatch(/Nothing of this change was written; the files are as they were\.$/)
    expect(await app.ids()).toEqual(['first'])
    expect(await snapshotFiles(app.root)).toEqual(before)

    d.free()
    await call(app.handlers, 'edits:apply', { edits: [app.tag('second', 'Brussels')] })
    expect(await app.ids()).toEqual(['first', 'second'])
    const next = createAppContext({ dataDir: app.dataDir, workspace: await Workspace.open(app.root) })
    expect((await call(next.handlers, 'annotations:list', { annotators: [ANA] })).layers[0]?.annotations.map((a) => a.id).sort()).toEqual(['first', 'second'])
  })

  it('an edit over two files whose second save fails: the first is put back, so that the action is all or nothing', async () => {
    const d = disk()
    const app = await annotating(d.write)
    await call(app.handlers, 'edits:apply', { edits: [app.tag('first', 'Mark Rutte')] })
    const before = await snapshotFiles(app.root)

    d.fill('entities.json') // the layer file is written first, then the registry
    const speaker = app.tag('speaker', 'Rutte', { label: 'speaker', attributes: { kind: 'person', entity: 'e-rutte' } })
    expectFailure(await app.apply({ op: 'put-entity', entity: entity('e-rutte', 'Mark Rutte') }, speaker), 'io-error', 'Could not save entities.json: the disk is full', 'Nothing of this change was written')
    expect(await snapshotFiles(app.root)).toEqual(before)
    expect(await app.ids()).toEqual(['first'])
    expect(await call(app.handlers, 'entities:list', {})).toEqual([])

    d.free()
    await call(app.handlers, 'edits:apply', { edits: [{ op: 'put-entity', entity: entity('e-rutte', 'Mark Rutte') }, speaker] })
    expect(await app.ids()).toEqual(['first', 'speaker'])
  })

  it('a new annotator’s first edit on a full disk claims no folder, and goes through later', async () => {
    const d = disk()
    const app = await annotating(d.write)
    d.fill()
    expectFailure(await app.apply(app.tag('first', 'Mark Rutte')), 'io-error', 'Could not save annotations/ana-petrovic/_layer.json', 'Nothing of this change was written')
    expect(await call(app.handlers, 'annotations:list', {})).toEqual({ annotators: [], layers: [] })
    d.free()
    await call(app.handlers, 'edits:apply', { edits: [app.tag('first', 'Mark Rutte')] })
    expect(await app.ids()).toEqual(['first'])
  })

  it('ui:set fails with the reason, and ui:get gives the view as it is saved', async () => {
    const d = disk()
    const app = await annotating(d.write)
    await call(app.handlers, 'ui:set', { openArticles: [SWORN_IN] })
    d.fill()
    expectFailure(await dispatch(app.handlers, 'ui:set', { sidebarOpen: false, openArticles: [] }), 'io-error', 'Could not save .parallax/ui.json: the disk is full')
    expect(await call(app.handlers, 'ui:get', {})).toEqual({ schemaVersion: 1, openArticles: [SWORN_IN], sidebarOpen: true })
  })

  it('settings: a failed change of the annotator’s name leaves the name that is saved', async () => {
    const d = disk()
    const settings = new UserSettings(await makeTempDir(), { write: d.write })
    await settings.setAnnotator(ANA)
    d.fill()
    await expectAppError(settings.setAnnotator('Somebody Else'), 'io-error', 'Could not save settings.json: the disk is full')
    expect(await settings.get()).toEqual({ schemaVersion: 1, annotator: ANA })
  })
})


describe.runIf(await readOnlyFoldersRefuseWrites())('a read-only layer folder, for real', () => {
  it('edits:apply fails with permission denied, and the edit goes through once the folder is writable again', async () => {
    const app = await annotating(writeFileDurably)
    await call(app.handlers, 'edits:apply', { edits: [app.tag('first', 'Mark Rutte')] })
    const folder = path.join(app.root, 'annotations', 'ana-petrovic')
    await chmod(folder, 0o555)
    try {
      expectFailure(await app.apply(app.tag('second', 'Brussels')), 'io-error', `Could not save ${LAYER_FILE}: permission denied`)
      expect(await app.ids()).toEqual(['first'])
    } finally {
      await chmod(folder, 0o755)
    }
    await call(app.handlers, 'edits:apply', { edits: [app.tag('second', 'Brussels')] })
    expect(JSON.parse(await readFile(path.join(app.root, LAYER_FILE), 'utf8')).annotations).toHaveLength(2)
  })
})
