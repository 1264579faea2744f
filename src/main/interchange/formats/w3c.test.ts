/**
 * W3C Web Annotation: the export passes the MUST assertions of the W3C test suite, positions count
 * code points, and files in the shapes other tools write (arrays, pages, single annotations, string
 * creators, quote-only targets, single bodies) import.
 */
import { describe, expect, it } from 'vitest'
import { w3cAnnotationMustFailures, w3cCollectionMustFailures } from '../../../../test/w3c/validate'
import type { ImportReport } from '../../../shared/annotations'
import { OffsetConverter } from '../../../shared/anchoring'
import { makeApp } from '../../test-helpers'
import type { Workspace } from '../../workspace/workspace'
import { collectExport, readImport, runExport, saveImport } from '../index'
import { ANA, EMOJI, EMOJI_TEXT, richApp, richCorpus, SWORN_IN } from '../test-workspace'

type Json = Record<string, unknown>
interface W3cAnnotation {
  id: string
  type: string
  motivation: string
  creator: { type: string; name: string }
  body: Json[]
  target: { source: string; selector: Json[] } | string[] | string
}

async function exportedCollection(workspace: Workspace) {
  const files = runExport('w3c', await collectExport(workspace))
  expect(files.map((f) => f.path)).toEqual(['annotations.jsonld'])
  return JSON.parse(files[0]!.content) as { type: string; total: number; first: { type: string; items: W3cAnnotation[] } }
}

describe('W3C export', () => {
  it('is an AnnotationCollection that passes the MUST assertions of the W3C test suite, and so does every annotation', async () => {
    const app = await richApp()
    const collection = await exportedCollection(app.workspace)
    expect(w3cCollectionMustFailures(collection)).toEqual([])
    expect(collection.type).toBe('AnnotationCollection')
    expect(collection.first.type).toBe('AnnotationPage')
    expect(collection.total).toBe(collection.first.items.length)
    // 21 annotations, 11 links and 3 article notes
    expect(collection.first.items).toHaveLength(35)
    for (const item of collection.first.items) expect(w3cAnnotationMustFailures(item), item.id).toEqual([])
  })

  it('counts TextPositionSelector offsets in code points: a span after an emoji starts one earlier than in UTF-16', async () => {
    const app = await richApp()
    const items = (await exportedCollection(app.workspace)).first.items
    const selectorsOf = (id: string) => (items.find((i) => i.id === id)!.target as { source: string; selector: Json[] })
    const harry = selectorsOf('urn:uuid:6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b')
    const utf16 = EMOJI_TEXT.indexOf('Kamala Harry')
    expect(harry.source).toBe(`urn:parallax:article:${EMOJI}`)
    expect(harry.selector).toEqual([
      { type: 'TextQuoteSelector', exact: 'Kamala Harry', prefix: 'Intro 😀 line\r\n"', suffix: '" 𝕏 said\r\nMark Rute 👍🏽 went t' },
      { type: 'TextPositionSelector', start: utf16 - 1, end: utf16 - 1 + 12 },
    ])
    expect([...EMOJI_TEXT].slice(utf16 - 1, utf16 - 1 + 12).join('')).toBe('Kamala Harry')
    // 𝔘 comes after 😀, 𝕏, 👍 and 🏽: four astral characters, so four code points fewer
    const u = selectorsOf('urn:parallax:annotation:ana-e6').selector[1]!
    expect(u).toEqual({ type: 'TextPositionSelector', start: EMOJI_TEXT.indexOf('𝔘') - 4, end: EMOJI_TEXT.indexOf('𝔘') - 3 })
    expect([...EMOJI_TEXT][u.start as number]).toBe('𝔘')
    // and across the CRLF: \r and \n are a code point each
    const claim = selectorsOf('urn:parallax:annotation:ana-e4').selector
    expect(claim[0]).toMatchObject({ exact: 'said\r\nMark Rute 👍🏽 went' })
    expect([...EMOJI_TEXT].slice(claim[1]!.start as number, claim[1]!.end as number).join('')).toBe('said\r\nMark Rute 👍🏽 went')
  })

  it('writes the label, attributes, entity and note as bodies; links as linking annotations; article notes as comments on the article', async () => {
    const app = await richApp()
    const items = (await exportedCollection(app.workspace)).first.items
    const claim = items.find((i) => i.id === 'urn:parallax:annotation:ana-e4')!
    expect(claim).toMatchObject({ type: 'Annotation', motivation: 'tagging', creator: { type: 'Person', name: ANA } })
    expect(claim.body).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'claim', format: 'text/plain' },
      ...['check-worthiness: check-worthy', 'type: numerical', 'type: causal', 'voice: attributed to someone', 'verdict: refuted', 'normalized-claim: Rutte went, Harris said.', 'hedged: true'].map(
        (value) => ({ type: 'TextualBody', purpose: 'describing', value, format: 'text/plain' }),
      ),
      { type: 'TextualBody', purpose: 'commenting', value: 'Crosses a line break.', format: 'text/plain' },
    ])
    const speaker = items.find((i) => i.id === 'urn:parallax:annotation:ana-e2')!
    // the entity is the identifying body, not a describing one
    expect(speaker.body).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'speaker', format: 'text/plain' },
      { type: 'TextualBody', purpose: 'describing', value: 'kind: person', format: 'text/plain' },
      { type: 'SpecificResource', purpose: 'identifying', source: 'urn:parallax:entity:ent-harris' },
    ])
    const link = items.find((i) => i.id === 'urn:parallax:annotation:ana-l6')!
    expect(link.motivation).toBe('linking')
    expect(link.target).toEqual(['urn:parallax:annotation:ana-s5', 'urn:parallax:annotation:ana-m1'])
    expect(link.body.map((b) => b.value)).toEqual(['same-claim', 'degree: partial', 'Both report the appointment.'])
    const note = items.find((i) => i.motivation === 'commenting' && i.target === `urn:parallax:article:${EMOJI}` && i.creator.name === ANA)!
    expect(note.body.map((b) => b.value)).toEqual(['Invented for the tests.', 'provenance: machine-translated'])
  })
})

