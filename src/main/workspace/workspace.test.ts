import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatJson } from '../store/durable-json-file'
import { BUNDLED_CORPUS, expectAppError, makeTempDir, writeFiles } from '../test-helpers'
import { LOCAL_DIR, Workspace, WORKSPACE_FILE, WORKSPACE_SCHEMA_VERSION } from './workspace'

const BUNDLED_IDS = [
  'semafor-rutte-trump-whisperer',
  'rutte-white-house-backing-summary',
  'rutte-sworn-in-translated',
  'rutte-poised-for-nato-leadership',
  'montenegrin-keep-the-west-together',
]

const readJson = async (file: string): Promise<unknown> => JSON.parse(await readFile(file, 'utf8'))

/** A plain folder of three articles, as a researcher might have one. */
async function articleFolder(): Promise<string> {
  const dir = await makeTempDir()
  await writeFiles(dir, { 'alpha.txt': 'Alpha\nfirst', 'beta.md': '# Beta\nsecond', 'gamma.txt': 'Gamma' })
  return dir
}

describe('Workspace.init', () => {
  it('copies the corpus into an empty folder and writes the workspace file and a git-ignored local folder', async () => {
    const dir = await makeTempDir()
    const workspace = await Workspace.init(dir, BUNDLED_CORPUS)

    const bundled = (await readdir(BUNDLED_CORPUS)).filter((f) => f === 'manifest.json' || f.endsWith('.txt')).sort()
    expect(bundled).toHaveLength(6)
    expect((await readdir(path.join(dir, 'corpus'))).sort()).toEqual(expect.arrayContaining(bundled))
    for (const file of bundled) {
      const copy = await readFile(path.join(dir, 'corpus', file))
      expect(copy.equals(await readFile(path.join(BUNDLED_CORPUS, file))), file).toBe(true)
    }
    const manifest = (await readJson(path.join(BUNDLED_CORPUS, 'manifest.json'))) as { name: string }
    expect(await readFile(path.join(dir, WORKSPACE_FILE), 'utf8')).toBe(
      formatJson({ schemaVersion: WORKSPACE_SCHEMA_VERSION, name: manifest.name, corpus: 'corpus' }),
    )
    expect(await readFile(path.join(dir, LOCAL_DIR, '.gitignore'), 'utf8')).toBe('*\n')
    expect(await readdir(dir)).toEqual(expect.arrayContaining([LOCAL_DIR, 'corpus', WORKSPACE_FILE]))

    expect(workspace.root).toBe(dir)
    expect(workspace.info()).toEqual({ path: dir, name: manifest.name, corpusName: manifest.name, articleCount: 5, warnings: [] })
    expect(workspace.list().map((a) => a.id)).toEqual(BUNDLED_IDS)
  })

  it('creates a folder that does not exist yet', async () => {
    const dir = path.join(await makeTempDir(), 'new', 'workspace')
    const workspace = await Workspace.init(dir, BUNDLED_CORPUS)
    expect(workspace.info().articleCount).toBe(5)
    expect(await readJson(path.join(dir, WORKSPACE_FILE))).toMatchObject({ schemaVersion: 1, corpus: 'corpus' })
  })

  it('copies only the articles and the manifest, and names the workspace after its folder when the corpus has no name', async () => {
    const source = await makeTempDir()
    await writeFiles(source, { 'a.txt': 'A', 'b.MD': 'B', 'notes.docx': 'x', 'sub/c.txt': 'C' })
    const dir = path.join(await makeTempDir(), 'my-study')
    const workspace = await Workspace.init(dir, source)
    expect((await readdir(path.join(dir, 'corpus'))).sort()).toEqual(['a.txt', 'b.MD'])
    expect(workspace.info()).toMatchObject({ name: 'my-study', corpusName: null, articleCount: 2 })
  })

  it('refuses a folder that is not empty, and leaves it alone', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'thesis.docx': 'mine' })
    await expectAppError(Workspace.init(dir, BUNDLED_CORPUS), 'conflict', dir, 'not empty')
    expect(await readdir(dir)).toEqual(['thesis.docx'])
  })

  it('refuses a folder that holds only hidden files', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { '.git/HEAD': 'ref: refs/heads/main\n' })
    await expectAppError(Workspace.init(dir, BUNDLED_CORPUS), 'conflict')
  })

  it('refuses a corpus source that is missing or holds no articles, and writes nothing', async () => {
    const parent = await makeTempDir()
    const dir = path.join(parent, 'ws')
    await expectAppError(Workspace.init(dir, path.join(parent, 'nowhere')), 'not-found', 'nowhere')
    const empty = await makeTempDir()
    await writeFiles(empty, { 'readme.rst': 'x' })
    await expectAppError(Workspace.init(dir, empty), 'not-found', 'no .txt or .md articles')
    expect(await readdir(parent)).toEqual([])
  })
})

