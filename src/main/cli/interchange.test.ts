/**
 * `parallax export`, `import` and `validate`: files written where --out says, filters, all-or-nothing
 * imports with --dry-run, one-line failures, and progress on stderr with results on stdout.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ParallaxDocument } from '../interchange/formats/native'
import { FORMAT_NAMES } from '../interchange/model'
import { collectExport, runExport } from '../interchange/index'
import { ANA, BO, EMOJI, freshApp, richApp, richCorpus, SWORN_IN } from '../interchange/test-workspace'
import { captureCliOutput, makeTempDir, snapshotFiles } from '../test-helpers'
import { Workspace } from '../workspace/workspace'
import { runCli } from './index'

const output = captureCliOutput()

/** Runs the CLI with a clean stdout and stderr. */
async function cli(...argv: string[]): Promise<number> {
  output.clear()
  return runCli(argv)
}

const ARTICLES = 6
const PROGRESS = [`Reading ${ARTICLES} articles and their layers…`, 'Exporting 21 annotations of 2 annotators as']

describe('parallax export', () => {
  it.each([
    ['native', 'out.parallax.json'],
    ['w3c', 'out.jsonld'],
    ['mqm', 'out.tsv'],
    ['csv', 'out.csv'],
  ] as const)('--format %s --out FILE writes that file, what the export gives, and says so on stdout', async (format, name) => {
    const app = await richApp()
    const out = path.join(await makeTempDir(), 'new-folder', name)
    expect(await cli('export', '--workspace', app.workspace.root, '--format', format, '--out', out)).toBe(0)
    expect(await readFile(out, 'utf8')).toBe(runExport(format, await collectExport(app.workspace))[0]!.content)
    expect(output.stdout).toBe(`Exported 21 annotations to ${out}\n`)
    expect(output.stderr).toBe(`${PROGRESS[0]}\n${PROGRESS[1]} ${FORMAT_NAMES[format]}…\n`)
  })

  it('--out - writes the export to standard output, and what it did to stderr', async () => {
    const app = await richApp()
    expect(await cli('export', '--workspace', app.workspace.root, '--format', 'w3c', '--out', '-')).toBe(0)
    expect(output.stdout).toBe(runExport('w3c', await collectExport(app.workspace))[0]!.content)
    expect(output.stderr).toBe(`${PROGRESS[0]}\n${PROGRESS[1]} W3C…\nExported 21 annotations to standard output\n`)
  })

  it('--out - refuses the formats that are a folder of files', async () => {
    const app = await richApp()
    expect(await cli('export', '--workspace', app.workspace.root, '--format', 'brat', '--out', '-')).toBe(1)
    expect(output.stdout).toBe('')
    expect(output.stderr).toContain('A brat export is a folder of files: --out - (standard output) takes native, w3c, mqm or csv.')
  })

  it('--out FOLDER gets the usual file name', async () => {
    const app = await richApp()
    const folder = await makeTempDir()
    expect(await cli('export', '--workspace', app.workspace.root, '--format', 'native', '--out', folder)).toBe(0)
    expect(await readdir(folder)).toEqual(['annotations.parallax.json'])
    expect(output.stdout).toBe(`Exported 21 annotations to 1 file in ${folder}\n`)
  })

  it('says in plain words why the file could not be written, in one line', async () => {
    const app = await richApp()
    const file = path.join(await makeTempDir(), 'a-file')
    await writeFile(file, 'not a folder')
    const out = path.join(file, 'x.json')
    expect(await cli('export', '--workspace', app.workspace.root, '--format', 'native', '--out', out)).toBe(1)
    expect(output.stderr).toMatch(new RegExp(`^parallax export: Could not save ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: a part of the path is a file, not a folder \\((EEXIST|ENOTDIR): .*\\)\\.\n$`, 'm'))
    expect(await readFile(file, 'utf8')).toBe('not a folder')
  })

  it('brat and Label Studio write a folder', async () => {
    const app = await richApp()
    const brat = path.join(await makeTempDir(), 'brat')
    expect(await cli('export', '--workspace', app.workspace.root, '--format', 'brat', '--out', brat)).toBe(0)
    expect((await readdir(brat)).sort()).toEqual(['ana-petrovic', 'annotation.conf', 'bo-chen'])
    expect((await readdir(path.join(brat, 'bo-chen'))).sort()).toContain(`${EMOJI}.ann`)
    const files = 1 + 2 * 2 * ARTICLES
    expect(output.stdout).toBe(`Exported 21 annotations to ${files} files in ${brat}\n`)
    const ls = path.join(await makeTempDir(), 'ls')
    expect(await cli('export', '--workspace', app.workspace.root, '--format', 'labelstudio', '--out', ls)).toBe(0)
    expect((await readdir(ls)).sort()).toEqual(['labeling-config.xml', 'tasks.json'])
    expect(output.stdout).toBe(`Exported 21 annotations to 2 files in ${ls}\n`)
  })

  it('--annotator and --article choose the layers and articles, and may be given more than once', async () => {
    const app = await richApp()
    const out = path.join(await makeTempDir(), 'x.json')
    expect(await cli('export', '--workspace', app.workspace.root, '--format', 'native', '--out', out, '--annotator', BO, '--article', EMOJI, '--article', SWORN_IN)).toBe(0)
    const document = ParallaxDocument.parse(JSON.parse(await readFile(out, 'utf8')))
    expect(document.layers.map((l) => l.annotator)).toEqual([BO])
    // articles in corpus order, whatever the order given
    expect(document.articles.map((a) => a.id)).toEqual(app.workspace.articleIds.filter((id) => id === EMOJI || id === SWORN_IN))
    expect(document.layers[0]!.annotations.every((a) => a.articleId === EMOJI || a.articleId === SWORN_IN)).toBe(true)
    expect(output.stdout).toBe(`Exported 4 annotations to ${out}\n`)
    expect(output.stderr).toContain('Exporting 4 annotations of 1 annotator as Parallax JSON…')

    expect(await cli('export', '--workspace', app.workspace.root, '--format', 'native', '--out', out, '--annotator', ANA, '--annotator', BO)).toBe(0)
    expect(output.stdout).toBe(`Exported 21 annotations to ${out}\n`)
  })

  it.each([
    [['--format', 'native', '--annotator', 'Nobody'], /^parallax export: There is no layer by "Nobody" in this workspace \(Ana Petrović, Bo Chen\)\.\n$/],
    [['--format', 'native', '--article', 'nope'], /^parallax export: There is no article "nope" in this workspace\.\n$/],
    [['--format', 'pdf'], /^parallax export: The format "pdf" is not one of native, w3c, brat, labelstudio, mqm, csv\n$/],
    [[], /^parallax export: --format is required: parallax export --workspace DIR --format FORMAT --out PATH\n$/],
  ])('%j fails with exit 1 and a one-line reason, writing nothing', async (args, message) => {
    const app = await richApp()
    const folder = await makeTempDir()
    expect(await cli('export', '--workspace', app.workspace.root, '--out', path.join(folder, 'x.json'), ...args)).toBe(1)
    expect(output.stderr.split('\n').filter((l) => l.startsWith('parallax export:'))).toHaveLength(1)
    expect(output.stderr.slice(output.stderr.indexOf('parallax export:'))).toMatch(message)
    expect(output.stdout).toBe('')
    expect(await readdir(folder)).toEqual([])
  })
})