describe('W3C export: a Speaker’s bodies', () => {
  /** The W3C bodies of the rich workspace's Speaker ana-e2, given `note` and `entity` as its note and entity value. */
  async function speakerBodies(note: string, entity: unknown): Promise<Json[]> {
    const app = await richApp()
    const input = await collectExport(app.workspace)
    const layers = input.layers.map((layer) => ({
      ...layer,
      annotations: layer.annotations.map((a) => (a.id === 'ana-e2' ? { ...a, note, attributes: { ...a.attributes, entity } as typeof a.attributes } : a)),
    }))
    const items = (JSON.parse(runExport('w3c', { ...input, layers })[0]!.content) as { first: { items: W3cAnnotation[] } }).first.items
    return items.find((i) => i.id === 'urn:parallax:annotation:ana-e2')!.body
  }

  it('the label, the attributes, then the entity, then the note', async () => {
    expect(await speakerBodies('Said twice.', 'ent-harris')).toEqual([
      { type: 'TextualBody', purpose: 'tagging', value: 'speaker', format: 'text/plain' },
      { type: 'TextualBody', purpose: 'describing', value: 'kind: person', format: 'text/plain' },
      { type: 'SpecificResource', purpose: 'identifying', source: 'urn:parallax:entity:ent-harris' },
      { type: 'TextualBody', purpose: 'commenting', value: 'Said twice.', format: 'text/plain' },
    ])
  })

  it.each([
    ['none', null],
    ['a list', ['ent-harris']],
  ])('no identifying body when the entity value is not one id (%s)', async (_, entity) => {
    expect((await speakerBodies('', entity)).map((b) => b.purpose)).toEqual(['tagging', 'describing'])
  })
})