describe('Workspace.open', () => {
  it('opens a workspace made by init, as it was made', async () => {
    const dir = await makeTempDir()
    await Workspace.init(dir, BUNDLED_CORPUS)
    const before = await readFile(path.join(dir, WORKSPACE_FILE), 'utf8')
    const workspace = await Workspace.open(dir)
    expect(workspace.list().map((a) => a.id)).toEqual(BUNDLED_IDS)
    expect(workspace.file).toEqual({ schemaVersion: 1, name: workspace.corpus.name, corpus: 'corpus' })
    expect(await readFile(path.join(dir, WORKSPACE_FILE), 'utf8')).toBe(before)
  })

  it('makes a plain folder of articles a workspace whose corpus is the folder itself', async () => {
    const dir = await articleFolder()
    const workspace = await Workspace.open(dir)
    expect(workspace.list().map((a) => a.id)).toEqual(['alpha', 'beta', 'gamma'])
    expect(workspace.info()).toMatchObject({ path: dir, name: path.basename(dir), corpusName: null, articleCount: 3, warnings: [] })
    expect(await readJson(path.join(dir, WORKSPACE_FILE))).toEqual({ schemaVersion: 1, name: path.basename(dir), corpus: '.' })
    expect(await readFile(path.join(dir, LOCAL_DIR, '.gitignore'), 'utf8')).toBe('*\n')
    // The articles themselves are untouched, and the workspace file is not taken for an article on the next open.
    expect(await readFile(path.join(dir, 'beta.md'), 'utf8')).toBe('# Beta\nsecond')
    expect((await Workspace.open(dir)).list().map((a) => a.id)).toEqual(['alpha', 'beta', 'gamma'])
  })

  it('takes a corpus/ sub-folder for the corpus of a folder without a workspace file', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'corpus/one.txt': 'One', 'notes.txt': 'not an article of this workspace' })
    const workspace = await Workspace.open(dir)
    expect(workspace.list().map((a) => a.id)).toEqual(['one'])
    expect(await readJson(path.join(dir, WORKSPACE_FILE))).toMatchObject({ corpus: 'corpus' })
  })

  it('resolves a relative path', async () => {
    const dir = await articleFolder()
    const workspace = await Workspace.open(path.relative(process.cwd(), dir))
    expect(workspace.root).toBe(dir)
  })

  it('refuses a folder without articles with a message saying what a workspace needs, and writes nothing', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'photo.jpg': 'x', 'sub/deep.txt': 'not looked at' })
    await expectAppError(Workspace.open(dir), 'not-found', dir, 'holds no articles', '.txt or .md')
    expect((await readdir(dir)).sort()).toEqual(['photo.jpg', 'sub'])
  })

  it('refuses a path where there is no folder', async () => {
    const parent = await makeTempDir()
    await writeFiles(parent, { 'file.txt': 'x' })
    await expectAppError(Workspace.open(path.join(parent, 'missing')), 'not-found', 'There is no folder')
    await expectAppError(Workspace.open(path.join(parent, 'file.txt')), 'not-found', 'There is no folder')
  })

  it('reports a damaged workspace file by name', async () => {
    const dir = await articleFolder()
    await writeFile(path.join(dir, WORKSPACE_FILE), '{"schemaVersion": 1, "name": "x",')
    await expectAppError(Workspace.open(dir), 'corrupt-file', WORKSPACE_FILE)
    await writeFile(path.join(dir, WORKSPACE_FILE), JSON.stringify({ schemaVersion: 99, name: 'x', corpus: '.' }))
    await expectAppError(Workspace.open(dir), 'corrupt-file', WORKSPACE_FILE, 'schemaVersion')
  })

  it('refuses a workspace file whose corpus lies outside the workspace', async () => {
    const parent = await makeTempDir()
    await writeFiles(parent, { 'outside/secret.txt': 'x', 'ws/a.txt': 'A' })
    await writeFile(path.join(parent, 'ws', WORKSPACE_FILE), JSON.stringify({ schemaVersion: 1, name: 'ws', corpus: '../outside' }))
    await expectAppError(Workspace.open(path.join(parent, 'ws')), 'invalid-input', 'outside the workspace')
  })

  it('refuses a workspace file whose corpus folder is missing', async () => {
    const dir = await makeTempDir()
    await writeFile(path.join(dir, WORKSPACE_FILE), JSON.stringify({ schemaVersion: 1, name: 'ws', corpus: 'corpus' }))
    await expectAppError(Workspace.open(dir), 'not-found', 'corpus folder')
  })

  it('passes the corpus warnings on', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'manifest.json': '{ broken', 'a.txt': 'A' })
    const info = (await Workspace.open(dir)).info()
    expect(info.articleCount).toBe(1)
    expect(info.warnings).toHaveLength(1)
    expect(info.warnings[0]).toContain('manifest.json is not valid JSON')
  })
})