/** A rich workspace's export in `format`, written to a temp folder by the CLI; gives the path. */
async function exported(format: string): Promise<{ out: string; corpus: string }> {
  const corpus = await richCorpus()
  const app = await richApp(corpus)
  const out = path.join(await makeTempDir(), format === 'brat' || format === 'labelstudio' ? format : `export.${format}`)
  expect(await cli('export', '--workspace', app.workspace.root, '--format', format, '--out', out)).toBe(0)
  return { out, corpus }
}

describe('parallax import', () => {
  it('native: adds every layer, entity and note, saying what came in', async () => {
    const { out, corpus } = await exported('native')
    const fresh = await freshApp(corpus)
    expect(await cli('import', '--workspace', fresh.workspace.root, '--format', 'native', out)).toBe(0)
    expect(output.stdout).toBe(`Imported 21 annotations, 11 links, 3 entities and 3 article notes of ${ANA}, ${BO}.\n`)
    expect(output.stderr).toBe('Reading 1 file(s)…\n')
    // the workspace opened before the import read its files then: what the import wrote is read by opening it again
    expect(await (await Workspace.open(fresh.workspace.root)).layers.annotators()).toEqual([ANA, BO])
  })

  it('w3c: lists the Speakers whose entity the workspace does not know as notes', async () => {
    const { out, corpus } = await exported('w3c')
    const fresh = await freshApp(corpus)
    expect(await cli('import', '--workspace', fresh.workspace.root, '--format', 'w3c', out)).toBe(0)
    const lines = output.stdout.trimEnd().split('\n')
    expect(lines[0]).toBe(`Imported 21 annotations, 11 links, 0 entities and 3 article notes of ${ANA}, ${BO}.`)
    expect(lines.slice(1).every((l) => l.startsWith('  note: ') && l.endsWith('so the Speaker was imported without it.'))).toBe(true)
    // every Speaker of both layers: four each
    expect(lines).toHaveLength(1 + 8)
  })

  it('labelstudio: reads tasks.json', async () => {
    const { out, corpus } = await exported('labelstudio')
    const fresh = await freshApp(corpus)
    expect(await cli('import', '--workspace', fresh.workspace.root, '--format', 'labelstudio', path.join(out, 'tasks.json'))).toBe(0)
    expect(output.stdout.split('\n')[0]).toBe(`Imported 21 annotations, 7 links, 0 entities and 0 article notes of ${ANA}, ${BO}.`)
  })

  it('brat: reads a folder of .ann and .txt files as the layer of --annotator', async () => {
    const { out, corpus } = await exported('brat')
    const fresh = await freshApp(corpus)
    expect(await cli('import', '--workspace', fresh.workspace.root, '--format', 'brat', '--annotator', 'Bo again', path.join(out, 'bo-chen'))).toBe(0)
    expect(output.stderr).toBe(`Reading ${2 * ARTICLES} file(s)…\n`)
    expect(output.stdout.split('\n')[0]).toBe('Imported 6 annotations, 2 links, 0 entities and 0 article notes of Bo again.')
    const reopened = await Workspace.open(fresh.workspace.root)
    expect((await reopened.layers.layer('Bo again', reopened.articleIds)).annotations).toHaveLength(6)
  })

  it('brat without --annotator fails with a one-line reason and writes nothing', async () => {
    const { out, corpus } = await exported('brat')
    const fresh = await freshApp(corpus)
    const before = await snapshotFiles(fresh.workspace.root)
    expect(await cli('import', '--workspace', fresh.workspace.root, '--format', 'brat', path.join(out, 'bo-chen'))).toBe(1)
    expect(output.stderr.split('\n').filter(Boolean).at(-1)).toBe(`parallax import: ${EMOJI}.ann: brat files do not say who annotated them: give the annotator (--annotator NAME)`)
    expect(output.stdout).toBe('')
    expect(await snapshotFiles(fresh.workspace.root)).toEqual(before)
  })

  it.each(['native', 'w3c', 'labelstudio', 'brat'] as const)('%s --dry-run reads and checks, says what it read, and writes nothing', async (format) => {
    const { out, corpus } = await exported(format)
    const fresh = await freshApp(corpus)
    const before = await snapshotFiles(fresh.workspace.root)
    const target = format === 'labelstudio' ? path.join(out, 'tasks.json') : format === 'brat' ? path.join(out, 'ana-petrovic') : out
    expect(await cli('import', '--workspace', fresh.workspace.root, '--format', format, '--dry-run', ...(format === 'brat' ? ['--annotator', ANA] : []), target)).toBe(0)
    const who = format === 'brat' ? ANA : `${ANA}, ${BO}`
    expect(output.stdout).toBe(`Read ${format === 'brat' ? 15 : 21} annotations of ${who}; nothing was written (--dry-run).\n`)
    expect(await snapshotFiles(fresh.workspace.root)).toEqual(before)
  })

  it('lists re-anchored annotations on stdout', async () => {
    const corpus = await richCorpus()
    const fresh = await freshApp(corpus)
    const text = fresh.workspace.article(SWORN_IN).text
    const start = text.indexOf('Mark Roux')
    const folder = await makeTempDir()
    await writeFile(path.join(folder, `${SWORN_IN}.ann`), `T1\tspeaker ${start + 3} ${start + 12}\tMark Roux\n`)
    expect(await cli('import', '--workspace', fresh.workspace.root, '--format', 'brat', '--annotator', 'Cy', folder)).toBe(0)
    expect(output.stdout).toBe(`Imported 1 annotation, 0 links, 0 entities and 0 article notes of Cy.\n  re-anchored Cy's "Mark Roux" in ${SWORN_IN}: ${start + 3}–${start + 12} → ${start}–${start + 9}\n`)
  })

  it('a broken file fails with exit 1, the file, the place and the reason, and writes nothing', async () => {
    const { out, corpus } = await exported('native')
    const fresh = await freshApp(corpus)
    const broken = path.join(path.dirname(out), 'broken.json')
    await writeFile(broken, (await readFile(out, 'utf8')).slice(0, 500))
    const before = await snapshotFiles(fresh.workspace.root)
    expect(await cli('import', '--workspace', fresh.workspace.root, '--format', 'native', broken)).toBe(1)
    expect(output.stderr.split('\n').filter(Boolean).at(-1)).toMatch(/^parallax import: broken\.json, (at the end|line \d+, column \d+): not valid JSON \(.*\); the file may be truncated$/)
    expect(output.stdout).toBe('')
    expect(await snapshotFiles(fresh.workspace.root)).toEqual(before)
  })

  it.each([
    [['--format', 'native'], 'import takes one PATH: parallax import --workspace DIR --format FORMAT PATH'],
    [['--format', 'csv', 'x.csv'], 'The format "csv" is not one of native, w3c, brat, labelstudio'],
    [['--format', 'native', '/nonexistent/file.json'], 'There is no file /nonexistent/file.json'],
  ])('%j fails with exit 1 and a one-line reason', async (args, reason) => {
    const fresh = await freshApp(await richCorpus())
    expect(await cli('import', '--workspace', fresh.workspace.root, ...args)).toBe(1)
    expect(output.stderr).toBe(`parallax import: ${reason}\n`)
  })
})