/** A fresh workspace of the rich corpus, and how to import W3C JSON into it. */
async function importing() {
  const app = await makeApp(await richCorpus())
  const run = async (json: unknown, annotator?: string): Promise<ImportReport> =>
    saveImport(app.workspace, readImport(app.workspace, 'w3c', [{ name: 'other-tool.json', content: JSON.stringify(json) }], annotator, '2030-01-01T00:00:00.000Z'), 'other-tool.json')
  const layer = (annotator: string) => app.workspace.layers.layer(annotator, app.workspace.articleIds)
  return { app, run, layer }
}

const harryPrefix = 'happy to work with Trump or Vice President '
const annotationFromAnotherTool = (fields: Json): Json => ({
  '@context': 'http://www.w3.org/ns/anno.jsonld',
  id: 'https://annotations.example.org/anno/1',
  type: 'Annotation',
  creator: 'https://annotations.example.org/users/ana',
  created: '2024-10-02T09:00:00Z',
  body: { type: 'TextualBody', purpose: 'tagging', value: 'Translation error' },
  target: {
    source: `urn:parallax:article:${SWORN_IN}`,
    selector: { type: 'TextQuoteSelector', exact: 'Kamala Harry', prefix: harryPrefix, suffix: ' He said' },
  },
  ...fields,
})

