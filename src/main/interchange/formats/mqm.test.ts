/**
 * MQM TSV: one row per translation error with the error marked <v>…</v> in its sentence, No-error
 * rows for the other sentences, MQM's names for categories and severities, and ten clean columns.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Annotation } from '../../../shared/annotations'
import { Tagset } from '../../../shared/tagset'
import { BUNDLED_CORPUS, TEST_TIME } from '../../test-helpers'
import { collectExport, runExport } from '../index'
import type { ExportInput } from '../model'
import { ANA, BO, EMOJI, EMOJI_TEXT, richApp } from '../test-workspace'
import { exportMqm, MQM_CATEGORIES, MQM_COLUMNS, MQM_SEVERITIES, sentences } from './mqm'

type Row = Record<(typeof MQM_COLUMNS)[number], string>

/** Rows as objects; fails unless every line has exactly the ten columns. */
function parseTsv(tsv: string): Row[] {
  expect(tsv.endsWith('\n')).toBe(true)
  const lines = tsv.slice(0, -1).split('\n')
  expect(lines[0]).toBe(MQM_COLUMNS.join('\t'))
  for (const line of lines) {
    expect(line.split('\t'), line).toHaveLength(10)
    expect(line).not.toMatch(/\r/)
  }
  return lines.slice(1).map((line) => Object.fromEntries(line.split('\t').map((value, i) => [MQM_COLUMNS[i], value])) as Row)
}

