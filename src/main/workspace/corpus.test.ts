import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ArticleId, CorpusManifest } from '../../shared/corpus'
import { appRoot } from '../paths'
import { BUNDLED_CORPUS, makeTempDir, writeFiles } from '../test-helpers'
import { loadCorpus, sha256, slugFromFileName, titleFromText } from './corpus'

const fileSha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex')

const manifest = (articles: unknown[], extra: Record<string, unknown> = {}): string =>
  JSON.stringify({ schemaVersion: 1, ...extra, articles })

describe('loadCorpus on the bundled corpus', () => {
  it('lists the five articles in manifest order, with the manifest metadata', async () => {
    const expected = CorpusManifest.parse(JSON.parse(await readFile(path.join(BUNDLED_CORPUS, 'manifest.json'), 'utf8')))
    const corpus = await loadCorpus(BUNDLED_CORPUS)
    expect(corpus.warnings).toEqual([])
    expect(corpus.name).toBe(expected.name)
    expect(corpus.articles).toHaveLength(5)
    expect(corpus.articles.map((a) => a.meta.id)).toEqual([
      'semafor-rutte-trump-whisperer',
      'rutte-white-house-backing-summary',
      'rutte-sworn-in-translated',
      'rutte-poised-for-nato-leadership',
      'montenegrin-keep-the-west-together',
    ])
    for (const [i, entry] of expected.articles.entries()) {
      const { meta } = corpus.articles[i]!
      expect(meta).toMatchObject({
        id: entry.id,
        title: entry.title,
        outlet: entry.outlet,
        date: entry.date,
        language: entry.language,
        provenance: entry.provenance,
        provenanceNote: entry.provenanceNote,
      })
      expect(meta.sourceLanguage).toBe(entry.sourceLanguage)
    }
    expect(corpus.articles[4]!.meta.sourceLanguage).toBe('cnr')
  })

  it('keeps each text byte for byte as in its file, and the manifest hash is the hash of those bytes', async () => {
    const expected = CorpusManifest.parse(JSON.parse(await readFile(path.join(BUNDLED_CORPUS, 'manifest.json'), 'utf8')))
    const corpus = await loadCorpus(BUNDLED_CORPUS)
    for (const [i, entry] of expected.articles.entries()) {
      const article = corpus.articles[i]!
      const bytes = await readFile(path.join(BUNDLED_CORPUS, entry.file))
      expect(Buffer.from(article.text, 'utf8').equals(bytes), entry.file).toBe(true)
      expect(entry.sha256).toBe(fileSha256(bytes))
      expect(article.meta.sha256).toBe(entry.sha256)
      expect(article.meta.length).toBe(article.text.length)
    }
  })
})

describe('the bundled corpus against the original seeds', () => {
  const seeds = path.resolve(appRoot, '..', 'shared', 'seeds')
  const seedFor: Record<string, string> = {
    '000': 'semafor-rutte-trump-whisperer',
    '001': 'rutte-white-house-backing-summary',
    '002': 'rutte-sworn-in-translated',
    '003': 'rutte-poised-for-nato-leadership',
    '004': 'montenegrin-keep-the-west-together',
  }

  it.skipIf(!existsSync(seeds))('holds each seed text unchanged', async () => {
    const files = (await readdir(seeds)).filter((f) => f.endsWith('.txt')).sort()
    expect(files.map((f) => f.slice(0, 3))).toEqual(Object.keys(seedFor))
    for (const file of files) {
      const seed = await readFile(path.join(seeds, file))
      const bundled = await readFile(path.join(BUNDLED_CORPUS, `${seedFor[file.slice(0, 3)]}.txt`))
      expect(bundled.equals(seed), `${file} and ${seedFor[file.slice(0, 3)]}.txt differ`).toBe(true)
    }
  })
})

