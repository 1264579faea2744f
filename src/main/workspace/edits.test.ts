/**
 * Annotating through the real handler table: 'edits:apply' against a workspace made from the bundled
 * corpus, checked against the files it writes.
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Annotation, ArticleNote, Edit, Entity } from '../../shared/annotations'
import { quoteAt } from '../../shared/anchoring'
import { dispatch } from '../handlers/dispatch'
import { createAppContext } from '../handlers/index'
import { formatJson } from '../store/durable-json-file'
import { annotationOf, call, expectFailure, linkBetween, makeApp, makeTempDir, snapshotFiles, TEST_TIME, writeFiles } from '../test-helpers'
import { LayerArticleFile } from './layers'
import { Workspace } from './workspace'

const SWORN_IN = 'rutte-sworn-in-translated'
const SEMAFOR = 'semafor-rutte-trump-whisperer'
const ANA = 'Ana Pereira'
const ANA_FOLDER = 'annotations/ana-pereira'

/** An app whose annotator is set, with shorthands for applying edits and reading the layer files. */
async function annotating(annotator = ANA) {
  const app = await makeApp()
  const handlers = app.context.handlers
  await call(handlers, 'settings:setAnnotator', { name: annotator })
  const root = app.workspace.root
  return {
    ...app,
    handlers,
    root,
    /** Applies one action and expects it to be saved. */
    save: (...edits: Edit[]) => call(handlers, 'edits:apply', { edits }),
    /** Applies one action and gives the result, whatever it is. */
    attempt: (...edits: Edit[]) => dispatch(handlers, 'edits:apply', { edits }),
    text: (articleId: string) => app.workspace.article(articleId).text,
    of: (articleId: string, needle: string, fields: { id: string; label: string; attributes?: Annotation['attributes']; note?: string; from?: number; annotator?: string }) =>
      annotationOf(app.workspace, articleId, needle, { annotator, ...fields }),
    /** The raw text of a file of the workspace, or null when there is none. */
    raw: (relative: string) => readFile(path.join(root, relative), 'utf8').catch(() => null),
    /** One article file of a layer, parsed with its schema. */
    layerFile: async (articleId: string, folder = ANA_FOLDER) =>
      LayerArticleFile.parse(JSON.parse(await readFile(path.join(root, folder, `${articleId}.json`), 'utf8'))),
    snapshot: () => snapshotFiles(root),
  }
}

const entity = (id: string, name: string, aliases: string[] = [], createdBy = ANA): Entity => ({
  id,
  name,
  aliases,
  note: '',
  createdBy,
  created: TEST_TIME,
  modified: TEST_TIME,
})

const put = (annotation: Annotation): Edit => ({ op: 'put-annotation', annotation })