describe('MQM export of a workspace', () => {
  it('writes a row per translation error, its span marked <v>…</v> in its sentence, with the MQM category and severity', async () => {
    const app = await richApp()
    const input = await collectExport(app.workspace)
    const [file] = runExport('mqm', input)
    expect(file!.path).toBe('translation-errors.mqm.tsv')
    const rows = parseTsv(file!.content)
    const errors = input.layers.flatMap((l) => l.annotations.filter((a) => a.label === 'translation-error'))
    const errorRows = rows.filter((r) => r.category !== 'No-error')
    expect(errorRows).toHaveLength(errors.length)
    for (const error of errors) {
      const row = errorRows.find((r) => (JSON.parse(r.metadata) as { annotationId: string }).annotationId === error.id && r.rater === error.annotator)!
      expect(row, error.id).toBeDefined()
      const text = app.workspace.article(error.articleId).text
      // exactly one marked span, exactly the error, inside a sentence of the article
      expect(row.target.match(/<v>/g)).toHaveLength(1)
      expect(/<v>(.*)<\/v>/u.exec(row.target)![1]).toBe(error.quote.exact)
      const sentence = row.target.replace('<v>', '').replace('</v>', '')
      const at = text.indexOf(sentence)
      expect(at, sentence).toBeGreaterThanOrEqual(0)
      expect(text.slice(at + row.target.indexOf('<v>'), at + row.target.indexOf('</v>') - 3)).toBe(error.quote.exact)
      expect(row).toMatchObject({ doc: error.articleId, source: '', category: MQM_CATEGORIES[error.attributes.category as string], severity: MQM_SEVERITIES[error.attributes.severity as string] })
      const metadata = JSON.parse(row.metadata) as Record<string, string>
      expect(metadata).toMatchObject({ parallaxCategory: error.attributes.category, timestamp: error.modified, annotationId: error.id })
      if (error.attributes.correction) expect(metadata.corrected_translation).toBe(error.attributes.correction)
      if (error.note) expect(metadata.note).toBe(error.note)
    }
  })

  it('marks errors after emoji and on CRLF lines, and writes No-error rows for every other sentence of every rater', async () => {
    const app = await richApp()
    const rows = parseTsv(runExport('mqm', await collectExport(app.workspace, { articleIds: [EMOJI] }))[0]!.content)
    expect(rows.map((r) => [r.rater, r.docSegId, r.globalSegId, r.target, r.category, r.severity])).toEqual([
      [ANA, '1', '1', 'Intro 😀 line', 'No-error', 'no-error'],
      [ANA, '2', '2', '"<v>Kamala Harry</v>" 𝕏 said', 'Accuracy/Mistranslation', 'Major'],
      [ANA, '3', '3', 'Mark Rute 👍🏽 went to <v>𝔘</v> town.', 'Other', 'Minor'],
      [BO, '1', '1', 'Intro 😀 line', 'No-error', 'no-error'],
      [BO, '2', '2', '"<v>Kamala Harry</v>" 𝕏 said', 'Accuracy/Mistranslation', 'Minor'],
      [BO, '3', '3', 'Mark Rute 👍🏽 went to 𝔘 town.', 'No-error', 'no-error'],
    ])
    // a machine-translated article's system is its outlet
    expect(new Set(rows.map((r) => r.system))).toEqual(new Set(['Test Wire']))
    expect(rows.filter((r) => r.category === 'No-error').every((r) => r.metadata === '{}')).toBe(true)
    expect(rows[1]!.metadata).toBe(
      JSON.stringify({ parallaxCategory: 'accuracy/named entity', corrected_translation: 'Kamala Harris', note: 'The name is mangled.\nSee the second line.', timestamp: TEST_TIME, annotationId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' }),
    )
    expect(sentences(EMOJI_TEXT).map(([s, e]) => EMOJI_TEXT.slice(s, e))).toEqual(['Intro 😀 line', '"Kamala Harry" 𝕏 said', 'Mark Rute 👍🏽 went to 𝔘 town.'])
  })

  it('numbers a sentence the same for every rater (globalSegId), across articles', async () => {
    const app = await richApp()
    const rows = parseTsv(runExport('mqm', await collectExport(app.workspace))[0]!.content)
    const ids = new Map<string, string>()
    for (const row of rows) {
      const key = `${row.doc} ${row.docSegId}`
      expect(ids.get(key) ?? row.globalSegId, key).toBe(row.globalSegId)
      ids.set(key, row.globalSegId)
    }
    const globals = [...ids.values()].map(Number)
    expect(new Set(globals).size).toBe(globals.length)
    expect(Math.max(...globals)).toBe(globals.length)
    for (const rater of [ANA, BO]) expect(rows.filter((r) => r.rater === rater && r.category === 'No-error').length).toBeGreaterThan(0)
  })
})

describe('exportMqm over plain data', () => {
  it('never lets a tab or a line break of the text, note or correction into a field', async () => {
    const tagset = Tagset.parse(JSON.parse(await readFile(path.join(BUNDLED_CORPUS, 'tagset.json'), 'utf8')))
    const text = 'One\tcolumn sentence with an erorr in it.\nSecond line.'
    const start = text.indexOf('erorr')
    const error: Annotation = {
      id: 'e1',
      articleId: 'a',
      start,
      end: start + 5,
      unit: 'utf16',
      quote: { exact: 'erorr', prefix: '', suffix: '' },
      label: 'translation-error',
      attributes: { category: 'fluency/spelling', severity: 'neutral', correction: 'error\tfixed\nnow' },
      note: 'a\tnote\r\non two lines',
      annotator: 'Rater One',
      created: TEST_TIME,
      modified: TEST_TIME,
    }
    const input: ExportInput = {
      workspaceName: 'w',
      tagset,
      articles: [
        {
          text,
          meta: { id: 'a', title: 'A', outlet: 'Out\tlet', date: null, language: 'und', provenance: 'original', provenanceNote: '', length: text.length, sha256: '0'.repeat(64) },
        },
      ],
      entities: [],
      layers: [{ annotator: 'Rater One', annotations: [error], links: [], articleNotes: [] }],
    }
    const rows = parseTsv(exportMqm(input))
    expect(rows.map((r) => [r.system, r.rater, r.target, r.category, r.severity])).toEqual([
      ['Out let', 'Rater One', 'One column sentence with an <v>erorr</v> in it.', 'Fluency/Spelling', 'Neutral'],
      ['Out let', 'Rater One', 'Second line.', 'No-error', 'no-error'],
    ])
    expect(JSON.parse(rows[0]!.metadata)).toMatchObject({ corrected_translation: 'error\tfixed\nnow', note: 'a\tnote\r\non two lines' })
  })
})