describe('W3C import of files other tools write', () => {
  it('reads an array of annotations with a string creator IRI, a single body object, a quote-only target and the label by name', async () => {
    const { app, run, layer } = await importing()
    const creator = 'https://annotations.example.org/users/ana'
    const report = await run([annotationFromAnotherTool({})])
    expect(report).toMatchObject({ annotators: [creator], annotations: 1, reanchored: [], notes: [] })
    const [annotation] = (await layer(creator)).annotations
    const text = app.workspace.article(SWORN_IN).text
    expect(annotation).toMatchObject({ articleId: SWORN_IN, label: 'translation-error', annotator: creator, created: '2024-10-02T09:00:00Z', modified: '2024-10-02T09:00:00Z' })
    expect(text.slice(annotation!.start, annotation!.end)).toBe('Kamala Harry')
    expect(annotation!.start).toBe(text.indexOf(`${harryPrefix}Kamala Harry`) + harryPrefix.length)
    expect(annotation!.id).toMatch(/^w3c-[0-9a-f]{24}$/)
  })

  it('reads a single annotation with "type": ["Annotation"], a creator object, describing bodies by attribute name, and both selectors in code points', async () => {
    const { run, layer } = await importing()
    const cp = new OffsetConverter(EMOJI_TEXT)
    const start = EMOJI_TEXT.indexOf('Mark Rute')
    await run({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'https://recogito.example/annotation/5b1d',
      type: ['Annotation'],
      motivation: ['tagging'],
      creator: { id: 'https://recogito.example/users/bo', type: 'Person', name: 'Bo of Recogito' },
      body: [
        { type: 'TextualBody', purpose: 'tagging', value: 'speaker' },
        { type: 'TextualBody', purpose: 'describing', value: 'Kind: organization' },
        { type: 'TextualBody', purpose: 'commenting', value: 'Who went?' },
      ],
      target: {
        source: EMOJI,
        selector: [
          { type: 'TextPositionSelector', start: cp.toCodePoints(start), end: cp.toCodePoints(start + 9) },
          { type: 'TextQuoteSelector', exact: 'Mark Rute' },
        ],
      },
    })
    const [annotation] = (await layer('Bo of Recogito')).annotations
    expect(annotation).toMatchObject({ articleId: EMOJI, start, end: start + 9, label: 'speaker', attributes: { kind: 'organization' }, note: 'Who went?' })
    expect(annotation!.quote).toEqual({ exact: 'Mark Rute', prefix: ' line\r\n"Kamala Harry" 𝕏 said\r\n', suffix: ' 👍🏽 went to 𝔘 town.\r\n' })
    // 32 code units back would split 😀: the context stops after it
    expect(annotation!.quote.prefix).toHaveLength(31)
  })

  it('reads an AnnotationPage, with links between its annotations and an article note', async () => {
    const { run, layer } = await importing()
    const creator = { type: 'Person', name: 'Cy' }
    await run({
      '@context': 'http://www.w3.org/ns/anno.jsonld',
      id: 'https://example.org/page/1',
      type: 'AnnotationPage',
      items: [
        annotationFromAnotherTool({ id: 'https://example.org/q', creator, body: [{ purpose: 'tagging', value: 'quote' }], target: { source: SWORN_IN, selector: { type: 'TextQuoteSelector', exact: 'he would be happy to work with Trump' } } }),
        annotationFromAnotherTool({ id: 'https://example.org/s', creator, body: { purpose: 'tagging', value: 'speaker' }, target: { source: SWORN_IN, selector: { type: 'TextQuoteSelector', exact: 'Rutte', prefix: 'challenge to ' } } }),
        { id: 'https://example.org/l', type: 'Annotation', motivation: 'linking', creator, body: { purpose: 'tagging', value: 'attributed to' }, target: ['https://example.org/q', 'https://example.org/s'] },
        { id: 'https://example.org/n', type: 'Annotation', motivation: 'commenting', creator, body: [{ purpose: 'commenting', value: 'A note on it all.' }, { purpose: 'describing', value: 'provenance: machine-translated' }], target: `urn:parallax:article:${SWORN_IN}` },
      ],
    })
    const cy = await layer('Cy')
    expect(cy.annotations.map((a) => a.quote.exact).sort()).toEqual(['Rutte', 'he would be happy to work with Trump'])
    const quote = cy.annotations.find((a) => a.label === 'quote')!
    const speaker = cy.annotations.find((a) => a.label === 'speaker')!
    expect(speaker.quote.prefix.endsWith('challenge to ')).toBe(true)
    expect(cy.links).toEqual([expect.objectContaining({ type: 'attributed-to', from: { articleId: SWORN_IN, annotationId: quote.id }, to: { articleId: SWORN_IN, annotationId: speaker.id } })])
    expect(cy.articleNotes).toEqual([{ articleId: SWORN_IN, note: 'A note on it all.', provenance: 'machine-translated', annotator: 'Cy', modified: '2030-01-01T00:00:00.000Z' }])
  })

  it('gives foreign ids stable hashes, so a second import adds nothing', async () => {
    const { app, run, layer } = await importing()
    const file = [annotationFromAnotherTool({}), annotationFromAnotherTool({ id: 'https://annotations.example.org/anno/2', target: { source: SWORN_IN, selector: { type: 'TextQuoteSelector', exact: 'Mark Roux' } } })]
    await run(file, 'Ana')
    const first = await layer('Ana')
    await run(file, 'Ana')
    expect(await layer('Ana')).toEqual(first)
    expect(first.annotations).toHaveLength(2)
    expect(await app.workspace.layers.annotators()).toEqual(['Ana'])
  })

  it('names the annotator with --annotator over the creator', async () => {
    const { run, layer } = await importing()
    const report = await run([annotationFromAnotherTool({})], 'Dee')
    expect(report.annotators).toEqual(['Dee'])
    expect((await layer('Dee')).annotations).toHaveLength(1)
  })

  it('reads a collection that embeds its first page', async () => {
    const { run, layer } = await importing()
    await run({ '@context': 'http://www.w3.org/ns/anno.jsonld', id: 'urn:x:c', type: 'AnnotationCollection', first: { id: 'urn:x:c:1', type: 'AnnotationPage', items: [annotationFromAnotherTool({})] } }, 'Eve')
    expect((await layer('Eve')).annotations.map((a) => a.quote.exact)).toEqual(['Kamala Harry'])
  })
})