describe('Workspace articles', () => {
  it('gives an article by id, verbatim, and refuses an unknown id', async () => {
    const workspace = await Workspace.open(await articleFolder())
    expect(workspace.article('beta')).toEqual({ meta: workspace.list()[1], text: '# Beta\nsecond' })
    expect(workspace.has('beta')).toBe(true)
    expect(workspace.has('delta')).toBe(false)
    expect(() => workspace.article('delta')).toThrow(/There is no article "delta"/)
  })
})

describe('Workspace UI state', () => {
  it('starts with no open columns and the sidebar shown, and writes nothing for that', async () => {
    const dir = await articleFolder()
    const workspace = await Workspace.open(dir)
    expect(await workspace.uiState()).toEqual({ schemaVersion: 1, openArticles: [], sidebarOpen: true })
    expect(await readdir(path.join(dir, LOCAL_DIR))).toEqual(['.gitignore'])
  })

  it('keeps an update in .parallax/ui.json, for the next launch', async () => {
    const dir = await articleFolder()
    const workspace = await Workspace.open(dir)
    expect(await workspace.updateUiState({ openArticles: ['gamma', 'alpha'], sidebarOpen: false })).toEqual({
      schemaVersion: 1,
      openArticles: ['gamma', 'alpha'],
      sidebarOpen: false,
    })
    expect(await readJson(path.join(dir, LOCAL_DIR, 'ui.json'))).toEqual({ schemaVersion: 1, openArticles: ['gamma', 'alpha'], sidebarOpen: false })
    const reopened = await Workspace.open(dir)
    expect(await reopened.uiState()).toEqual({ schemaVersion: 1, openArticles: ['gamma', 'alpha'], sidebarOpen: false })
  })

  it('changes only the fields given', async () => {
    const dir = await articleFolder()
    const workspace = await Workspace.open(dir)
    await workspace.updateUiState({ openArticles: ['beta'] })
    expect(await workspace.updateUiState({ sidebarOpen: false })).toMatchObject({ openArticles: ['beta'], sidebarOpen: false })
    expect(await workspace.updateUiState({ openArticles: [] })).toMatchObject({ openArticles: [], sidebarOpen: false })
  })

  it('treats a field given as undefined as not given, and keeps the file readable', async () => {
    const dir = await articleFolder()
    const workspace = await Workspace.open(dir)
    await workspace.updateUiState({ openArticles: ['beta'] })
    expect(await workspace.updateUiState({ openArticles: undefined, sidebarOpen: false })).toMatchObject({ openArticles: ['beta'], sidebarOpen: false })
    expect(await (await Workspace.open(dir)).uiState()).toMatchObject({ openArticles: ['beta'], sidebarOpen: false })
  })

  it('refuses an id that is not an article of the workspace, and keeps the state as it was', async () => {
    const dir = await articleFolder()
    const workspace = await Workspace.open(dir)
    await workspace.updateUiState({ openArticles: ['alpha'] })
    await expectAppError(workspace.updateUiState({ openArticles: ['alpha', 'nope'], sidebarOpen: false }), 'not-found', '"nope"')
    expect(await workspace.uiState()).toMatchObject({ openArticles: ['alpha'], sidebarOpen: true })
    expect(await readJson(path.join(dir, LOCAL_DIR, 'ui.json'))).toMatchObject({ openArticles: ['alpha'], sidebarOpen: true })
  })

  it('leaves out the ids of articles that are no longer in the corpus', async () => {
    const dir = await articleFolder()
    await (await Workspace.open(dir)).updateUiState({ openArticles: ['alpha', 'beta', 'gamma'] })
    await rm(path.join(dir, 'beta.md'))
    const reopened = await Workspace.open(dir)
    expect((await reopened.uiState()).openArticles).toEqual(['alpha', 'gamma'])
  })

  it('reports a damaged ui.json as a corrupt file', async () => {
    const dir = await articleFolder()
    const workspace = await Workspace.open(dir)
    await writeFile(path.join(dir, LOCAL_DIR, 'ui.json'), '{"schemaVersion":1,"openArticles":"alpha","sidebarOpen":true}')
    await expectAppError(workspace.uiState(), 'corrupt-file', `${LOCAL_DIR}/ui.json`, 'openArticles')
  })
})