describe('loadCorpus on a folder without a manifest', () => {
  it('lists .txt and .md files by name, with default metadata', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, {
      'B Story.md': '\n\n  # The Headline  \nBody text.\n',
      'a-note.txt': 'First line\r\nSecond line',
      'UPPER.TXT': 'Shouting',
      'notes.json': '{}',
      'image.png': 'not text',
      'sub/nested.txt': 'not listed: only the folder itself is read',
    })
    const corpus = await loadCorpus(dir)
    expect(corpus.warnings).toEqual([])
    expect(corpus.name).toBeNull()
    expect(corpus.articles.map((a) => a.meta.id)).toEqual(['b-story', 'upper', 'a-note'])
    const story = corpus.articles[0]!
    expect(story.meta).toEqual({
      id: 'b-story',
      title: 'The Headline',
      outlet: null,
      date: null,
      language: 'und',
      provenance: 'unknown',
      provenanceNote: '',
      length: story.text.length,
      sha256: sha256('\n\n  # The Headline  \nBody text.\n'),
    })
    expect(story.meta).not.toHaveProperty('sourceLanguage')
    expect(corpus.articles[2]!.meta.title).toBe('First line')
    expect(corpus.articles[2]!.text).toBe('First line\r\nSecond line')
  })

  it('titles an empty or blank file by its file name', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'empty.txt': '', 'blank.txt': ' \n\t\n' })
    const corpus = await loadCorpus(dir)
    expect(corpus.articles.map((a) => [a.meta.id, a.meta.title, a.meta.length])).toEqual([
      ['blank', 'blank.txt', 4],
      ['empty', 'empty.txt', 0],
    ])
  })

  it('gives an empty corpus for a folder without articles', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'readme.rst': 'x' })
    expect(await loadCorpus(dir)).toEqual({ name: null, articles: [], warnings: [] })
  })

  it('counts length in UTF-16 code units and hashes the UTF-8 bytes', async () => {
    const dir = await makeTempDir()
    const text = 'Rutte 🇳🇱 — Brüssel'
    await writeFiles(dir, { 'a.txt': text })
    const [article] = (await loadCorpus(dir)).articles
    expect(article!.meta.length).toBe(text.length)
    expect(article!.meta.sha256).toBe(fileSha256(Buffer.from(text, 'utf8')))
  })

  it('suffixes ids that collide, with a warning', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'Rutte Report.txt': 'one', 'rutte-report.md': 'two', 'rutte_report.txt': 'three', 'rutte-report.txt': 'four' })
    const corpus = await loadCorpus(dir)
    expect(corpus.articles.map((a) => [a.meta.id, a.text])).toEqual([
      ['rutte-report', 'one'],
      ['rutte-report-2', 'two'],
      ['rutte-report-3', 'four'],
      ['rutte_report', 'three'],
    ])
    expect(corpus.warnings).toEqual([
      'Two articles are named "rutte-report"; rutte-report.md is listed as "rutte-report-2".',
      'Two articles are named "rutte-report"; rutte-report.txt is listed as "rutte-report-3".',
    ])
  })

  it('keeps suffixed ids valid when the colliding id is already as long as an id may be', async () => {
    const dir = await makeTempDir()
    const long = 'a'.repeat(130)
    await writeFiles(dir, { [`${long}1.txt`]: 'one', [`${long}2.txt`]: 'two' })
    const corpus = await loadCorpus(dir)
    const ids = corpus.articles.map((a) => a.meta.id)
    expect(new Set(ids).size).toBe(2)
    for (const id of ids) expect(ArticleId.safeParse(id).success, id).toBe(true)
    expect(corpus.warnings).toHaveLength(1)
  })
})