describe("'edits:apply' before an annotator is set", () => {
  it('is refused with a message saying what to do, and writes nothing', async () => {
    const app = await makeApp()
    const before = await snapshotFiles(app.workspace.root)
    const harry = annotationOf(app.workspace, SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker', annotator: ANA })
    const message = expectFailure(await dispatch(app.context.handlers, 'edits:apply', { edits: [put(harry)] }), 'invalid-input')
    expect(message).toBe('Set your annotator name before annotating.')
    expect(await snapshotFiles(app.workspace.root)).toEqual(before)
  })
})

describe('creating an annotation', () => {
  it('writes annotations/<annotator>/<article>.json with the annotation and the quote the main side computes', async () => {
    const app = await annotating()
    const text = app.text(SWORN_IN)
    const start = text.indexOf('Kamala Harry')
    expect(start).toBeGreaterThan(0)
    const sent = { ...app.of(SWORN_IN, 'Kamala Harry', { id: 'a-harry', label: 'translation-error', attributes: { category: 'accuracy/named entity', severity: 'major', correction: 'Kamala Harris' } }) }
    sent.quote = { exact: 'Kamala Harry', prefix: 'made up', suffix: 'by the client' }
    const { savedAt } = await app.save(put(sent))
    expect(Number.isNaN(Date.parse(savedAt))).toBe(false)

    const file = await app.layerFile(SWORN_IN)
    const sha256 = createHash('sha256').update(await readFile(path.join(app.root, 'corpus', `${SWORN_IN}.txt`))).digest('hex')
    expect(sha256).toBe(app.workspace.article(SWORN_IN).meta.sha256)
    expect(file).toEqual({
      schemaVersion: 1,
      annotator: ANA,
      articleId: SWORN_IN,
      textSha256: sha256,
      annotations: [
        {
          ...sent,
          start,
          end: start + 12,
          quote: { exact: 'Kamala Harry', prefix: text.slice(start - 32, start), suffix: text.slice(start + 12, start + 12 + 32) },
        },
      ],
      links: [],
      articleNote: null,
    })
    expect(file.annotations[0]!.quote.prefix).toBe('rk with Trump or Vice President ')
    expect(file.annotations[0]!.quote.suffix).toBe(' He said he has a good relations')
    expect(file.annotations[0]!.quote).toEqual(quoteAt(text, start, start + 12))
    expect(await app.raw(`${ANA_FOLDER}/_layer.json`)).toBe(formatJson({ schemaVersion: 1, annotator: ANA }))
  })

  it('gives the annotation back through annotations:list, with the same quote', async () => {
    const app = await annotating()
    const harry = app.of(SWORN_IN, 'Kamala Harry', { id: 'a-harry', label: 'speaker', attributes: { kind: 'person' } })
    await app.save(put(harry))
    const listed = await call(app.handlers, 'annotations:list', {})
    expect(listed.annotators).toEqual([ANA])
    expect(listed.layers).toHaveLength(1)
    expect(listed.layers[0]!.annotations).toEqual([{ ...harry, quote: quoteAt(app.text(SWORN_IN), harry.start, harry.end) }])
  })

  it('refuses a quote that is not what the text says at the offsets, and writes nothing', async () => {
    const app = await annotating()
    const before = await app.snapshot()
    const harry = app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker' })
    const fixed = { ...harry, quote: { ...harry.quote, exact: 'Kamala Harris' }, end: harry.start + 13 }
    expectFailure(await app.attempt(put(fixed)), 'invalid-input', 'Edit 1', '"Kamala Harris"', 'is not what the article says', `${fixed.start}–${fixed.end}`)
    const shifted = { ...harry, start: harry.start + 1, end: harry.end + 1 }
    expectFailure(await app.attempt(put(shifted)), 'invalid-input', 'is not what the article says')
    expect(await app.snapshot()).toEqual(before)
    expect(await app.raw(`${ANA_FOLDER}/${SWORN_IN}.json`)).toBeNull()
  })

  it('refuses a bad quote for an article that already has a file, and leaves the file as it was', async () => {
    const app = await annotating()
    await app.save(put(app.of(SWORN_IN, 'Mark Rutte', { id: 'a1', label: 'speaker' })))
    const before = await app.snapshot()
    const wrong = app.of(SWORN_IN, 'Kamala Harry', { id: 'a2', label: 'speaker' })
    wrong.quote.exact = 'Mark Roux'
    expectFailure(await app.attempt(put(wrong)), 'invalid-input', 'Mark Roux')
    expect(await app.snapshot()).toEqual(before)
  })

  it('refuses offsets past the end of the article', async () => {
    const app = await annotating()
    const length = app.text(SWORN_IN).length
    const tail = app.of(SWORN_IN, app.text(SWORN_IN).slice(-5), { id: 'a1', label: 'claim', from: length - 5 })
    expect(tail.end).toBe(length)
    const past = { ...tail, start: length - 4, end: length + 1 }
    expectFailure(await app.attempt(put(past)), 'invalid-input', `runs past the end of the article (${length})`)
    const far = { ...tail, start: length + 10, end: length + 15 }
    expectFailure(await app.attempt(put(far)), 'invalid-input', 'runs past the end')
    // right up to the end is fine
    await app.save(put(tail))
    expect((await app.layerFile(SWORN_IN)).annotations.map((a) => a.end)).toEqual([length])
  })

  it('refuses an annotation that ends where it starts, before any handler runs', async () => {
    const app = await annotating()
    const harry = app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker' })
    expectFailure(await app.attempt(put({ ...harry, end: harry.start })), 'invalid-input', 'edits')
  })

  it('refuses an article the workspace does not have', async () => {
    const app = await annotating()
    const harry = app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker' })
    expectFailure(await app.attempt(put({ ...harry, articleId: 'no-such-article' })), 'invalid-input', 'there is no article "no-such-article"')
  })

  it('refuses a label the tagset does not have', async () => {
    const app = await annotating()
    const before = await app.snapshot()
    expectFailure(await app.attempt(put(app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'opinion' }))), 'invalid-input', 'there is no label "opinion" in the tagset')
    expect(await app.snapshot()).toEqual(before)
  })

  it.each<[string, string, Annotation['attributes'], string, string]>([
    ['a verdict that is not one of the values', 'claim', { verdict: 'maybe' }, '', 'Claim: Verdict must be one of'],
    ['a type that is not a list', 'claim', { type: 'numerical' }, '', 'Claim: Type is a list of values'],
    ['a type listed twice', 'claim', { type: ['numerical', 'numerical'] }, '', 'Type lists a value twice'],
    ['an attribute of another label', 'quote', { verdict: 'refuted' }, '', 'Quote: there is no attribute "verdict" here'],
    ['category "other" without a note', 'translation-error', { category: 'other' }, '  ', 'Translation error: Category "other" needs a note'],
    ['a correction that is too long', 'translation-error', { correction: 'x'.repeat(1001) }, '', 'Correction is at most 1000 characters'],
    ['an entity that is not in the registry', 'speaker', { entity: 'e-nobody' }, '', 'Speaker: there is no entity "e-nobody"'],
  ])('refuses %s', async (_what, label, attributes, note, message) => {
    const app = await annotating()
    const before = await app.snapshot()
    expectFailure(await app.attempt(put(app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label, attributes, note }))), 'invalid-input', message)
    expect(await app.snapshot()).toEqual(before)
  })

  it('accepts category "other" with a note', async () => {
    const app = await annotating()
    await app.save(put(app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'translation-error', attributes: { category: 'other' }, note: 'a name mangled by the MT' })))
    expect((await app.layerFile(SWORN_IN)).annotations[0]).toMatchObject({ attributes: { category: 'other' }, note: 'a name mangled by the MT' })
  })

  it("refuses an annotation in another annotator's name", async () => {
    const app = await annotating()
    const before = await app.snapshot()
    const theirs = app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker', annotator: 'Bo Chen' })
    expectFailure(await app.attempt(put(theirs)), 'invalid-input', "this is Bo Chen's layer; you can edit only your own (Ana Pereira)")
    expect(await app.snapshot()).toEqual(before)
  })

  it('replaces an annotation put again with the same id (relabel, new attributes)', async () => {
    const app = await annotating()
    const harry = app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker', attributes: { kind: 'person' } })
    await app.save(put(harry))
    await app.save(put({ ...harry, label: 'translation-error', attributes: { severity: 'critical' }, modified: '2024-10-02T08:00:00.000Z' }))
    const file = await app.layerFile(SWORN_IN)
    expect(file.annotations).toHaveLength(1)
    expect(file.annotations[0]).toMatchObject({ id: 'a1', label: 'translation-error', attributes: { severity: 'critical' }, modified: '2024-10-02T08:00:00.000Z' })
  })

  it('deletes an annotation, and refuses to delete one that is not there', async () => {
    const app = await annotating()
    await app.save(put(app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker' })), put(app.of(SWORN_IN, 'Mark Rutte', { id: 'a2', label: 'speaker' })))
    await app.save({ op: 'delete-annotation', articleId: SWORN_IN, id: 'a1' })
    expect((await app.layerFile(SWORN_IN)).annotations.map((a) => a.id)).toEqual(['a2'])
    expectFailure(await app.attempt({ op: 'delete-annotation', articleId: SWORN_IN, id: 'a1' }), 'invalid-input', `there is no annotation "a1" in ${SWORN_IN}`)
    expectFailure(await app.attempt({ op: 'delete-annotation', articleId: SEMAFOR, id: 'a2' }), 'invalid-input', `there is no annotation "a2" in ${SEMAFOR}`)
  })

  it("cannot delete another annotator's annotation: it is not in one's own layer", async () => {
    const app = await annotating('Bo Chen')
    await app.save(put(app.of(SWORN_IN, 'Kamala Harry', { id: 'bo-1', label: 'speaker' })))
    await call(app.handlers, 'settings:setAnnotator', { name: ANA })
    const before = await app.snapshot()
    expectFailure(await app.attempt({ op: 'delete-annotation', articleId: SWORN_IN, id: 'bo-1' }), 'invalid-input', 'there is no annotation "bo-1"')
    const bo = app.of(SWORN_IN, 'Kamala Harry', { id: 'bo-1', label: 'claim', annotator: 'Bo Chen' })
    expectFailure(await app.attempt(put(bo)), 'invalid-input', "Bo Chen's layer")
    expect(await app.snapshot()).toEqual(before)
    expect((await call(app.handlers, 'annotations:list', {})).annotators).toEqual(['Bo Chen'])
  })
})