describe('parallax validate', () => {
  it('says a Parallax JSON export is valid, with a summary, on stdout', async () => {
    const { out } = await exported('native')
    expect(await cli('validate', out)).toBe(0)
    expect(output.stdout).toBe(`${out} is valid Parallax JSON: 2 layer(s), 21 annotations, ${ARTICLES} articles.\n`)
    expect(output.stderr).toBe('')
  })

  it('fails on a broken file with the first problem in its one-line reason, the others listed above it', async () => {
    const { out } = await exported('native')
    const document = JSON.parse(await readFile(out, 'utf8')) as ParallaxDocument
    document.layers[0]!.annotations[0]!.label = 'opinion'
    document.layers[1]!.links[0]!.to.annotationId = 'gone'
    const broken = path.join(path.dirname(out), 'broken.json')
    await writeFile(broken, JSON.stringify(document))
    expect(await cli('validate', broken)).toBe(1)
    const lines = output.stderr.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^ {2}layers\[1\]\.links\[0\]\.to: there is no annotation "gone" in /)
    expect(lines.at(-1)).toBe(`parallax validate: ${broken} is not valid: layers[0].annotations[0].label: "opinion" is not in the file's tagset (and 1 more, above)`)
    expect(output.stdout).toBe('')
  })

  it('fails on a truncated file, and on a missing one', async () => {
    const { out } = await exported('native')
    const broken = path.join(path.dirname(out), 'cut.json')
    await writeFile(broken, (await readFile(out, 'utf8')).slice(0, 100))
    expect(await cli('validate', broken)).toBe(1)
    expect(output.stderr).toMatch(/^parallax validate: cut\.json, (at the end|line 4, column \d+): not valid JSON .*truncated\n$/)
    expect(await cli('validate', path.join(path.dirname(out), 'none.json'))).toBe(1)
    expect(output.stderr).toBe(`parallax validate: There is no file ${path.join(path.dirname(out), 'none.json')}\n`)
  })

  it('fails on a file that does not match the schema, naming the field', async () => {
    const folder = await makeTempDir()
    await mkdir(folder, { recursive: true })
    const file = path.join(folder, 'other.json')
    await writeFile(file, JSON.stringify({ format: 'something-else' }))
    expect(await cli('validate', file)).toBe(1)
    expect(output.stderr.trimEnd().split('\n').at(-1)).toMatch(new RegExp(`^parallax validate: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not valid: format: `))
  })
})

