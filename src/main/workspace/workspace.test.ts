import { readdir, readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { formatJson } from '../store/durable-json-file'
import { Tagset } from '../../shared/tagset'
import { BUNDLED_CORPUS, expectAppError, expectAppErrorSync, makeTempDir, writeFiles } from '../test-helpers'
import { DEFAULT_TAGSET_FILE, LOCAL_DIR, readTagset, TAGSET_FILE, Workspace, WORKSPACE_FILE, WORKSPACE_SCHEMA_VERSION } from './workspace'

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

  it('opens a folder whose workspace file is damaged: the damaged one kept aside, a new one written, the user told by name', async () => {
    const dir = await articleFolder()
    await writeFile(path.join(dir, WORKSPACE_FILE), '{"schemaVersion": 1, "name": "x",')
    const workspace = await Workspace.open(dir)
    expect(workspace.file).toEqual({ schemaVersion: WORKSPACE_SCHEMA_VERSION, name: path.basename(dir), corpus: '.' })
    expect(await readJson(path.join(dir, WORKSPACE_FILE))).toEqual(workspace.file)
    const [aside] = (await readdir(dir)).filter((name) => name.startsWith(`${WORKSPACE_FILE}.corrupt-`))
    expect(await readFile(path.join(dir, aside as string), 'utf8')).toBe('{"schemaVersion": 1, "name": "x",')
    expect(workspace.info().warnings).toEqual([expect.stringMatching(new RegExp(`^${WORKSPACE_FILE.replace('.', '\\.')} is damaged: it is not valid JSON .+ moved aside to ${aside}`))])
  })

  it('refuses to open a workspace whose workspace file a newer Parallax wrote, saying to update, and leaves it as it is', async () => {
    const dir = await articleFolder()
    const newer = JSON.stringify({ schemaVersion: 99, name: 'x', corpus: '.', shelves: [] })
    await writeFile(path.join(dir, WORKSPACE_FILE), newer)
    await expectAppError(Workspace.open(dir), 'read-only', WORKSPACE_FILE, 'written by a newer Parallax (schema version 99', 'update Parallax')
    expect(await readFile(path.join(dir, WORKSPACE_FILE), 'utf8')).toBe(newer)
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

  it('opens with the default view when ui.json is damaged, naming the file and the field', async () => {
    const dir = await articleFolder()
    await Workspace.open(dir)
    await writeFile(path.join(dir, LOCAL_DIR, 'ui.json'), '{"schemaVersion":1,"openArticles":"alpha","sidebarOpen":true}')
    const workspace = await Workspace.open(dir)
    expect(await workspace.uiState()).toEqual({ schemaVersion: 1, openArticles: [], sidebarOpen: true })
    expect(workspace.info().warnings).toEqual([expect.stringMatching(/^\.parallax\/ui\.json is damaged: it does not match its schema: openArticles: /)])
  })
})

/** The bundled default tagset, parsed: what a workspace without its own uses. */
const defaultTagset = async (): Promise<Tagset> => Tagset.parse(await readJson(DEFAULT_TAGSET_FILE))

/** A small valid tagset of a researcher's own. */
const ownTagset = {
  schemaVersion: 1,
  name: 'Framing study',
  labels: [
    { id: 'frame', name: 'Frame', color: '#123456', hotkey: '1' },
    { id: 'actor', name: 'Actor', color: '#654321', hotkey: '2' },
  ],
  linkTypes: [{ id: 'frames', name: 'frames', from: ['frame'], to: ['actor'] }],
}

describe('readTagset', () => {
  it('reads the bundled default tagset from the app folder', async () => {
    expect(DEFAULT_TAGSET_FILE).toBe(path.join(BUNDLED_CORPUS, TAGSET_FILE))
    const tagset = await readTagset(DEFAULT_TAGSET_FILE)
    expect(tagset).toEqual(await defaultTagset())
    expect(tagset.labels.map((l) => l.id)).toEqual(['claim', 'speaker', 'quote', 'translation-error'])
  })

  it('refuses a tagset that is not JSON as a corrupt file, naming it', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'tagset.json': '{ "schemaVersion": 1,' })
    await expectAppError(readTagset(path.join(dir, 'tagset.json')), 'corrupt-file', 'tagset.json cannot be read as JSON')
  })

  it('refuses an invalid tagset, naming the file and the field, under the name it is given', async () => {
    const dir = await makeTempDir()
    const broken = structuredClone(ownTagset)
    broken.labels[1]!.hotkey = '1'
    await writeFiles(dir, { 'mine.json': JSON.stringify(broken) })
    await expectAppError(readTagset(path.join(dir, 'mine.json')), 'invalid-input', 'mine.json is not a valid tagset', 'labels.1.hotkey', 'used twice')
    await expectAppError(readTagset(path.join(dir, 'mine.json'), 'study/tagset.json'), 'invalid-input', 'study/tagset.json is not a valid tagset')
  })
})