describe('an action is saved whole or not at all', () => {
  it('writes nothing of edit 1 when edit 2 is refused', async () => {
    const app = await annotating()
    await app.save(put(app.of(SWORN_IN, 'Mark Rutte', { id: 'a0', label: 'speaker' })))
    const before = await app.snapshot()
    const good = app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker' })
    const goodElsewhere = app.of(SEMAFOR, 'Jens Stoltenberg', { id: 'a2', label: 'speaker' })
    const bad = app.of(SWORN_IN, 'Teflon Mark', { id: 'a3', label: 'speaker', attributes: { kind: 'alien' } })
    expectFailure(await app.attempt(put(good), put(goodElsewhere), put(bad)), 'invalid-input', 'Edit 3', 'Kind must be one of')
    expect(await app.snapshot()).toEqual(before)
    // nor is anything kept in memory: the next action starts from the files
    await app.save(put(app.of(SWORN_IN, 'Jens Stoltenberg', { id: 'a4', label: 'speaker' })))
    expect((await app.layerFile(SWORN_IN)).annotations.map((a) => a.id).sort()).toEqual(['a0', 'a4'])
    expect(await app.raw(`${ANA_FOLDER}/${SEMAFOR}.json`)).toBeNull()
    const listed = await call(app.handlers, 'annotations:list', {})
    expect(listed.layers[0]!.annotations.map((a) => a.id).sort()).toEqual(['a0', 'a4'])
  })

  it("leaves no trace of a new annotator whose first action is refused: no folder, not listed", async () => {
    const app = await annotating()
    const before = await app.snapshot()
    const good = app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker' })
    expectFailure(await app.attempt(put(good), put({ ...good, id: 'a2', label: 'nonsense' })), 'invalid-input', 'Edit 2')
    expect(await app.snapshot()).toEqual(before)
    expect(await call(app.handlers, 'annotations:list', {})).toEqual({ annotators: [], layers: [] })
    // the next, accepted action makes the folder
    await app.save(put(good))
    expect(await app.raw(`${ANA_FOLDER}/_layer.json`)).toBe(formatJson({ schemaVersion: 1, annotator: ANA }))
    expect((await call(app.handlers, 'annotations:list', {})).annotators).toEqual([ANA])
  })

  it('writes nothing when the first edit is fine and the second deletes what is not there', async () => {
    const app = await annotating()
    await app.save(put(app.of(SWORN_IN, 'Mark Rutte', { id: 'a0', label: 'speaker' })))
    const before = await app.snapshot()
    expectFailure(await app.attempt({ op: 'delete-annotation', articleId: SWORN_IN, id: 'a0' }, { op: 'delete-annotation', articleId: SWORN_IN, id: 'a0' }), 'invalid-input', 'Edit 2')
    expect(await app.snapshot()).toEqual(before)
  })

  it('checks each edit against the layer as the edits before it left it', async () => {
    const app = await annotating()
    const harry = app.of(SWORN_IN, 'Kamala Harry', { id: 'a1', label: 'speaker' })
    // put, change and delete in one action
    await app.save(put(harry), put({ ...harry, label: 'claim' }), { op: 'delete-annotation', articleId: SWORN_IN, id: 'a1' }, put(app.of(SWORN_IN, 'Mark Rutte', { id: 'a2', label: 'speaker' })))
    expect((await app.layerFile(SWORN_IN)).annotations.map((a) => a.id)).toEqual(['a2'])
  })
})