describe('--help of the interchange commands', () => {
  it.each([
    ['export', 'parallax export --workspace DIR --format native|w3c|brat|labelstudio|mqm|csv --out PATH [--annotator NAME]... [--article ID]...'],
    ['import', 'parallax import --workspace DIR --format native|w3c|brat|labelstudio PATH [--annotator NAME] [--dry-run]'],
    ['validate', 'parallax validate FILE'],
  ])('%s --help prints its usage and does nothing', async (command, usage) => {
    expect(await cli(command, '--help')).toBe(0)
    expect(output.stdout.split('\n')[0]).toBe(`Usage: ${usage}`)
    expect(output.stderr).toBe('')
  })

  it('the command list names them', async () => {
    expect(await cli('--help')).toBe(0)
    expect(output.stdout).toMatch(/^ {2}export +Export annotations/m)
    expect(output.stdout).toMatch(/^ {2}import +Import a colleague's annotations/m)
    expect(output.stdout).toMatch(/^ {2}validate +Check a Parallax JSON file/m)
  })
})

describe('parallax agreement', () => {
  it('compares the annotators named, and with one named says to name another', async () => {
    const app = await richApp()
    expect(await cli('agreement', '--workspace', app.workspace.root, '--annotators', `${ANA},${BO}`)).toBe(0)
    expect(output.stdout).toContain(`Agreement of ${ANA}, ${BO} on ${ARTICLES} articles`)
    expect(await cli('agreement', '--workspace', app.workspace.root, '--annotators', ANA)).not.toBe(0)
    expect(output.stdout).toBe('')
    expect(output.stderr).toContain(`Agreement compares two or more annotators; only ${ANA} was named. Name another: ${BO}.`)
  })
})