describe('loadCorpus with a manifest', () => {
  it('uses the manifest for the files it lists and defaults for the rest, listed after', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, {
      'manifest.json': manifest(
        [{ id: 'second', file: 'b.txt', title: 'B from the manifest', outlet: 'Le Monde', date: '2024-06-20', language: 'fr', provenance: 'original' }],
        { name: 'Test corpus' },
      ),
      'a.txt': 'A title\nbody',
      'b.txt': 'Not the title',
    })
    const corpus = await loadCorpus(dir)
    expect(corpus.warnings).toEqual([])
    expect(corpus.name).toBe('Test corpus')
    expect(corpus.articles.map((a) => a.meta)).toMatchObject([
      { id: 'second', title: 'B from the manifest', outlet: 'Le Monde', date: '2024-06-20', language: 'fr', provenance: 'original', provenanceNote: '' },
      { id: 'a', title: 'A title', outlet: null, language: 'und', provenance: 'unknown' },
    ])
  })

  it('gives each of many articles (read a batch at a time) its own text, in manifest order and then by name', async () => {
    const dir = await makeTempDir()
    const names = Array.from({ length: 130 }, (_, i) => `article-${String(i).padStart(3, '0')}`)
    const listed = names.filter((_, i) => i % 3 === 0).reverse()
    await writeFiles(dir, {
      'manifest.json': manifest(listed.map((id) => ({ id, file: `${id}.txt`, title: `Listed ${id}` }))),
      ...Object.fromEntries(names.map((id) => [`${id}.txt`, `Text of ${id}\n`])),
    })
    const corpus = await loadCorpus(dir)
    expect(corpus.warnings).toEqual([])
    const order = [...listed, ...names.filter((id) => !listed.includes(id))]
    expect(corpus.articles.map((a) => a.meta.id)).toEqual(order)
    for (const article of corpus.articles) expect(article.text).toBe(`Text of ${article.meta.id}\n`)
    expect(corpus.articles[0]!.meta.title).toBe(`Listed ${listed[0]}`)
  })

  it('lists the files anyway, with a warning naming the problem, when the manifest is not JSON', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'manifest.json': '{ "schemaVersion": 1, ', 'a.txt': 'A', 'b.md': 'B' })
    const corpus = await loadCorpus(dir)
    expect(corpus.articles.map((a) => a.meta.id)).toEqual(['a', 'b'])
    expect(corpus.name).toBeNull()
    expect(corpus.warnings).toHaveLength(1)
    expect(corpus.warnings[0]).toMatch(/^manifest\.json is not valid JSON \(.+\); articles are listed with default metadata\.$/)
  })

  it.each([
    ['a wrong provenance', [{ id: 'a', file: 'a.txt', title: 'A', provenance: 'rumour' }], {}, 'articles.0.provenance'],
    ['an unknown field', [{ id: 'a', file: 'a.txt', title: 'A', author: 'X' }], {}, 'author'],
    ['a bad date', [{ id: 'a', file: 'a.txt', title: 'A', date: '20 June 2024' }], {}, 'articles.0.date'],
    ['an id that is a path', [{ id: '../a', file: 'a.txt', title: 'A' }], {}, 'articles.0.id'],
    ['a future schema version', [], { schemaVersion: 2 }, 'schemaVersion'],
  ])('lists the files anyway, with a warning, for %s', async (_what, articles, extra, named) => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'manifest.json': manifest(articles, extra), 'a.txt': 'Alpha' })
    const corpus = await loadCorpus(dir)
    expect(corpus.articles.map((a) => [a.meta.id, a.meta.title, a.meta.provenance])).toEqual([['a', 'Alpha', 'unknown']])
    expect(corpus.warnings).toHaveLength(1)
    expect(corpus.warnings[0]).toContain('manifest.json was not used')
    expect(corpus.warnings[0]).toContain(named)
  })

  it.each(['missing.txt', '../escape.txt', 'sub/a.txt', '/etc/passwd'])('warns about an entry for %j and lists the real files', async (file) => {
    const root = await makeTempDir()
    const dir = path.join(root, 'corpus')
    await writeFiles(root, {
      'escape.txt': 'outside the corpus',
      'corpus/manifest.json': manifest([{ id: 'ghost', file, title: 'Ghost' }]),
      'corpus/a.txt': 'A',
      'corpus/sub/a.txt': 'nested',
    })
    const corpus = await loadCorpus(dir)
    expect(corpus.articles.map((a) => [a.meta.id, a.text])).toEqual([['a', 'A']])
    expect(corpus.warnings).toEqual([`The manifest lists ${JSON.stringify(file)} for "ghost", but there is no such file in the corpus folder.`])
  })

  it('uses the first of two entries for one file', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, {
      'manifest.json': manifest([
        { id: 'first', file: 'a.txt', title: 'First' },
        { id: 'again', file: 'a.txt', title: 'Again' },
      ]),
      'a.txt': 'A',
    })
    const corpus = await loadCorpus(dir)
    expect(corpus.articles.map((a) => [a.meta.id, a.meta.title])).toEqual([['first', 'First']])
    expect(corpus.warnings).toEqual(['The manifest lists a.txt twice; the first entry is used.'])
  })

  it('suffixes a manifest id that an earlier entry already took', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, {
      'manifest.json': manifest([
        { id: 'same', file: 'a.txt', title: 'A' },
        { id: 'same', file: 'b.txt', title: 'B' },
      ]),
      'a.txt': 'A',
      'b.txt': 'B',
      'same.txt': 'unlisted, and its slug is taken too',
    })
    const corpus = await loadCorpus(dir)
    expect(corpus.articles.map((a) => [a.meta.id, a.meta.title])).toEqual([
      ['same', 'A'],
      ['same-2', 'B'],
      ['same-3', 'unlisted, and its slug is taken too'],
    ])
    expect(corpus.warnings).toHaveLength(2)
  })

  it('warns when a text no longer matches the hash its entry was written for, and still lists it', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, {
      'manifest.json': manifest([
        { id: 'a', file: 'a.txt', title: 'A', sha256: sha256('the original text') },
        { id: 'b', file: 'b.txt', title: 'B', sha256: sha256('unchanged') },
      ]),
      'a.txt': 'an edited text',
      'b.txt': 'unchanged',
    })
    const corpus = await loadCorpus(dir)
    expect(corpus.articles.map((a) => a.meta.id)).toEqual(['a', 'b'])
    expect(corpus.articles[0]!.meta.sha256).toBe(sha256('an edited text'))
    expect(corpus.warnings).toEqual(['The text of a.txt differs from the one its manifest entry was written for.'])
  })

  it('warns when the manifest cannot be read', async () => {
    const dir = await makeTempDir()
    await writeFiles(dir, { 'manifest.json/inside': 'a folder named like the manifest', 'a.txt': 'A' })
    const corpus = await loadCorpus(dir)
    expect(corpus.articles.map((a) => a.meta.id)).toEqual(['a'])
    expect(corpus.warnings).toHaveLength(1)
    expect(corpus.warnings[0]).toMatch(/^Cannot read manifest\.json: /)
  })
})