describe('links', () => {
  /** A Speaker and a Quote in the sworn-in article, a Quote and a Claim in Semafor's. */
  async function withAnnotations() {
    const app = await annotating()
    const rutte = app.of(SWORN_IN, 'Rutte', { id: 's-rutte', label: 'speaker', from: app.text(SWORN_IN).indexOf('“As secretary-general') })
    const quote = app.of(SWORN_IN, '“As secretary-general, I will work on three main priorities,”', { id: 'q-priorities', label: 'quote' })
    const semaforQuote = app.of(SEMAFOR, 'the Trump whisperer', { id: 'q-whisperer', label: 'quote' })
    const claim = app.of(SEMAFOR, 'after receiving the backing of all 32 NATO member states', { id: 'c-backing', label: 'claim' })
    const harry = app.of(SWORN_IN, 'Kamala Harry', { id: 'te-harry', label: 'translation-error', attributes: { category: 'accuracy/named entity' } })
    await app.save(put(rutte), put(quote), put(semaforQuote), put(claim), put(harry))
    return { app, rutte, quote, semaforQuote, claim, harry }
  }

  it('stores a link in the file of its from-article, also when it crosses articles', async () => {
    const { app, quote, semaforQuote } = await withAnnotations()
    const crossing = linkBetween('l-same', 'same-quote', semaforQuote, quote, ANA, { fidelity: 'paraphrased' })
    await app.save({ op: 'put-link', link: crossing })
    expect((await app.layerFile(SEMAFOR)).links).toEqual([crossing])
    expect((await app.layerFile(SWORN_IN)).links).toEqual([])
    expect((await call(app.handlers, 'annotations:list', {})).layers[0]!.links).toEqual([crossing])
  })

  it('stores a link within one article, and deletes it', async () => {
    const { app, rutte, quote } = await withAnnotations()
    const attributed = linkBetween('l-attr', 'attributed-to', quote, rutte, ANA)
    await app.save({ op: 'put-link', link: attributed })
    expect((await app.layerFile(SWORN_IN)).links).toEqual([attributed])
    expectFailure(await app.attempt({ op: 'delete-link', articleId: SEMAFOR, id: 'l-attr' }), 'invalid-input', `there is no link "l-attr" from ${SEMAFOR}`)
    await app.save({ op: 'delete-link', articleId: SWORN_IN, id: 'l-attr' })
    expect((await app.layerFile(SWORN_IN)).links).toEqual([])
    // the annotations stay
    expect((await app.layerFile(SWORN_IN)).annotations).toHaveLength(3)
  })

  it('moves a link to its new from-article when it is put again with other ends', async () => {
    const { app, quote, semaforQuote } = await withAnnotations()
    const link = linkBetween('l-same', 'same-quote', semaforQuote, quote, ANA)
    await app.save({ op: 'put-link', link })
    const flipped = linkBetween('l-same', 'same-quote', quote, semaforQuote, ANA)
    await app.save({ op: 'put-link', link: flipped })
    expect((await app.layerFile(SEMAFOR)).links).toEqual([])
    expect((await app.layerFile(SWORN_IN)).links).toEqual([flipped])
  })

  it('refuses a link whose end does not exist, and writes nothing', async () => {
    const { app, quote, rutte } = await withAnnotations()
    const before = await app.snapshot()
    const ghost = { ...rutte, id: 's-ghost' }
    expectFailure(await app.attempt({ op: 'put-link', link: linkBetween('l1', 'attributed-to', quote, ghost, ANA) }), 'invalid-input', 'would point at an annotation that does not exist')
    // an end that names the right annotation in the wrong article
    const elsewhere = { ...rutte, articleId: SEMAFOR }
    expectFailure(await app.attempt({ op: 'put-link', link: linkBetween('l2', 'attributed-to', quote, elsewhere, ANA) }), 'invalid-input', 'does not exist')
    expect(await app.snapshot()).toEqual(before)
  })

  it('refuses a link that joins an annotation to itself, or of a type the tagset does not have', async () => {
    const { app, quote, rutte } = await withAnnotations()
    expectFailure(await app.attempt({ op: 'put-link', link: linkBetween('l1', 'same-quote', quote, quote, ANA) }), 'invalid-input', 'two different annotations')
    expectFailure(await app.attempt({ op: 'put-link', link: linkBetween('l1', 'said-by', quote, rutte, ANA) }), 'invalid-input', 'there is no link type "said-by"')
  })

  it('refuses a link type between labels it does not allow, in either direction for a one-way type', async () => {
    const { app, rutte, quote, claim, harry } = await withAnnotations()
    const before = await app.snapshot()
    // attributed to: quote|claim → speaker; not speaker → quote
    expectFailure(await app.attempt({ op: 'put-link', link: linkBetween('l1', 'attributed-to', rutte, quote, ANA) }), 'invalid-input', 'A "attributed to" link cannot join a speaker to a quote.')
    // affects: translation-error → claim|quote|speaker; not the other way
    expectFailure(await app.attempt({ op: 'put-link', link: linkBetween('l2', 'affects', claim, harry, ANA) }), 'invalid-input', 'cannot join a claim to a translation-error')
    // same claim joins claims only
    expectFailure(await app.attempt({ op: 'put-link', link: linkBetween('l3', 'same-claim', claim, quote, ANA) }), 'invalid-input', 'A "same claim" link cannot join a claim to a quote.')
    expect(await app.snapshot()).toEqual(before)
    // the allowed directions are saved
    await app.save(
      { op: 'put-link', link: linkBetween('l4', 'attributed-to', quote, rutte, ANA) },
      { op: 'put-link', link: linkBetween('l5', 'affects', harry, rutte, ANA) },
      { op: 'put-link', link: linkBetween('l6', 'attributed-to', claim, rutte, ANA) },
    )
    expect((await app.layerFile(SWORN_IN)).links.map((l) => l.id)).toEqual(['l4', 'l5'])
    expect((await app.layerFile(SEMAFOR)).links.map((l) => l.id)).toEqual(['l6'])
  })

  it('accepts a symmetric link type in either direction', async () => {
    const { app, quote, semaforQuote } = await withAnnotations()
    await app.save(
      { op: 'put-link', link: linkBetween('l-ab', 'same-quote', quote, semaforQuote, ANA) },
      { op: 'put-link', link: linkBetween('l-ba', 'same-quote', semaforQuote, quote, ANA, { fidelity: 'mistranslated' }) },
    )
    expect((await app.layerFile(SWORN_IN)).links.map((l) => l.id)).toEqual(['l-ab'])
    expect((await app.layerFile(SEMAFOR)).links.map((l) => l.id)).toEqual(['l-ba'])
  })

  it('accepts a symmetric type whose ends differ (claim ↔ quote) in the reverse direction, and a one-way type only forwards', async () => {
    const source = await makeTempDir()
    await writeFiles(source, {
      'a.txt': 'The minister said "we will spend more" and claimed spending rose.',
      'tagset.json': JSON.stringify({
        schemaVersion: 1,
        name: 'Echoes',
        labels: [
          { id: 'claim', name: 'Claim', color: '#111111' },
          { id: 'quote', name: 'Quote', color: '#222222' },
        ],
        linkTypes: [
          { id: 'echoes', name: 'echoes', from: ['claim'], to: ['quote'], symmetric: true },
          { id: 'cites', name: 'cites', from: ['claim'], to: ['quote'] },
        ],
      }),
    })
    const app = await makeApp(source)
    await call(app.context.handlers, 'settings:setAnnotator', { name: ANA })
    const quote = annotationOf(app.workspace, 'a', '"we will spend more"', { id: 'q', label: 'quote', annotator: ANA })
    const claim = annotationOf(app.workspace, 'a', 'spending rose', { id: 'c', label: 'claim', annotator: ANA })
    const apply = (...edits: Edit[]) => dispatch(app.context.handlers, 'edits:apply', { edits })
    expect((await apply(put(quote), put(claim))).ok).toBe(true)
    expect((await apply({ op: 'put-link', link: linkBetween('l1', 'echoes', claim, quote, ANA) })).ok).toBe(true)
    expect((await apply({ op: 'put-link', link: linkBetween('l2', 'echoes', quote, claim, ANA) })).ok).toBe(true)
    expect((await apply({ op: 'put-link', link: linkBetween('l3', 'cites', claim, quote, ANA) })).ok).toBe(true)
    expectFailure(await apply({ op: 'put-link', link: linkBetween('l4', 'cites', quote, claim, ANA) }), 'invalid-input', 'A "cites" link cannot join a quote to a claim.')
    // both ends of a symmetric link must still be allowed labels
    expectFailure(await apply({ op: 'put-link', link: linkBetween('l5', 'echoes', quote, { ...quote, id: 'q2' }, ANA) }), 'invalid-input')
  })

  it("refuses a link's attribute values that its type does not allow, and a link in another annotator's name", async () => {
    const { app, quote, semaforQuote } = await withAnnotations()
    expectFailure(await app.attempt({ op: 'put-link', link: linkBetween('l1', 'same-quote', quote, semaforQuote, ANA, { fidelity: 'loose' }) }), 'invalid-input', 'same quote: Fidelity must be one of')
    expectFailure(await app.attempt({ op: 'put-link', link: linkBetween('l1', 'same-quote', quote, semaforQuote, 'Bo Chen') }), 'invalid-input', "Bo Chen's layer")
  })

  it('deletes the links touching a deleted annotation, in its own file and in other articles', async () => {
    const { app, rutte, quote, semaforQuote, claim, harry } = await withAnnotations()
    await app.save(
      { op: 'put-link', link: linkBetween('l-attr', 'attributed-to', quote, rutte, ANA) }, // sworn-in file, from the quote
      { op: 'put-link', link: linkBetween('l-same', 'same-quote', semaforQuote, quote, ANA) }, // Semafor file, to the quote
      { op: 'put-link', link: linkBetween('l-claim', 'attributed-to', claim, rutte, ANA) }, // Semafor file, untouched
      { op: 'put-link', link: linkBetween('l-affects', 'affects', harry, quote, ANA) }, // sworn-in file, to the quote
    )
    await app.save({ op: 'delete-annotation', articleId: SWORN_IN, id: quote.id })
    expect((await app.layerFile(SWORN_IN)).links).toEqual([])
    expect((await app.layerFile(SEMAFOR)).links.map((l) => l.id)).toEqual(['l-claim'])
    expect((await app.layerFile(SWORN_IN)).annotations.map((a) => a.id).sort()).toEqual(['s-rutte', 'te-harry'])
  })

  it("deletes the links to an annotation that is new in the same action's other file", async () => {
    const { app, rutte } = await withAnnotations()
    // one action: a new claim in a third article, attributed to Rutte in the sworn-in article, then Rutte deleted
    const newClaim = app.of('rutte-poised-for-nato-leadership', 'Rutte', { id: 'c-new', label: 'claim' })
    await app.save(put(newClaim), { op: 'put-link', link: linkBetween('l-new', 'attributed-to', newClaim, rutte, ANA) }, { op: 'delete-annotation', articleId: SWORN_IN, id: rutte.id })
    expect((await app.layerFile('rutte-poised-for-nato-leadership')).links).toEqual([])
    expect((await app.layerFile('rutte-poised-for-nato-leadership')).annotations.map((a) => a.id)).toEqual(['c-new'])
  })
})

