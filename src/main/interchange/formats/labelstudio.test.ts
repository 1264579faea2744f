/**
 * Label Studio: the tasks and labeling config the export writes, and the import of a task export
 * as Label Studio itself produces it (numeric users, its own region ids, no meta, relations in
 * every direction).
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { describe, expect, it } from 'vitest'
import { OffsetConverter } from '../../../shared/anchoring'
import { makeApp } from '../../test-helpers'
import { collectExport, readImport, runExport, saveImport } from '../index'
import { ANA, BO, EMOJI, EMOJI_TEXT, richApp, richCorpus, seedEntities, SWORN_IN } from '../test-workspace'

interface Task {
  id: number
  data: { text: string; article_id: string; title: string }
  annotations: { completed_by: { email: string }; result: Record<string, unknown>[] }[]
}

describe('Label Studio export', () => {
  it('writes one task per article, with one annotation per annotator holding its regions, per-region attributes and relations', async () => {
    const app = await richApp()
    const files = runExport('labelstudio', await collectExport(app.workspace))
    expect(files.map((f) => f.path)).toEqual(['tasks.json', 'labeling-config.xml'])
    const tasks = JSON.parse(files[0]!.content) as Task[]
    expect(tasks.map((t) => t.data.article_id)).toEqual(app.workspace.articleIds)
    const task = tasks.find((t) => t.data.article_id === EMOJI)!
    expect(task.data).toEqual({ text: EMOJI_TEXT, article_id: EMOJI, title: 'Emoji and CRLF' })
    expect(task.annotations.map((a) => a.completed_by)).toEqual([{ email: ANA }, { email: BO }])
    const results = task.annotations[0]!.result
    const cp = new OffsetConverter(EMOJI_TEXT)
    const harry = cp.toCodePoints(EMOJI_TEXT.indexOf('Kamala Harry'))
    expect(harry).toBe(EMOJI_TEXT.indexOf('Kamala Harry') - 1)
    const errorRegion = results.find((r) => r.type === 'labels' && (r.meta as { parallaxId: string }).parallaxId === '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b')!
    expect(errorRegion).toEqual({
      id: errorRegion.id,
      from_name: 'label',
      to_name: 'text',
      type: 'labels',
      value: { start: harry, end: harry + 12, text: 'Kamala Harry', labels: ['translation-error'] },
      meta: { parallaxId: '6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b' },
    })
    const sameRegion = results.filter((r) => r.id === errorRegion.id && r.type !== 'labels')
    expect(sameRegion.map((r) => [r.from_name, r.type, r.value])).toEqual([
      ['translation-error.category', 'choices', { start: harry, end: harry + 12, text: 'Kamala Harry', choices: ['accuracy/named entity'] }],
      ['translation-error.severity', 'choices', { start: harry, end: harry + 12, text: 'Kamala Harry', choices: ['major'] }],
      ['translation-error.correction', 'textarea', { start: harry, end: harry + 12, text: ['Kamala Harris'] }],
      ['note', 'textarea', { start: harry, end: harry + 12, text: ['The name is mangled.\nSee the second line.'] }],
    ])
    const claim = results.find((r) => r.type === 'labels' && (r.meta as { parallaxId: string }).parallaxId === 'ana-e4')!
    const claimValues = results.filter((r) => r.id === claim.id && r.type === 'choices').map((r) => [r.from_name, (r.value as { choices: string[] }).choices])
    expect(claimValues).toContainEqual(['claim.type', ['numerical', 'causal']])
    expect(claimValues).toContainEqual(['claim.hedged', ['Hedged']])
    expect(results.filter((r) => r.type === 'relation').map((r) => r.labels)).toEqual([['attributed-to'], ['affects']])
    // Speaker's entity as its own per-region text
    const speaker = results.find((r) => r.type === 'labels' && (r.meta as { parallaxId: string }).parallaxId === 'ana-e2')!
    expect(results.find((r) => r.id === speaker.id && r.from_name === 'speaker.entity')).toMatchObject({ type: 'textarea', value: { text: ['ent-harris'] } })
  })

  it('writes a labeling config that is well-formed XML and names every label, attribute and relation', async () => {
    const app = await richApp()
    const xml = runExport('labelstudio', await collectExport(app.workspace))[1]!.content
    expect(XMLValidator.validate(xml)).toBe(true)
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(xml) as {
      View: {
        Labels: { name: string; toName: string; Label: { value: string; alias: string; background: string }[] }
        Text: { name: string; value: string }
        Choices: { name: string; whenLabelValue: string; choice: string; Choice: { value: string } | { value: string }[] }[]
        TextArea: { name: string }[]
        Relations: { Relation: { value: string }[] }
      }
    }
    const view = parsed.View
    const tagset = app.workspace.tagset
    expect(view.Text).toEqual({ name: 'text', value: '$text' })
    expect(view.Labels.name).toBe('label')
    expect(view.Labels.Label.map((l) => l.value)).toEqual(tagset.labels.map((l) => l.id))
    expect(view.Labels.Label.map((l) => l.alias)).toEqual(tagset.labels.map((l) => l.name))
    expect(view.Relations.Relation.map((r) => r.value)).toEqual(tagset.linkTypes.map((t) => t.id))
    const controls = [...view.Choices.map((c) => c.name), ...view.TextArea.map((t) => t.name)]
    for (const label of tagset.labels) for (const def of label.attributes) expect(controls, `${label.id}.${def.id}`).toContain(`${label.id}.${def.id}`)
    expect(controls).toContain('note')
    const severity = view.Choices.find((c) => c.name === 'translation-error.severity')!
    expect(severity).toMatchObject({ whenLabelValue: 'translation-error', choice: 'single' })
    expect([severity.Choice].flat().map((c) => c.value)).toEqual(['neutral', 'minor', 'major', 'critical'])
    expect(view.Choices.find((c) => c.name === 'claim.type')!.choice).toBe('multiple')
  })
})

async function importing() {
  const app = await makeApp(await richCorpus())
  await seedEntities(app.context.handlers)
  const run = async (tasks: unknown, annotator?: string) =>
    saveImport(app.workspace, readImport(app.workspace, 'labelstudio', [{ name: 'project-3-at-2024.json', content: JSON.stringify(tasks) }], annotator, '2030-01-01T00:00:00.000Z'), 'project-3-at-2024.json')
  const layer = (annotator: string) => app.workspace.layers.layer(annotator, app.workspace.articleIds)
  return { app, run, layer }
}

/** A region as Label Studio writes it: its own id, no meta. */
const region = (id: string, from_name: string, type: string, value: Record<string, unknown>) => ({ value, id, from_name, to_name: 'text', type, origin: 'manual' })