describe('slugFromFileName', () => {
  it.each([
    ['semafor-rutte-trump-whisperer.txt', 'semafor-rutte-trump-whisperer'],
    ['Rutte Sworn In.md', 'rutte-sworn-in'],
    ['Über Brüssel — Café.txt', 'uber-brussel-cafe'],
    ['  spaced  out  .txt', 'spaced-out'],
    ['__init__.txt', 'init'],
    ['.hidden.txt', 'hidden'],
    ['v1.2_final.md', 'v1.2_final'],
    ['archive.tar.txt', 'archive.tar'],
    ['日本語.txt', 'article'],
    ['---.txt', 'article'],
    ['.txt', 'txt'],
    ['dir/sub/name.txt', 'name'],
    ['no-extension', 'no-extension'],
  ])('%j → %j', (name, slug) => {
    expect(slugFromFileName(name)).toBe(slug)
  })

  it('caps a slug at 120 characters and never ends it on punctuation', () => {
    const slug = slugFromFileName(`${'a'.repeat(119)}-b${'c'.repeat(30)}.txt`)
    expect(slug).toBe('a'.repeat(119))
    expect(slugFromFileName(`${'x'.repeat(200)}.txt`)).toBe('x'.repeat(120))
  })

  it('always gives a valid article id', () => {
    const names = ['', '.', '..', 'A', 'a.b.c.txt', '-a-.md', '😀 emoji 😀.txt', `${'é'.repeat(300)}.txt`, 'x\u0000y.txt', 'CON.txt', '1.txt']
    for (const name of names) expect(ArticleId.safeParse(slugFromFileName(name)).success, `${JSON.stringify(name)} → ${slugFromFileName(name)}`).toBe(true)
  })
})

describe('titleFromText', () => {
  it.each([
    ['Headline\nBody', 'Headline'],
    ['\n\n   \n  Headline  \nBody', 'Headline'],
    ['# Markdown heading\nBody', 'Markdown heading'],
    ['### \n## Second\n', 'Second'],
    ['Windows\r\nline', 'Windows'],
    ['Old Mac\rline', 'Old Mac'],
    ['', 'fallback.txt'],
    [' \n\t\r\n', 'fallback.txt'],
  ])('%j → %j', (text, title) => {
    expect(titleFromText(text, 'fallback.txt')).toBe(title)
  })

  it('keeps a 120-character line and shortens a longer one to 118 with an ellipsis', () => {
    const exact = 'x'.repeat(120)
    expect(titleFromText(exact, 'f')).toBe(exact)
    const title = titleFromText(`${'word '.repeat(40)}\nbody`, 'f')
    expect(title.endsWith('…')).toBe(true)
    expect(title.length).toBeLessThanOrEqual(118)
    expect(title).toBe(`${'word '.repeat(23)}wo…`)
  })
})