describe('the entity registry (entities.json)', () => {
  it('is empty before any entity is made, and keeps the ones put', async () => {
    const app = await annotating()
    expect(await call(app.handlers, 'entities:list', {})).toEqual([])
    const rutte = entity('e-rutte', 'Mark Rutte', ['Rutte', 'Teflon Mark'])
    await app.save({ op: 'put-entity', entity: rutte })
    expect(await app.raw('entities.json')).toBe(formatJson({ schemaVersion: 1, entities: [rutte] }))
    expect(await call(app.handlers, 'entities:list', {})).toEqual([rutte])
  })

  it('creates an entity and ties a Speaker to it in one action', async () => {
    const app = await annotating()
    const harris = entity('e-harris', 'Kamala Harris', ['Kamala Harry'])
    const speaker = app.of(SWORN_IN, 'Kamala Harry', { id: 's1', label: 'speaker', attributes: { kind: 'person', entity: 'e-harris' } })
    await app.save({ op: 'put-entity', entity: harris }, put(speaker))
    expect((await app.layerFile(SWORN_IN)).annotations[0]!.attributes).toEqual({ kind: 'person', entity: 'e-harris' })
    expect(await call(app.handlers, 'entities:list', {})).toEqual([harris])
  })

  it('edits the aliases of an entity in place', async () => {
    const app = await annotating()
    const rutte = entity('e-rutte', 'Mark Rutte', ['Rutte'])
    await app.save({ op: 'put-entity', entity: rutte })
    await app.save({ op: 'put-entity', entity: { ...rutte, aliases: ['Rutte', 'Mark Roux'], modified: '2024-10-02T08:00:00.000Z' } })
    const listed = await call(app.handlers, 'entities:list', {})
    expect(listed).toHaveLength(1)
    expect(listed[0]!.aliases).toEqual(['Rutte', 'Mark Roux'])
  })

  it('refuses a second entity with the same name, whatever its case, and writes nothing', async () => {
    const app = await annotating()
    await app.save({ op: 'put-entity', entity: entity('e-rutte', 'Mark Rutte') })
    const before = await app.snapshot()
    expectFailure(await app.attempt({ op: 'put-entity', entity: entity('e-other', 'mark rutte') }), 'invalid-input', 'there is already an entity named "Mark Rutte"')
    expect(await app.snapshot()).toEqual(before)
    // renaming an entity to a name nobody else has is fine
    await app.save({ op: 'put-entity', entity: entity('e-rutte', 'Mark Rutte (NATO)') })
    expect((await call(app.handlers, 'entities:list', {})).map((e) => e.name)).toEqual(['Mark Rutte (NATO)'])
  })

  it('refuses to delete an entity a Speaker still points at, and deletes it once untied', async () => {
    const app = await annotating()
    const speaker = app.of(SWORN_IN, 'Kamala Harry', { id: 's1', label: 'speaker', attributes: { entity: 'e-harris' } })
    await app.save({ op: 'put-entity', entity: entity('e-harris', 'Kamala Harris') }, put(speaker))
    const before = await app.snapshot()
    expectFailure(await app.attempt({ op: 'delete-entity', id: 'e-harris' }), 'invalid-input', `the entity is still used by the Speaker "Kamala Harry" in ${SWORN_IN}`)
    expect(await app.snapshot()).toEqual(before)
    // untie and delete in one action
    await app.save(put({ ...speaker, attributes: {} }), { op: 'delete-entity', id: 'e-harris' })
    expect(await call(app.handlers, 'entities:list', {})).toEqual([])
    expectFailure(await app.attempt({ op: 'delete-entity', id: 'e-harris' }), 'invalid-input', 'there is no entity "e-harris"')
  })

  it('refuses to delete an entity a Speaker tied to it earlier in the same action, in a new file', async () => {
    const app = await annotating()
    await app.save({ op: 'put-entity', entity: entity('e-harris', 'Kamala Harris') })
    const speaker = app.of(SWORN_IN, 'Kamala Harry', { id: 's1', label: 'speaker', attributes: { entity: 'e-harris' } })
    const before = await app.snapshot()
    expectFailure(await app.attempt(put(speaker), { op: 'delete-entity', id: 'e-harris' }), 'invalid-input', 'still used by the Speaker')
    expect(await app.snapshot()).toEqual(before)
  })

  it("refuses to delete an entity another annotator's Speaker points at (the registry is shared)", async () => {
    const app = await annotating('Bo Chen')
    const speaker = app.of(SWORN_IN, 'Kamala Harry', { id: 's1', label: 'speaker', attributes: { entity: 'e-harris' } })
    await app.save({ op: 'put-entity', entity: entity('e-harris', 'Kamala Harris', [], 'Bo Chen') }, put(speaker))
    await call(app.handlers, 'settings:setAnnotator', { name: ANA })
    expectFailure(await app.attempt({ op: 'delete-entity', id: 'e-harris' }), 'invalid-input', 'still used by the Speaker "Kamala Harry"')
    expect((await call(app.handlers, 'entities:list', {})).map((e) => e.id)).toEqual(['e-harris'])
  })

  it('writes no entities.json for an action that does not touch the registry', async () => {
    const app = await annotating()
    await app.save(put(app.of(SWORN_IN, 'Kamala Harry', { id: 's1', label: 'speaker' })))
    expect(await app.raw('entities.json')).toBeNull()
  })
})