describe('Label Studio import of its own task export', () => {
  it('reads numeric and object users, region ids of its own, per-region choices and text, and relations right, left and both ways', async () => {
    const { app, run, layer } = await importing()
    const text = app.workspace.article(SWORN_IN).text
    const span = (needle: string) => ({ start: text.indexOf(needle), end: text.indexOf(needle) + needle.length, text: needle })
    const harry = span('Kamala Harry')
    const quote = span('he would be happy to work with Trump')
    const rutte = span('Mark Rutte')
    const roux = span('Mark Roux')
    const tasks = [
      {
        id: 41,
        // no article_id: the text says which article it is
        data: { text },
        annotations: [
          {
            id: 7,
            completed_by: 3,
            result: [
              region('ZmN4d1', 'label', 'labels', { ...harry, labels: ['Translation error'] }),
              region('ZmN4d1', 'translation-error.category', 'choices', { ...harry, choices: ['accuracy/named entity'] }),
              region('ZmN4d1', 'translation-error.severity', 'choices', { ...harry, choices: ['major'] }),
              region('ZmN4d1', 'translation-error.correction', 'textarea', { ...harry, text: ['Kamala Harris'] }),
              region('ZmN4d1', 'note', 'textarea', { ...harry, text: ['Mangled.'] }),
              region('q_9Xk2', 'label', 'labels', { ...quote, labels: ['quote'] }),
              region('q_9Xk2', 'quote.kind', 'choices', { ...quote, choices: ['indirect'] }),
              region('Rt0Pq1', 'label', 'labels', { ...rutte, labels: ['speaker'] }),
              region('Rt0Pq1', 'speaker.entity', 'textarea', { ...rutte, text: ['ent-rutte'] }),
              region('Rx77aa', 'label', 'labels', { ...roux, labels: ['speaker'] }),
              { from_id: 'q_9Xk2', to_id: 'Rt0Pq1', type: 'relation', direction: 'right', labels: ['attributed-to'] },
              { from_id: 'Rt0Pq1', to_id: 'ZmN4d1', type: 'relation', direction: 'left', labels: ['affects'] },
              { from_id: 'Rx77aa', to_id: 'Rt0Pq1', type: 'relation', direction: 'bi', labels: ['same entity'] },
            ],
            was_cancelled: false,
            ground_truth: false,
            created_at: '2024-10-03T10:00:00.123456Z',
            updated_at: '2024-10-03T10:05:00.654321Z',
            lead_time: 42.5,
          },
          {
            id: 8,
            completed_by: { id: 4, email: 'bo@example.org', first_name: '', last_name: '' },
            result: [region('aB3dE5', 'label', 'labels', { ...rutte, labels: ['speaker'] }), region('aB3dE5', 'speaker.kind', 'choices', { ...rutte, choices: ['organization'] })],
            created_at: '2024-10-04T08:00:00.000000Z',
            updated_at: '2024-10-04T08:00:00.000000Z',
          },
        ],
        predictions: [],
      },
    ]
    const report = await run(tasks)
    expect(report).toMatchObject({ annotators: ['Label Studio user 3', 'bo@example.org'], annotations: 5, links: 3, reanchored: [], notes: [] })
    const user3 = await layer('Label Studio user 3')
    const byQuote = (exact: string) => user3.annotations.find((a) => a.quote.exact === exact)!
    expect(byQuote('Kamala Harry')).toMatchObject({
      articleId: SWORN_IN,
      start: harry.start,
      end: harry.end,
      label: 'translation-error',
      attributes: { category: 'accuracy/named entity', severity: 'major', correction: 'Kamala Harris' },
      note: 'Mangled.',
      created: '2024-10-03T10:00:00.123456Z',
      modified: '2024-10-03T10:05:00.654321Z',
    })
    expect(byQuote('Kamala Harry').id).toMatch(/^ls-[0-9a-f]{20}$/)
    expect(byQuote('Mark Rutte').attributes).toEqual({ entity: 'ent-rutte' })
    const ends = user3.links.map((l) => [l.type, l.from.annotationId, l.to.annotationId])
    expect(ends).toEqual(
      expect.arrayContaining([
        ['attributed-to', byQuote('he would be happy to work with Trump').id, byQuote('Mark Rutte').id],
        // "left": the arrow points from to_id to from_id
        ['affects', byQuote('Kamala Harry').id, byQuote('Mark Rutte').id],
        ['same-entity', byQuote('Mark Roux').id, byQuote('Mark Rutte').id],
      ]),
    )
    expect(ends).toHaveLength(3)
    const bo = await layer('bo@example.org')
    expect(bo.annotations).toEqual([expect.objectContaining({ label: 'speaker', attributes: { kind: 'organization' }, quote: expect.objectContaining({ exact: 'Mark Rutte' }) })])

    // the same export again changes nothing
    const before = await layer('Label Studio user 3')
    await run(tasks)
    expect(await layer('Label Studio user 3')).toEqual(before)
  })

  it('counts code points in the task text: a region after an emoji', async () => {
    const { run, layer } = await importing()
    const cp = new OffsetConverter(EMOJI_TEXT)
    const at = EMOJI_TEXT.indexOf('𝔘')
    await run({ data: { text: EMOJI_TEXT, article_id: EMOJI }, annotations: [{ completed_by: { email: 'cy@example.org' }, result: [region('u1', 'label', 'labels', { start: cp.toCodePoints(at), end: cp.toCodePoints(at) + 1, text: '𝔘', labels: ['claim'] })] }] })
    const [annotation] = (await layer('cy@example.org')).annotations
    expect(annotation).toMatchObject({ start: at, end: at + 2, quote: { exact: '𝔘' } })
  })

  it('takes --annotator over completed_by', async () => {
    const { run, layer } = await importing()
    const report = await run({ data: { text: EMOJI_TEXT, article_id: EMOJI }, annotations: [{ completed_by: 9, result: [region('x', 'label', 'labels', { start: 0, end: 5, text: 'Intro', labels: ['claim'] })] }] }, 'Dee')
    expect(report.annotators).toEqual(['Dee'])
    expect((await layer('Dee')).annotations).toHaveLength(1)
  })
})
