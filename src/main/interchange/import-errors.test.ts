/**
 * Imports are all or nothing: a broken file is refused with the file, the place in it and the
 * reason, and not one byte of the workspace changes. Offsets that disagree with the text while
 * the quote is found elsewhere are re-anchored and reported instead.
 */
import { mkdtemp, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { ImportReport } from '../../shared/annotations'
import { OffsetConverter } from '../../shared/anchoring'
import { AppError } from '../../shared/result'
import { call, makeApp, snapshotFiles } from '../test-helpers'
import { Workspace } from '../workspace/workspace'
import type { ParallaxDocument } from './formats/native'
import { collectExport, readImport, runExport, saveImport } from './index'
import type { ImportFormat } from './model'
import { ANA, EMOJI, EMOJI_TEXT, richApp, richCorpus, SWORN_IN } from './test-workspace'

let corpus: string
/** Valid exports of the rich workspace, by format, to break in each test. */
let valid: { native: string; w3c: string; tasks: string }
/** The sworn-in article's length, in UTF-16 code units and in code points. */
let sworn16: number
let swornCp: number

beforeAll(async () => {
  corpus = await richCorpus(await mkdtemp(path.join(os.tmpdir(), 'parallax-corpus-')))
  const app = await richApp(corpus)
  const input = await collectExport(app.workspace, { annotators: [ANA] })
  const text = app.workspace.article(SWORN_IN).text
  sworn16 = text.length
  swornCp = [...text].length
  valid = { native: runExport('native', input)[0]!.content, w3c: runExport('w3c', input)[0]!.content, tasks: runExport('labelstudio', input)[0]!.content }
})
afterAll(() => rm(corpus, { recursive: true, force: true }))

/** A workspace with some work in it already, so that "nothing written" means something. */
async function workspaceWithWork() {
  const app = await makeApp(corpus)
  await call(app.context.handlers, 'settings:setAnnotator', { name: 'Someone' })
  const text = app.workspace.article(SWORN_IN).text
  await call(app.context.handlers, 'edits:apply', {
    edits: [
      { op: 'put-entity', entity: { id: 'ent-x', name: 'X', aliases: [], note: '', createdBy: 'Someone', created: '2024-01-01T00:00:00.000Z', modified: '2024-01-01T00:00:00.000Z' } },
      {
        op: 'put-annotation',
        annotation: {
          id: 'mine',
          articleId: SWORN_IN,
          start: 0,
          end: 8,
          unit: 'utf16',
          quote: { exact: text.slice(0, 8), prefix: '', suffix: '' },
          label: 'claim',
          attributes: {},
          note: '',
          annotator: 'Someone',
          created: '2024-01-01T00:00:00.000Z',
          modified: '2024-01-01T00:00:00.000Z',
        },
      },
    ],
  })
  return app
}

/** Imports and expects a refusal whose message has every part, with the workspace's files unchanged. */
async function expectRefused(format: ImportFormat, files: Record<string, string>, parts: string[], annotator?: string): Promise<string> {
  const app = await workspaceWithWork()
  const before = await snapshotFiles(app.workspace.root)
  expect(Object.keys(before)).toContain('entities.json')
  expect(Object.keys(before).some((f) => f.startsWith('annotations/'))).toBe(true)
  const list = Object.entries(files).map(([name, content]) => ({ name, content }))
  let error: unknown = null
  try {
    await saveImport(app.workspace, readImport(app.workspace, format, list, annotator), list.length === 1 ? list[0]!.name : 'the folder')
  } catch (e) {
    error = e
  }
  expect(error, 'the import should have been refused').toBeInstanceOf(AppError)
  const message = (error as AppError).message
  expect((error as AppError).code).toBe('invalid-input')
  for (const part of parts) expect(message).toContain(part)
  expect(await snapshotFiles(app.workspace.root)).toEqual(before)
  // and the workspace still opens, with its own work only
  const reopened = await Workspace.open(app.workspace.root)
  expect(await reopened.layers.annotators()).toEqual(['Someone'])
  return message
}

const nativeDoc = () => JSON.parse(valid.native) as ParallaxDocument
const w3cItems = () => (JSON.parse(valid.w3c) as { first: { items: Record<string, unknown>[] } }).first.items
const w3cFile = (items: unknown[]) => JSON.stringify({ type: 'AnnotationPage', items })
const tasks = () => JSON.parse(valid.tasks) as { data: { article_id: string; text: string }; annotations: { result: Record<string, unknown>[] }[] }[]
const harryIn = (doc: ParallaxDocument) => doc.layers[0]!.annotations.findIndex((a) => a.id === 'ana-s1')
/** The labels region of the Kamala Harry translation error in the sworn-in task. */
const lsHarry = (all: ReturnType<typeof tasks>) => {
  const task = all.findIndex((t) => t.data.article_id === SWORN_IN)
  const result = all[task]!.annotations[0]!.result.findIndex((r) => r.type === 'labels' && (r.meta as { parallaxId: string }).parallaxId === 'ana-s1')
  return { task, result, region: all[task]!.annotations[0]!.result[result]! as { value: Record<string, unknown>; id: string } }
}
const sworn = () => `${SWORN_IN}.ann`
const swornText = async () => (await makeApp(corpus)).workspace.article(SWORN_IN).text

describe('a truncated file is refused, naming the file and where it breaks off', () => {
  it.each([
    ['native', 'annotations.parallax.json', () => valid.native],
    ['w3c', 'annotations.jsonld', () => valid.w3c],
    ['labelstudio', 'tasks.json', () => valid.tasks],
  ] as const)('%s', async (format, name, content) => {
    const text = content()
    const message = await expectRefused(format, { [name]: text.slice(0, Math.floor(text.length / 2)) }, [`${name}, `, 'not valid JSON', 'the file may be truncated'])
    expect(message).toMatch(/, (at the end|line \d+, column \d+): /)
  })
})

describe('an offset past the end of the text is refused', () => {
  it('native: past the end of the article as the file records it', async () => {
    const doc = nativeDoc()
    const i = harryIn(doc)
    doc.layers[0]!.annotations[i]!.end = 999_999
    await expectRefused('native', { 'a.json': JSON.stringify(doc) }, ['a.json, ', `layers[0].annotations[${i}].end: 999999 is past the end of the article (${sworn16})`])
  })

  it('W3C: a TextPositionSelector past the end, with no quote to find it by', async () => {
    const items = w3cItems()
    const item = items.find((i) => i.id === 'urn:parallax:annotation:ana-s1')! as { target: { selector: Record<string, unknown>[] } }
    item.target.selector = [{ type: 'TextPositionSelector', start: 99_990, end: 99_999 }]
    await expectRefused('w3c', { 'a.jsonld': w3cFile([item]) }, [`a.jsonld, annotation 1 (urn:parallax:annotation:ana-s1): its TextPositionSelector ends at 99999, past the end of the article (${swornCp} code points)`])
  })

  it('brat', async () => {
    await expectRefused('brat', { [sworn()]: 'T1\tspeaker 0 8\tIncoming\nT2\tspeaker 99990 99999\tMark\n' }, [`${sworn()}, line 2: the span ends at 99999, past the end of the text (${swornCp} characters)`], 'B')
  })

  it('Label Studio', async () => {
    const all = tasks()
    const { task, result, region } = lsHarry(all)
    region.value.start = 99_990
    region.value.end = 99_999
    await expectRefused('labelstudio', { 'tasks.json': JSON.stringify(all) }, [`tasks.json, task ${task + 1}.annotations[0].result[${result}]: the span ends at 99999, past the end of the text (${swornCp})`])
  })
})

describe('an unknown label is refused', () => {
  it('native', async () => {
    const doc = nativeDoc()
    doc.layers[0]!.annotations[harryIn(doc)]!.label = 'opinion'
    await expectRefused('native', { 'a.json': JSON.stringify(doc) }, ['a.json: nothing was imported: ', `${ANA}'s "Kamala Harry" in ${SWORN_IN}: the label "opinion" is not in the tagset`])
  })

  it('W3C', async () => {
    const items = w3cItems()
    const item = items.find((i) => i.id === 'urn:parallax:annotation:ana-s1')! as { body: { purpose: string; value: string }[] }
    item.body[0]!.value = 'opinion'
    await expectRefused('w3c', { 'a.jsonld': w3cFile(items) }, [`a.jsonld, annotation ${items.indexOf(item as never) + 1} (urn:parallax:annotation:ana-s1): its label "opinion" is not in the tagset`])
  })

  it('brat', async () => {
    await expectRefused('brat', { [sworn()]: 'T1\topinion 0 8\tIncoming\n' }, [`${sworn()}, line 1: the label "opinion" is not in the tagset`], 'B')
  })

  it('Label Studio', async () => {
    const all = tasks()
    const { task, result, region } = lsHarry(all)
    region.value.labels = ['opinion']
    await expectRefused('labelstudio', { 'tasks.json': JSON.stringify(all) }, [`tasks.json, task ${task + 1}.annotations[0].result[${result}]: the label "opinion" is not in the tagset`])
  })
})

describe('a quote that is nowhere in the text is refused', () => {
  const reason = (from: number, to: number) => `"Kamala Harrison" in ${SWORN_IN}: the quote is not in the article's text, at ${from}–${to} or anywhere else`

  it('native', async () => {
    const doc = nativeDoc()
    const a = doc.layers[0]!.annotations[harryIn(doc)]!
    a.quote.exact = 'Kamala Harrison'
    a.end = a.start + 15
    await expectRefused('native', { 'a.json': JSON.stringify(doc) }, ['a.json: nothing was imported: ', `${ANA}'s ${reason(a.start, a.end)}`])
  })

  it('W3C', async () => {
    const items = w3cItems()
    const item = items.find((i) => i.id === 'urn:parallax:annotation:ana-s1')! as { target: { selector: Record<string, unknown>[] } }
    item.target.selector[0]!.exact = 'Kamala Harrison'
    const position = item.target.selector[1]! as { start: number; end: number }
    position.end = position.start + 15
    await expectRefused('w3c', { 'a.jsonld': w3cFile(items) }, [`a.jsonld: nothing was imported: ${ANA}'s ${reason(position.start, position.end)}`])
  })

  it('brat', async () => {
    const start = (await swornText()).indexOf('Kamala Harry')
    await expectRefused('brat', { [sworn()]: `T1\ttranslation-error ${start} ${start + 15}\tKamala Harrison\n` }, [`${sworn()}: nothing was imported: B's ${reason(start, start + 15)}`], 'B')
  })

  it('Label Studio', async () => {
    const all = tasks()
    const { region } = lsHarry(all)
    region.value.text = 'Kamala Harrison'
    region.value.end = (region.value.start as number) + 15
    await expectRefused('labelstudio', { 'tasks.json': JSON.stringify(all) }, [`tasks.json: nothing was imported: ${ANA}'s ${reason(region.value.start as number, region.value.end as number)}`])
  })
})

describe('a value that is not in the tagset is refused', () => {
  const reason = 'Severity must be one of: neutral, minor, major, critical'

  it('native', async () => {
    const doc = nativeDoc()
    doc.layers[0]!.annotations[harryIn(doc)]!.attributes.severity = 'catastrophic'
    await expectRefused('native', { 'a.json': JSON.stringify(doc) }, [`a.json: nothing was imported: ${ANA}'s "Kamala Harry" in ${SWORN_IN}: ${reason}`])
  })

  it('W3C', async () => {
    const items = w3cItems()
    const item = items.find((i) => i.id === 'urn:parallax:annotation:ana-s1')! as { body: { purpose: string; value: string }[] }
    item.body.find((b) => b.value.startsWith('severity:'))!.value = 'severity: catastrophic'
    await expectRefused('w3c', { 'a.jsonld': w3cFile(items) }, [`a.jsonld: nothing was imported: ${ANA}'s "Kamala Harry" in ${SWORN_IN}: ${reason}`])
  })

  it('W3C: an attribute the label does not have', async () => {
    const items = w3cItems()
    const item = items.find((i) => i.id === 'urn:parallax:annotation:ana-s1')! as { body: Record<string, string>[] }
    item.body.push({ type: 'TextualBody', purpose: 'describing', value: 'mood: grumpy' })
    await expectRefused('w3c', { 'a.jsonld': w3cFile(items) }, ['a.jsonld, annotation', '(urn:parallax:annotation:ana-s1): there is no attribute "mood" here'])
  })

  it('brat', async () => {
    await expectRefused('brat', { [sworn()]: 'T1\ttranslation-error 0 8\tIncoming\nA1\tseverity T1 catastrophic\n' }, [`${sworn()}, line 2: "catastrophic" is not a value of Severity (neutral, minor, major, critical)`], 'B')
  })

  it('Label Studio', async () => {
    const all = tasks()
    const { task, region } = lsHarry(all)
    const severity = all[task]!.annotations[0]!.result.find((r) => r.id === region.id && r.from_name === 'translation-error.severity')! as { value: { choices: string[] } }
    severity.value.choices = ['catastrophic']
    await expectRefused('labelstudio', { 'tasks.json': JSON.stringify(all) }, [`tasks.json: nothing was imported: ${ANA}'s "Kamala Harry" in ${SWORN_IN}: ${reason}`])
  })
})

describe('other broken inputs', () => {
  it('brat: an attribute, note or relation on a T that is not in the file', async () => {
    await expectRefused('brat', { [sworn()]: 'T1\tspeaker 0 8\tIncoming\nA1\tkind T9 person\n' }, [`${sworn()}, line 2: refers to T9, which is not a T line of this file`], 'B')
    await expectRefused('brat', { [sworn()]: 'T1\tspeaker 0 8\tIncoming\nR1\tsame-entity Arg1:T1 Arg2:T4\n' }, [`${sworn()}, line 2: refers to T4, which is not a T line of this file`], 'B')
    await expectRefused('brat', { [sworn()]: 'T1\tspeaker 0 8\tIncoming\n#1\tAnnotatorNotes T3\tlost\n' }, [`${sworn()}: a note refers to T3, which is not in the file`], 'B')
  })

  it.each([
    ['native', 'a.json', (): string => JSON.stringify({ ...nativeDoc(), layers: nativeDoc().layers.map((l) => ({ ...l, annotations: l.annotations.map((a) => ({ ...a, articleId: 'not-here' })), links: [], articleNotes: [] })) }), `there is no article "not-here" in this workspace`],
    ['w3c', 'a.jsonld', (): string => valid.w3c.replaceAll(`urn:parallax:article:${SWORN_IN}`, 'urn:parallax:article:not-here'), 'its target "urn:parallax:article:not-here" is not an article of this workspace'],
    ['labelstudio', 'tasks.json', (): string => JSON.stringify(tasks().map((t) => ({ ...t, data: { ...t.data, article_id: t.data.article_id === SWORN_IN ? 'not-here' : t.data.article_id } }))), 'names no article of this workspace (data.article_id)'],
    ['brat', 'not-here.ann', (): string => 'T1\tspeaker 0 8\tIncoming\n', 'there is no article "not-here" in this workspace (files are named by article id)'],
  ] as const)('%s: an article the workspace does not have', async (format, name, content, reason) => {
    await expectRefused(format, { [name]: content() }, [name, reason], format === 'brat' ? 'B' : undefined)
  })

  it('native: a file of a newer Parallax, saying to update', async () => {
    const message = await expectRefused('native', { 'new.json': JSON.stringify({ ...nativeDoc(), schemaVersion: 2 }) }, ['new.json, schemaVersion: written by a newer Parallax (schema version 2; this one reads 1): update Parallax'])
    expect(message).toMatch(/update Parallax$/)
  })

  it('native: a file that does not match its schema, with the field', async () => {
    const doc = nativeDoc() as unknown as { layers: { annotations: Record<string, unknown>[] }[] }
    doc.layers[0]!.annotations[3]!.unit = 'codepoints'
    const message = await expectRefused('native', { 'a.json': JSON.stringify(doc) }, ['a.json, layers[0].annotations[3].unit: '])
    expect(message).not.toContain('This looks like') // a broken file of the chosen format gets no hint at another
  })

  it('a file of another format than the one chosen says which one it looks like', async () => {
    const brat = `T1\ttranslation-error 10 22\tKamala Harry\n`
    const hint = (looks: string, chosen: string, id: string) => `. This looks like a ${looks} file, not ${chosen}: import it as ${looks} (--format ${id} on the command line).`
    const w3c = await expectRefused('native', { 'w3c.jsonld': valid.w3c }, ['w3c.jsonld', hint('W3C', 'Parallax JSON', 'w3c')])
    expect(w3c).toContain('format: should be "parallax-annotations".') // zod's words made plain
    await expectRefused('native', { 'tasks.json': valid.tasks }, [hint('Label Studio', 'Parallax JSON', 'labelstudio')])
    await expectRefused('native', { 'a.ann': brat }, [hint('brat', 'Parallax JSON', 'brat')])
    await expectRefused('w3c', { 'export.parallax.json': valid.native }, [hint('Parallax JSON', 'W3C', 'native')])
    await expectRefused('labelstudio', { 'w3c.jsonld': JSON.stringify(w3cItems()) }, [hint('W3C', 'Label Studio', 'w3c')])
  })

  it('all or nothing: one bad annotation among good ones, or a bad second layer, writes nothing', async () => {
    const doc = nativeDoc()
    doc.layers.push({ ...doc.layers[0]!, annotator: 'Second', annotations: [], links: [], articleNotes: [{ ...doc.layers[0]!.articleNotes[0]!, articleId: 'not-here', annotator: 'Second' }] })
    await expectRefused('native', { 'a.json': JSON.stringify(doc) }, ['a.json', "Second's layer", 'there is no article "not-here"'])
  })

  it('W3C: a time or an annotator name the workspace could not store', async () => {
    const items = w3cItems()
    ;(items[0] as { created: string }).created = 'yesterday'
    await expectRefused('w3c', { 'a.jsonld': w3cFile(items) }, ['a.jsonld: nothing was imported: ', 'created Invalid ISO datetime'])
    const long = `https://annotations.example.org/users/${'x'.repeat(80)}`
    await expectRefused('w3c', { 'b.jsonld': w3cFile(w3cItems().map((i) => ({ ...i, creator: long }))) }, ['b.jsonld: nothing was imported: ', 'an annotator name is at most 80 characters'])
  })

  it('Label Studio: a created_at the workspace could not store', async () => {
    const all = tasks()
    ;(all[0]!.annotations[0] as Record<string, unknown>).created_at = '03/10/2024'
    await expectRefused('labelstudio', { 'tasks.json': JSON.stringify(all) }, ['tasks.json: nothing was imported: ', 'created Invalid ISO datetime'])
  })

  it('W3C: a quote selector without its text, and nothing else to place the annotation', async () => {
    const items = w3cItems()
    const item = items.find((i) => i.id === 'urn:parallax:annotation:ana-s1')! as { target: { selector: unknown } }
    item.target.selector = { type: 'TextQuoteSelector', prefix: 'Vice President ' }
    await expectRefused('w3c', { 'a.jsonld': w3cFile([item]) }, ['a.jsonld, annotation 1 (urn:parallax:annotation:ana-s1): its target has neither a TextQuoteSelector with the exact text nor a TextPositionSelector'])
  })
})

describe('offsets that disagree with the text while the quote is elsewhere: re-anchored and reported', () => {
  async function importOk(format: ImportFormat, files: Record<string, string>, annotator?: string): Promise<{ report: ImportReport; workspace: Workspace }> {
    const app = await makeApp(corpus)
    const report = await saveImport(app.workspace, readImport(app.workspace, format, Object.entries(files).map(([name, content]) => ({ name, content })), annotator), 'file')
    return { report, workspace: app.workspace }
  }

  it('W3C: a TextPositionSelector 5 code points off', async () => {
    const items = w3cItems()
    const item = items.find((i) => i.id === 'urn:parallax:annotation:ana-s1')! as { target: { selector: { start: number; end: number }[] } }
    const right = { ...item.target.selector[1]! }
    item.target.selector[1]!.start += 5
    item.target.selector[1]!.end += 5
    const { report, workspace } = await importOk('w3c', { 'a.jsonld': w3cFile([item]) })
    expect(report.reanchored).toEqual([{ annotator: ANA, articleId: SWORN_IN, quote: 'Kamala Harry', from: [right.start + 5, right.end + 5], to: [right.start, right.end] }])
    const [annotation] = (await workspace.layers.layer(ANA, [SWORN_IN])).annotations
    expect(workspace.article(SWORN_IN).text.slice(annotation!.start, annotation!.end)).toBe('Kamala Harry')
  })

  it('W3C: a TextPositionSelector past the end, while the quote is found (kept: other tools count positions in other renderings of a text)', async () => {
    const items = w3cItems()
    const item = items.find((i) => i.id === 'urn:parallax:annotation:ana-e6')! as { target: { selector: { start: number; end: number }[] } }
    item.target.selector[1] = { start: 500, end: 501 } as never
    Object.assign(item.target.selector[1]!, { type: 'TextPositionSelector' })
    const { report } = await importOk('w3c', { 'a.jsonld': w3cFile([item]) })
    const at = EMOJI_TEXT.indexOf('𝔘')
    expect(report.reanchored).toEqual([{ annotator: ANA, articleId: EMOJI, quote: '𝔘', from: [0, 2], to: [at, at + 2] }])
  })

  it('Label Studio: a region 3 code points off, whose text is found elsewhere', async () => {
    const all = tasks()
    const { region } = lsHarry(all)
    const start = region.value.start as number
    region.value.start = start - 3
    region.value.end = start - 3 + 12
    const { report } = await importOk('labelstudio', { 'tasks.json': JSON.stringify(all) })
    expect(report.reanchored).toEqual([{ annotator: ANA, articleId: SWORN_IN, quote: 'Kamala Harry', from: [start - 3, start + 9], to: [start, start + 12] }])
    expect(report.annotations).toBe(15)
  })

  it('brat without its .txt: a T line 2 characters off on the emoji article', async () => {
    const cp = new OffsetConverter(EMOJI_TEXT)
    const start = cp.toCodePoints(EMOJI_TEXT.indexOf('Mark Rute'))
    const { report, workspace } = await importOk('brat', { [`${EMOJI}.ann`]: `T1\tspeaker ${start + 2} ${start + 11}\tMark Rute\n` }, 'B')
    const at = EMOJI_TEXT.indexOf('Mark Rute')
    // the shifted span takes in 👍, two code units
    expect(report.reanchored).toEqual([{ annotator: 'B', articleId: EMOJI, quote: 'Mark Rute', from: [at + 2, at + 12], to: [at, at + 9] }])
    expect((await workspace.layers.layer('B', [EMOJI])).annotations[0]!.quote).toMatchObject({ exact: 'Mark Rute', prefix: ' line\r\n"Kamala Harry" 𝕏 said\r\n' })
  })

  it('native: a text that changed since the export says so and re-anchors by quote', async () => {
    const doc = nativeDoc()
    const i = harryIn(doc)
    doc.articles.find((a) => a.id === SWORN_IN)!.sha256 = 'f'.repeat(64)
    doc.layers[0]!.annotations[i]!.start += 1
    doc.layers[0]!.annotations[i]!.end += 1
    const { report } = await importOk('native', { 'a.json': JSON.stringify(doc) })
    expect(report.notes).toContain(`The text of "${SWORN_IN}" differs from the one the file was made on: its annotations were re-anchored by their quotes.`)
    expect(report.reanchored.map((r) => r.quote)).toEqual(['Kamala Harry'])
  })
})