describe('article notes', () => {
  const note = (articleId: string, text: string, provenance: ArticleNote['provenance'] = null, annotator = ANA): ArticleNote => ({
    articleId,
    note: text,
    provenance,
    annotator,
    modified: TEST_TIME,
  })

  it('stores the note in the article file, replaces it, and clears it with an empty one', async () => {
    const app = await annotating()
    const first = note(SWORN_IN, 'Back-translated by a machine; no disclaimer.', 'machine-translated')
    await app.save({ op: 'put-article-note', articleNote: first })
    expect((await app.layerFile(SWORN_IN)).articleNote).toEqual(first)
    const second = note(SWORN_IN, 'Machine translation; CNBC-style report.', 'machine-translated')
    await app.save({ op: 'put-article-note', articleNote: second })
    expect((await app.layerFile(SWORN_IN)).articleNote).toEqual(second)
    expect((await call(app.handlers, 'annotations:list', {})).layers[0]!.articleNotes).toEqual([second])
    await app.save({ op: 'put-article-note', articleNote: note(SWORN_IN, '') })
    expect((await app.layerFile(SWORN_IN)).articleNote).toBeNull()
    expect((await call(app.handlers, 'annotations:list', {})).layers[0]!.articleNotes).toEqual([])
  })

  it('keeps a note that gives only a provenance', async () => {
    const app = await annotating()
    await app.save({ op: 'put-article-note', articleNote: note(SEMAFOR, '', 'original') })
    expect((await app.layerFile(SEMAFOR)).articleNote).toMatchObject({ note: '', provenance: 'original' })
  })

  it("refuses a note in another annotator's name, or on an article that is not there", async () => {
    const app = await annotating()
    expectFailure(await app.attempt({ op: 'put-article-note', articleNote: note(SWORN_IN, 'x', null, 'Bo Chen') }), 'invalid-input', "Bo Chen's layer")
    expectFailure(await app.attempt({ op: 'put-article-note', articleNote: note('not-here', 'x') }), 'invalid-input', 'there is no article "not-here"')
  })
})