describe('Workspace tagset', () => {
  it('uses the bundled default in a workspace without tagset.json', async () => {
    const dir = await articleFolder()
    const workspace = await Workspace.open(dir)
    expect(workspace.tagset).toEqual(await defaultTagset())
  })

  it('uses the bundled default when tagset.json is removed from a workspace made by init', async () => {
    const dir = await makeTempDir()
    await writeFiles(path.join(dir, 'src'), { 'a.txt': 'A' })
    await Workspace.init(path.join(dir, 'ws'), path.join(dir, 'src'))
    await rm(path.join(dir, 'ws', TAGSET_FILE))
    expect((await Workspace.open(path.join(dir, 'ws'))).tagset).toEqual(await defaultTagset())
  })

  it("uses the workspace's own tagset.json", async () => {
    const dir = await articleFolder()
    await writeFiles(dir, { [TAGSET_FILE]: JSON.stringify(ownTagset) })
    const workspace = await Workspace.open(dir)
    expect(workspace.tagset.name).toBe('Framing study')
    expect(workspace.tagset).toEqual(Tagset.parse(ownTagset))
  })

  it('opens a workspace whose tagset.json is invalid with the default tagset, naming the file and the field, and keeps the bad one', async () => {
    const dir = await articleFolder()
    const broken = structuredClone(ownTagset)
    broken.labels[0]!.color = 'blue'
    await writeFiles(dir, { [TAGSET_FILE]: JSON.stringify(broken) })
    const workspace = await Workspace.open(dir)
    expect(workspace.tagset).toEqual(await defaultTagset())
    const [aside] = (await readdir(dir)).filter((name) => name.startsWith(`${TAGSET_FILE}.corrupt-`))
    expect(await readFile(path.join(dir, aside as string), 'utf8')).toBe(JSON.stringify(broken))
    const [warning] = workspace.info().warnings
    expect(warning).toMatch(/^tagset\.json is damaged: it does not match its schema: labels\.0\.color: a colour is written #rrggbb\. It was moved aside to /)
    expect(warning).toContain('Parallax uses its default tagset')
  })

  it.each([
    ['a link type naming a label it does not have', (t: typeof ownTagset) => (t.linkTypes[0]!.to = ['speaker']), 'linkTypes.0.to.0'],
    ['a field it does not know', (t: typeof ownTagset) => Object.assign(t, { labelz: [] }), '"labelz"'],
    ['no labels', (t: typeof ownTagset) => (t.labels = []), 'labels'],
  ])('opens a workspace whose tagset has %s, naming the field', async (_what, breakIt, field) => {
    const dir = await makeTempDir()
    await Workspace.init(dir, BUNDLED_CORPUS)
    const broken = structuredClone(ownTagset)
    breakIt(broken)
    await writeFile(path.join(dir, TAGSET_FILE), JSON.stringify(broken))
    const workspace = await Workspace.open(dir)
    expect(workspace.tagset).toEqual(await defaultTagset())
    expect(workspace.info().warnings).toEqual([expect.stringContaining('tagset.json is damaged: it does not match its schema: ')])
    expect(workspace.info().warnings[0]).toContain(field)
  })

  it('opens a workspace whose tagset.json is empty, saying so', async () => {
    const dir = await articleFolder()
    await writeFiles(dir, { [TAGSET_FILE]: '' })
    const workspace = await Workspace.open(dir)
    expect(workspace.tagset).toEqual(await defaultTagset())
    expect(workspace.info().warnings).toEqual([expect.stringMatching(/^tagset\.json is damaged: the file is empty\./)])
  })

  it('writes the default tagset into a workspace made from a corpus without one', async () => {
    const source = await makeTempDir()
    await writeFiles(source, { 'a.txt': 'A' })
    const dir = path.join(await makeTempDir(), 'ws')
    const workspace = await Workspace.init(dir, source)
    const tagset = await defaultTagset()
    expect(await readFile(path.join(dir, TAGSET_FILE), 'utf8')).toBe(formatJson(tagset))
    expect(workspace.tagset).toEqual(tagset)
  })

  it('writes the tagset of the corpus source folder, when it has one', async () => {
    const source = await makeTempDir()
    await writeFiles(source, { 'a.txt': 'A', [TAGSET_FILE]: JSON.stringify(ownTagset) })
    const dir = path.join(await makeTempDir(), 'ws')
    const workspace = await Workspace.init(dir, source)
    // written out with the defaults filled in, so the file says everything the app will use
    expect(await readFile(path.join(dir, TAGSET_FILE), 'utf8')).toBe(formatJson(Tagset.parse(ownTagset)))
    expect(workspace.tagset.name).toBe('Framing study')
    // the tagset is not copied into the corpus folder as if it were part of it
    expect(await readdir(path.join(dir, 'corpus'))).toEqual(['a.txt'])
    // and the workspace keeps it on the next open
    expect((await Workspace.open(dir)).tagset.labels.map((l) => l.id)).toEqual(['frame', 'actor'])
  })

  it('writes the bundled tagset into a workspace made from the bundled corpus', async () => {
    const dir = await makeTempDir()
    await Workspace.init(dir, BUNDLED_CORPUS)
    expect(Tagset.parse(await readJson(path.join(dir, TAGSET_FILE)))).toEqual(await defaultTagset())
  })

  it('refuses a corpus source with an invalid tagset.json, and writes nothing', async () => {
    const source = await makeTempDir()
    const broken = structuredClone(ownTagset)
    broken.linkTypes[0]!.from = ['nothing']
    await writeFiles(source, { 'a.txt': 'A', [TAGSET_FILE]: JSON.stringify(broken) })
    const parent = await makeTempDir()
    const dir = path.join(parent, 'ws')
    await expectAppError(Workspace.init(dir, source), 'invalid-input', 'tagset.json', 'linkTypes.0.from.0')
    // nothing half-made is left behind: the same folder can be used once the tagset is fixed
    expect(await readdir(parent)).toEqual([])
    await writeFiles(source, { [TAGSET_FILE]: JSON.stringify(ownTagset) })
    expect((await Workspace.init(dir, source)).tagset.name).toBe('Framing study')
  })
})

describe('Workspace.search', () => {
  /** Three small articles whose every occurrence is known. */
  async function searchable(): Promise<Workspace> {
    const dir = await makeTempDir()
    await writeFiles(dir, {
      'a-nato.txt': 'NATO met. Nato said nato would meet again. NATO!',
      'b-rutte.txt': 'Mark Rutte, NATO chief. Rutte; RUTTE; rutte.',
      'c-none.txt': 'Nothing to see here.',
    })
    return Workspace.open(dir)
  }

  it('finds every occurrence in every article, ignoring case by default, in article and text order', async () => {
    const workspace = await searchable()
    const { hits, truncated } = workspace.search('nato', {})
    expect(truncated).toBe(false)
    expect(hits.map((h) => [h.articleId, h.start, h.match])).toEqual([
      ['a-nato', 0, 'NATO'],
      ['a-nato', 10, 'Nato'],
      ['a-nato', 20, 'nato'],
      ['a-nato', 43, 'NATO'],
      ['b-rutte', 12, 'NATO'],
    ])
    for (const hit of hits) {
      expect(hit.end - hit.start).toBe(4)
      expect(workspace.article(hit.articleId).text.slice(hit.start, hit.end)).toBe(hit.match)
    }
  })

  it('ignores the case of the query too', async () => {
    const workspace = await searchable()
    expect(workspace.search('RuTtE', {}).hits.map((h) => h.match)).toEqual(['Rutte', 'Rutte', 'RUTTE', 'rutte'])
  })

  it('matches case exactly when asked', async () => {
    const workspace = await searchable()
    expect(workspace.search('Rutte', { caseSensitive: true }).hits.map((h) => h.start)).toEqual([5, 24])
    expect(workspace.search('nato', { caseSensitive: true }).hits.map((h) => [h.articleId, h.start])).toEqual([['a-nato', 20]])
    expect(workspace.search('rutte', { caseSensitive: true }).hits).toHaveLength(1)
  })

  it('keeps to one article when given its id, and refuses an unknown id', async () => {
    const workspace = await searchable()
    const { hits } = workspace.search('nato', { articleId: 'b-rutte' })
    expect(hits).toEqual([{ articleId: 'b-rutte', start: 12, end: 16, before: 'Mark Rutte, ', match: 'NATO', after: ' chief. Rutte; RUTTE; rutte.' }])
    expect(workspace.search('nato', { articleId: 'c-none' })).toEqual({ hits: [], truncated: false })
    expectAppErrorSync(() => workspace.search('nato', { articleId: 'd-missing' }), 'not-found', '"d-missing"')
  })

  it('gives up to 40 characters of context on each side, cut at the ends of the text', async () => {
    const dir = await makeTempDir()
    const text = `${'a'.repeat(50)}NEEDLE${'b'.repeat(50)}NEEDLE${'c'.repeat(10)}`
    await writeFiles(dir, { 'long.txt': text })
    const workspace = await Workspace.open(dir)
    const [first, second] = workspace.search('needle', {}).hits
    expect(first).toEqual({ articleId: 'long', start: 50, end: 56, before: 'a'.repeat(40), match: 'NEEDLE', after: `${'b'.repeat(40)}` })
    expect(second).toEqual({ articleId: 'long', start: 106, end: 112, before: `${'b'.repeat(40)}`, match: 'NEEDLE', after: 'c'.repeat(10) })
    const [start] = workspace.search('aaa', { caseSensitive: true, limit: 1 }).hits
    expect(start).toMatchObject({ start: 0, before: '' })
  })

  it('does not count overlapping occurrences twice', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'x.txt': 'aaaaa' })
    const workspace = await Workspace.open(dir)
    expect(workspace.search('aa', {}).hits.map((h) => h.start)).toEqual([0, 2])
  })

  it('stops at the limit and says the list is truncated', async () => {
    const workspace = await searchable()
    expect(workspace.search('nato', { limit: 2 })).toMatchObject({ truncated: true })
    expect(workspace.search('nato', { limit: 2 }).hits.map((h) => h.start)).toEqual([0, 10])
    // a limit the hits exactly fill is not truncated; one short is
    expect(workspace.search('nato', { limit: 5 })).toMatchObject({ truncated: false })
    expect(workspace.search('nato', { limit: 5 }).hits).toHaveLength(5)
    expect(workspace.search('nato', { limit: 4 })).toMatchObject({ truncated: true })
    expect(workspace.search('nato', { limit: 4 }).hits.map((h) => h.articleId)).toEqual(['a-nato', 'a-nato', 'a-nato', 'a-nato'])
  })

  it('stops at 500 hits by default', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'many.txt': 'x '.repeat(600) })
    const result = (await Workspace.open(dir)).search('x', {})
    expect(result.hits).toHaveLength(500)
    expect(result.truncated).toBe(true)
  })

  it('finds a phrase across the machine-translated article of the bundled corpus', async () => {
    const dir = await makeTempDir()
    const workspace = await Workspace.init(dir, BUNDLED_CORPUS)
    const { hits } = workspace.search('kamala harry', {})
    expect(hits).toHaveLength(1)
    const [hit] = hits
    expect(hit).toMatchObject({ articleId: 'rutte-sworn-in-translated', match: 'Kamala Harry' })
    expect(hit!.start).toBe(workspace.article('rutte-sworn-in-translated').text.indexOf('Kamala Harry'))
    expect(hit!.before.endsWith('Vice President ')).toBe(true)
  })

  it('still finds matches, at the right offsets, in an article with a letter whose lower case is longer (İ)', async () => {
    const dir = await makeTempDir()
    // "İ".toLowerCase() is "i̇", two code units: lower-casing the whole text would shift every offset after it
    await writeFiles(dir, { 'istanbul.txt': 'İstanbul summit: NATO and Rutte in İzmir, then NATO again.' })
    const workspace = await Workspace.open(dir)
    const text = workspace.article('istanbul').text
    const { hits } = workspace.search('nato', {})
    expect(hits.map((h) => h.start)).toEqual([text.indexOf('NATO'), text.lastIndexOf('NATO')])
    for (const hit of hits) expect(hit.match).toBe('NATO')
    expect(workspace.search('İzmir', {}).hits.map((h) => h.match)).toEqual(['İzmir'])
    expect(workspace.search('rutte', {}).hits.map((h) => text.slice(h.start, h.end))).toEqual(['Rutte'])
  })
})