describe('the files written', () => {
  it('are 2-space JSON with a trailing newline, annotations sorted by position and links by creation', async () => {
    const app = await annotating()
    const text = app.text(SWORN_IN)
    const later = app.of(SWORN_IN, 'Kamala Harry', { id: 'z-first-made', label: 'speaker' })
    const middle = app.of(SWORN_IN, 'Teflon Mark', { id: 'm', label: 'speaker' })
    const earliest = app.of(SWORN_IN, 'Mark Rutte', { id: 'a-last-made', label: 'speaker' })
    const sameStartLonger = app.of(SWORN_IN, 'Mark Rutte was sworn in', { id: 'b', label: 'claim', from: text.indexOf('Mark Rutte was') })
    const sameStartShorter = app.of(SWORN_IN, 'Mark Rutte', { id: 'c', label: 'speaker', from: sameStartLonger.start })
    await app.save(put(later), put(middle), put(earliest))
    await app.save(put(sameStartLonger), put(sameStartShorter))
    const link1 = { ...linkBetween('l-b', 'affects', later, middle, ANA), created: '2024-10-01T12:00:02.000Z' }
    const link2 = { ...linkBetween('l-a', 'same-entity', middle, earliest, ANA), created: '2024-10-01T12:00:01.000Z' }
    // affects needs a translation error at its from end
    await app.save(put({ ...later, label: 'translation-error', attributes: { category: 'accuracy/named entity' } }), { op: 'put-link', link: link1 }, { op: 'put-link', link: link2 })

    const raw = (await app.raw(`${ANA_FOLDER}/${SWORN_IN}.json`))!
    const data = JSON.parse(raw) as unknown
    expect(raw).toBe(formatJson(data))
    expect(raw.endsWith('}\n')).toBe(true)
    expect(raw.split('\n')[1]).toBe('  "schemaVersion": 1,')
    const file = LayerArticleFile.parse(data)
    // as written (parsing puts them in that order too)
    expect((data as LayerArticleFile).annotations.map((a) => a.id)).toEqual(['a-last-made', 'c', 'b', 'm', 'z-first-made'])
    expect(file.annotations.map((a) => a.id)).toEqual(['a-last-made', 'c', 'b', 'm', 'z-first-made'])
    for (let i = 1; i < file.annotations.length; i++) expect(file.annotations[i]!.start).toBeGreaterThanOrEqual(file.annotations[i - 1]!.start)
    expect(file.links.map((l) => l.id)).toEqual(['l-a', 'l-b'])
    expect(Object.keys(data as object)).toEqual(['schemaVersion', 'annotator', 'articleId', 'textSha256', 'annotations', 'links', 'articleNote'])
    expect(await app.raw(`${ANA_FOLDER}/_layer.json`)).toBe('{\n  "schemaVersion": 1,\n  "annotator": "Ana Pereira"\n}\n')
  })

  it('are the same bytes however the same annotations were made', async () => {
    const one = await annotating()
    const two = await annotating()
    const a = one.of(SWORN_IN, 'Kamala Harry', { id: 'x1', label: 'speaker' })
    const b = one.of(SWORN_IN, 'Mark Rutte', { id: 'x2', label: 'speaker' })
    await one.save(put(a), put(b))
    await two.save(put(b))
    await two.save(put({ ...a, label: 'claim' }))
    await two.save(put(a))
    expect(await two.raw(`${ANA_FOLDER}/${SWORN_IN}.json`)).toBe(await one.raw(`${ANA_FOLDER}/${SWORN_IN}.json`))
  })

  it('survive a restart: a new app over the same folders reads them back', async () => {
    const app = await annotating()
    const harry = app.of(SWORN_IN, 'Kamala Harry', { id: 'x1', label: 'speaker' })
    await app.save({ op: 'put-entity', entity: entity('e1', 'Kamala Harris') }, put({ ...harry, attributes: { entity: 'e1' } }))
    const next = createAppContext({ dataDir: app.dataDir, workspace: await Workspace.open(app.root) })
    expect((await call(next.handlers, 'settings:get', {})).annotator).toBe(ANA)
    const listed = await call(next.handlers, 'annotations:list', {})
    expect(listed.layers[0]!.annotations.map((a) => a.id)).toEqual(['x1'])
    expect((await call(next.handlers, 'entities:list', {})).map((e) => e.id)).toEqual(['e1'])
    expectFailure(await dispatch(next.handlers, 'edits:apply', { edits: [{ op: 'delete-entity', id: 'e1' }] }), 'invalid-input', 'still used')
  })
})
