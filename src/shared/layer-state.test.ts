import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Edit, type Annotation, type ArticleNote, type Entity, type Link } from './annotations'
import { annotationsByArticle, annotationsOfArticle, applyToLayer, changedKeys, emptyLayerState, inverseOf, isEmptyNote, linksOf, type LayerState } from './layer-state'

const ME = 'Ana Pereira'
const CREATED = '2024-10-01T09:00:00.000Z'
const LATER = '2024-10-01T10:30:00.000Z'
const SWORN_IN = 'rutte-sworn-in-translated'
const SEMAFOR = 'semafor-rutte-trump-whisperer'

function annotation(id: string, articleId: string, label: string, extra: Partial<Annotation> = {}): Annotation {
  const start = extra.start ?? 10
  const exact = extra.quote?.exact ?? `span ${id}`
  return {
    id,
    articleId,
    start,
    end: start + exact.length,
    unit: 'utf16',
    quote: { exact, prefix: '', suffix: '' },
    label,
    attributes: {},
    note: '',
    annotator: ME,
    created: CREATED,
    modified: CREATED,
    ...extra,
  }
}

function link(id: string, type: string, from: [string, string], to: [string, string], extra: Partial<Link> = {}): Link {
  return {
    id,
    type,
    from: { articleId: from[0], annotationId: from[1] },
    to: { articleId: to[0], annotationId: to[1] },
    attributes: {},
    note: '',
    annotator: ME,
    created: CREATED,
    modified: CREATED,
    ...extra,
  }
}

function entity(id: string, name: string, aliases: string[] = []): Entity {
  return { id, name, aliases, note: '', createdBy: ME, created: CREATED, modified: CREATED }
}

function articleNote(articleId: string, note: string, provenance: ArticleNote['provenance'] = null): ArticleNote {
  return { articleId, note, provenance, annotator: ME, modified: LATER }
}

const byId = <T extends { id: string }>(...items: T[]): Record<string, T> => Object.fromEntries(items.map((item) => [item.id, item]))

/**
 * A layer as it might stand mid-study, over two articles: a claim and a speaker the quote q2 is
 * attributed to in the sworn-in article; a quote and a claim in Semafor's; a link across the two.
 */
function studyLayer(): LayerState {
  return {
    annotations: byId(
      annotation('c1', SWORN_IN, 'claim', { start: 100, attributes: { verdict: 'unassessed' } }),
      annotation('s1', SWORN_IN, 'speaker', { start: 20, attributes: { kind: 'person', entity: 'e-rutte' } }),
      annotation('q2', SWORN_IN, 'quote', { start: 300, attributes: { kind: 'direct' } }),
      annotation('q1', SEMAFOR, 'quote', { start: 40, attributes: { kind: 'indirect' } }),
      annotation('c2', SEMAFOR, 'claim', { start: 500 }),
    ),
    links: byId(
      link('l-attr', 'attributed-to', [SWORN_IN, 'q2'], [SWORN_IN, 's1']),
      link('l-same-quote', 'same-quote', [SEMAFOR, 'q1'], [SWORN_IN, 'q2'], { attributes: { fidelity: 'mistranslated' } }),
      link('l-same-claim', 'same-claim', [SWORN_IN, 'c1'], [SEMAFOR, 'c2']),
    ),
    entities: byId(entity('e-rutte', 'Mark Rutte', ['Rutte'])),
    articleNotes: { [SEMAFOR]: articleNote(SEMAFOR, 'Navigation debris at the top.', 'original') },
    decisions: {},
  }
}

/** Freezes a value and everything in it, so that a function that mutates its input throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const inner of Object.values(value)) deepFreeze(inner)
    Object.freeze(value)
  }
  return value
}

/**
 * The property undo and redo rest on: applying `edits` and then their inverse gives back exactly
 * the state before, and applying `edits` again gives exactly the state after. Neither state is
 * mutated on the way, and every inverse edit is a valid edit (the renderer sends them to the main side).
 */
function expectUndoRedo(before: LayerState, edits: Edit[]): { after: LayerState; inverse: Edit[] } {
  deepFreeze(before)
  deepFreeze(edits)
  const after = deepFreeze(applyToLayer(before, edits))
  const inverse = inverseOf(before, edits)
  for (const edit of inverse) expect(Edit.safeParse(edit).success, JSON.stringify(edit)).toBe(true)
  const undone = applyToLayer(after, inverse)
  expect(undone).toStrictEqual(before)
  expect(applyToLayer(undone, edits)).toStrictEqual(after)
  return { after, inverse }
}

describe('applyToLayer', () => {
  it('puts a new annotation, and replaces one with the same id', () => {
    const claim = annotation('c9', SWORN_IN, 'claim')
    const added = applyToLayer(emptyLayerState(), [{ op: 'put-annotation', annotation: claim }])
    expect(added).toStrictEqual({ annotations: { c9: claim }, links: {}, entities: {}, articleNotes: {}, decisions: {} })

    const relabelled = { ...claim, label: 'quote', modified: LATER }
    const replaced = applyToLayer(added, [{ op: 'put-annotation', annotation: relabelled }])
    expect(replaced.annotations).toStrictEqual({ c9: relabelled })
  })

  it('deletes an annotation and every link that touches it, at either end, in any article', () => {
    const before = deepFreeze(studyLayer())
    const after = applyToLayer(before, [{ op: 'delete-annotation', articleId: SWORN_IN, id: 'q2' }])
    expect(Object.keys(after.annotations).sort()).toEqual(['c1', 'c2', 'q1', 's1'])
    // l-attr started at q2, l-same-quote ended at it (and is stored with the Semafor article)
    expect(Object.keys(after.links)).toEqual(['l-same-claim'])
    expect(after.entities).toBe(before.entities)
    expect(after.articleNotes).toBe(before.articleNotes)
  })

  it('leaves the layer as it is when deleting an annotation, link or entity that is not there', () => {
    const before = deepFreeze(studyLayer())
    expect(applyToLayer(before, [{ op: 'delete-annotation', articleId: SWORN_IN, id: 'nope' }])).toStrictEqual(before)
    expect(applyToLayer(before, [{ op: 'delete-link', articleId: SWORN_IN, id: 'nope' }])).toStrictEqual(before)
    expect(applyToLayer(before, [{ op: 'delete-entity', id: 'nope' }])).toStrictEqual(before)
  })

  it('puts and deletes a link', () => {
    const before = deepFreeze(studyLayer())
    const affects = link('l-affects', 'affects', [SWORN_IN, 'c1'], [SWORN_IN, 'q2'])
    const withLink = applyToLayer(before, [{ op: 'put-link', link: affects }])
    expect(withLink.links['l-affects']).toBe(affects)
    expect(Object.keys(withLink.links)).toHaveLength(4)
    const degree = { ...before.links['l-same-claim']!, attributes: { degree: 'identical' } }
    expect(applyToLayer(before, [{ op: 'put-link', link: degree }]).links['l-same-claim']).toBe(degree)
    const without = applyToLayer(withLink, [{ op: 'delete-link', articleId: SWORN_IN, id: 'l-attr' }])
    expect(Object.keys(without.links).sort()).toEqual(['l-affects', 'l-same-claim', 'l-same-quote'])
    expect(without.annotations).toBe(before.annotations)
  })

  it('puts and deletes an entity', () => {
    const before = deepFreeze(studyLayer())
    const harris = entity('e-harris', 'Kamala Harris', ['Harris', 'Kamala Harry'])
    const added = applyToLayer(before, [{ op: 'put-entity', entity: harris }])
    expect(added.entities).toStrictEqual({ 'e-rutte': before.entities['e-rutte'], 'e-harris': harris })
    const renamed = { ...harris, aliases: ['Harris'] }
    expect(applyToLayer(added, [{ op: 'put-entity', entity: renamed }]).entities['e-harris']).toBe(renamed)
    expect(applyToLayer(added, [{ op: 'delete-entity', id: 'e-harris' }]).entities).toStrictEqual(before.entities)
  })

  it('puts an article note, replaces it, and removes it when it is empty (no note, no provenance)', () => {
    const first = articleNote(SWORN_IN, 'Reads as a machine translation.')
    const one = applyToLayer(emptyLayerState(), [{ op: 'put-article-note', articleNote: first }])
    expect(one.articleNotes).toStrictEqual({ [SWORN_IN]: first })
    const second = articleNote(SWORN_IN, 'Machine translation, back into English.', 'machine-translated')
    expect(applyToLayer(one, [{ op: 'put-article-note', articleNote: second }]).articleNotes).toStrictEqual({ [SWORN_IN]: second })
    const cleared = applyToLayer(one, [{ op: 'put-article-note', articleNote: articleNote(SWORN_IN, '') }])
    expect(cleared.articleNotes).toStrictEqual({})
    expect(SWORN_IN in cleared.articleNotes).toBe(false)
  })

  it('keeps a note that has only a provenance, or only text', () => {
    const provenanceOnly = articleNote(SWORN_IN, '', 'ai-generated')
    expect(isEmptyNote(provenanceOnly)).toBe(false)
    expect(applyToLayer(emptyLayerState(), [{ op: 'put-article-note', articleNote: provenanceOnly }]).articleNotes[SWORN_IN]).toBe(provenanceOnly)
    expect(isEmptyNote(articleNote(SWORN_IN, ' '))).toBe(false)
    expect(isEmptyNote(articleNote(SWORN_IN, ''))).toBe(true)
  })

  it('applies the edits of one action in order', () => {
    const claim = annotation('c9', SWORN_IN, 'claim')
    const after = applyToLayer(emptyLayerState(), [
      { op: 'put-annotation', annotation: claim },
      { op: 'put-link', link: link('l9', 'contradicts', [SWORN_IN, 'c9'], [SEMAFOR, 'c2']) },
      { op: 'delete-annotation', articleId: SWORN_IN, id: 'c9' },
      { op: 'put-annotation', annotation: { ...claim, note: 'again' } },
    ])
    expect(after.annotations).toStrictEqual({ c9: { ...claim, note: 'again' } })
    expect(after.links).toStrictEqual({})
  })

  it('never changes the state it is given', () => {
    const before = deepFreeze(studyLayer())
    const snapshot = structuredClone(before)
    applyToLayer(before, [
      { op: 'delete-annotation', articleId: SWORN_IN, id: 'q2' },
      { op: 'put-entity', entity: entity('e2', 'NATO') },
      { op: 'put-article-note', articleNote: articleNote(SEMAFOR, '') },
    ])
    expect(before).toStrictEqual(snapshot)
  })
})

describe('linksOf', () => {
  it('gives the links at either end of an annotation', () => {
    const layer = studyLayer()
    expect(linksOf(layer, 'q2').map((l) => l.id).sort()).toEqual(['l-attr', 'l-same-quote'])
    expect(linksOf(layer, 'c2').map((l) => l.id)).toEqual(['l-same-claim'])
    expect(linksOf(layer, 'nope')).toEqual([])
  })
})

describe('inverseOf undoes an action exactly, and the action redoes exactly', () => {
  const claim = annotation('c-new', SWORN_IN, 'claim', { start: 812, quote: { exact: 'total domestic profits', prefix: '', suffix: '' } })

  it('creating an annotation', () => {
    const { inverse } = expectUndoRedo(studyLayer(), [{ op: 'put-annotation', annotation: claim }])
    expect(inverse).toEqual([{ op: 'delete-annotation', articleId: SWORN_IN, id: 'c-new' }])
  })

  it('relabelling an annotation', () => {
    const before = studyLayer()
    const relabelled = { ...before.annotations.q1!, label: 'claim', attributes: { verdict: 'unassessed' }, modified: LATER }
    const { inverse } = expectUndoRedo(before, [{ op: 'put-annotation', annotation: relabelled }])
    expect(inverse).toEqual([{ op: 'put-annotation', annotation: before.annotations.q1 }])
  })

  it('changing attributes and the note', () => {
    const before = studyLayer()
    const c1 = before.annotations.c1!
    expectUndoRedo(before, [
      { op: 'put-annotation', annotation: { ...c1, attributes: { ...c1.attributes, verdict: 'refuted', type: ['numerical'] }, modified: LATER } },
      { op: 'put-annotation', annotation: { ...c1, attributes: { verdict: 'supported' }, note: 'second thoughts', modified: LATER } },
    ])
  })

  it('deleting an annotation with links at both ends, across two articles', () => {
    const before = studyLayer()
    const { after, inverse } = expectUndoRedo(before, [{ op: 'delete-annotation', articleId: SWORN_IN, id: 'q2' }])
    expect(Object.keys(after.links)).toEqual(['l-same-claim'])
    expect(inverse[0]).toEqual({ op: 'put-annotation', annotation: before.annotations.q2 })
    expect(inverse.slice(1).map((e) => e.op === 'put-link' && e.link.id).sort()).toEqual(['l-attr', 'l-same-quote'])
  })

  it('deleting both ends of a link in one action', () => {
    expectUndoRedo(studyLayer(), [
      { op: 'delete-annotation', articleId: SWORN_IN, id: 'c1' },
      { op: 'delete-annotation', articleId: SEMAFOR, id: 'c2' },
    ])
  })

  it('putting a new link, changing one, and deleting one', () => {
    const before = studyLayer()
    expectUndoRedo(before, [{ op: 'put-link', link: link('l-new', 'affects', [SWORN_IN, 'c1'], [SWORN_IN, 's1']) }])
    expectUndoRedo(before, [{ op: 'put-link', link: { ...before.links['l-same-quote']!, attributes: { fidelity: 'verbatim' }, modified: LATER } }])
    const { inverse } = expectUndoRedo(before, [{ op: 'delete-link', articleId: SEMAFOR, id: 'l-same-quote' }])
    expect(inverse).toEqual([{ op: 'put-link', link: before.links['l-same-quote'] }])
  })

  it('undoes a new link with a delete addressed to the article that stores it (its from end)', () => {
    const crossing = link('l-x', 'same-claim', [SEMAFOR, 'c2'], [SWORN_IN, 'c1'])
    expect(inverseOf(studyLayer(), [{ op: 'put-link', link: crossing }])).toEqual([{ op: 'delete-link', articleId: SEMAFOR, id: 'l-x' }])
  })

  it('creating an entity and tying a speaker to it, in one action', () => {
    const before = studyLayer()
    const harris = entity('e-harris', 'Kamala Harris', ['Kamala Harry'])
    const speaker = annotation('s-harris', SWORN_IN, 'speaker', { start: 640, attributes: { kind: 'person', entity: 'e-harris' } })
    const { inverse } = expectUndoRedo(before, [
      { op: 'put-entity', entity: harris },
      { op: 'put-annotation', annotation: speaker },
    ])
    // undone in reverse: the speaker goes before the entity it points at
    expect(inverse).toEqual([
      { op: 'delete-annotation', articleId: SWORN_IN, id: 's-harris' },
      { op: 'delete-entity', id: 'e-harris' },
    ])
  })

  it('re-tying an existing speaker to a new entity', () => {
    const before = studyLayer()
    const s1 = before.annotations.s1!
    expectUndoRedo(before, [
      { op: 'put-entity', entity: entity('e-roux', 'Mark Roux') },
      { op: 'put-annotation', annotation: { ...s1, attributes: { ...s1.attributes, entity: 'e-roux' } } },
    ])
  })

  it('editing the aliases of an entity', () => {
    const before = studyLayer()
    const { inverse } = expectUndoRedo(before, [
      { op: 'put-entity', entity: { ...before.entities['e-rutte']!, aliases: ['Rutte', 'Mark Roux'], modified: LATER } },
    ])
    expect(inverse).toEqual([{ op: 'put-entity', entity: before.entities['e-rutte'] }])
  })

  it('deleting an entity', () => {
    expectUndoRedo(studyLayer(), [{ op: 'delete-entity', id: 'e-rutte' }])
  })

  it('writing an article note for the first time: undone by an empty note, which removes it', () => {
    const before = studyLayer()
    const { inverse } = expectUndoRedo(before, [{ op: 'put-article-note', articleNote: articleNote(SWORN_IN, 'Machine translated, no disclaimer.', 'machine-translated') }])
    expect(inverse).toHaveLength(1)
    const undo = inverse[0]!
    expect(undo.op === 'put-article-note' && isEmptyNote(undo.articleNote)).toBe(true)
    expect(undo.op === 'put-article-note' && undo.articleNote.articleId).toBe(SWORN_IN)
  })

  it('changing an article note a second time: undone by the note before', () => {
    const before = studyLayer()
    const { inverse } = expectUndoRedo(before, [{ op: 'put-article-note', articleNote: articleNote(SEMAFOR, 'Debris at top and bottom.', 'unknown') }])
    expect(inverse).toEqual([{ op: 'put-article-note', articleNote: before.articleNotes[SEMAFOR] }])
  })

  it('clearing an article note', () => {
    expectUndoRedo(studyLayer(), [{ op: 'put-article-note', articleNote: articleNote(SEMAFOR, '') }])
  })

  it('an action that touches the same records several times', () => {
    const before = studyLayer()
    expectUndoRedo(before, [
      { op: 'put-annotation', annotation: claim },
      { op: 'put-link', link: link('l-n', 'same-claim', [SWORN_IN, 'c-new'], [SEMAFOR, 'c2']) },
      { op: 'put-annotation', annotation: { ...claim, attributes: { verdict: 'refuted' } } },
      { op: 'delete-annotation', articleId: SEMAFOR, id: 'c2' },
      { op: 'delete-link', articleId: SWORN_IN, id: 'l-attr' },
      { op: 'put-article-note', articleNote: articleNote(SWORN_IN, 'one') },
      { op: 'put-article-note', articleNote: articleNote(SWORN_IN, 'two') },
    ])
  })

  it('edits that change nothing (deleting what is not there) undo to nothing', () => {
    expect(
      inverseOf(studyLayer(), [
        { op: 'delete-annotation', articleId: SWORN_IN, id: 'gone' },
        { op: 'delete-link', articleId: SWORN_IN, id: 'gone' },
        { op: 'delete-entity', id: 'gone' },
      ]),
    ).toEqual([])
  })

  it('does not change the state it is given', () => {
    const before = deepFreeze(studyLayer())
    expect(() => inverseOf(before, [{ op: 'delete-annotation', articleId: SWORN_IN, id: 'q2' }])).not.toThrow()
  })
})

describe('changedKeys', () => {
  it('gives the records an action touched, following each edit from the earlier version to the later', () => {
    const before = deepFreeze(studyLayer())
    const claim = annotation('c9', SEMAFOR, 'claim')
    const middle = applyToLayer(before, [{ op: 'put-annotation', annotation: claim }])
    const after = applyToLayer(middle, [
      { op: 'delete-annotation', articleId: SWORN_IN, id: 'q2' },
      { op: 'put-annotation', annotation: { ...before.annotations['c1']!, note: 'checked' } },
    ])
    expect(changedKeys(before.annotations, after.annotations)).toEqual(new Set(['c9', 'q2', 'c1']))
    expect(changedKeys(middle.annotations, after.annotations)).toEqual(new Set(['q2', 'c1']))
    // deleting q2 deleted its two links too
    expect(changedKeys(before.links, after.links)).toEqual(new Set(['l-attr', 'l-same-quote']))
    expect(changedKeys(after.annotations, after.annotations)).toEqual(new Set())
  })

  it('says null for records that were not derived from each other: compare them whole', () => {
    const before = studyLayer()
    const after = applyToLayer(before, [{ op: 'delete-annotation', articleId: SWORN_IN, id: 'c2' }])
    expect(changedKeys(after.annotations, before.annotations)).toBeNull()
    expect(changedKeys(studyLayer().annotations, after.annotations)).toBeNull()
    expect(changedKeys(before.annotations, { ...after.annotations })).toBeNull()
  })

  it('keeps an id that could be taken for the prototype as an id', () => {
    const odd = annotation('__proto__', SWORN_IN, 'claim')
    const after = applyToLayer(studyLayer(), [{ op: 'put-annotation', annotation: odd }])
    expect(Object.hasOwn(after.annotations, '__proto__')).toBe(true)
    expect(Object.getPrototypeOf(after.annotations)).toBe(Object.prototype)
    const again = applyToLayer(after, [{ op: 'put-annotation', annotation: annotation('c9', SWORN_IN, 'claim') }])
    expect(Object.keys(again.annotations)).toContain('__proto__')
    expect(Object.getPrototypeOf(again.annotations)).toBe(Object.prototype)
  })
})

/** A grouping with each article's annotations in the order of their ids (the order within an article means nothing). */
const sorted = (grouped: ReadonlyMap<string, readonly Annotation[]>) =>
  new Map([...grouped].map(([articleId, list]) => [articleId, [...list].sort((a, b) => a.id.localeCompare(b.id))]))
/** The grouping computed from scratch, from a copy that no derivation leads to. */
const groupedAfresh = (state: LayerState) => sorted(annotationsByArticle({ ...state.annotations }))

describe('annotationsByArticle', () => {
  it('groups a layer\'s annotations by article, in the layer\'s order', () => {
    const layer = studyLayer()
    const grouped = annotationsByArticle(layer.annotations)
    expect([...grouped.keys()]).toEqual([SWORN_IN, SEMAFOR])
    expect(grouped.get(SWORN_IN)!.map((a) => a.id)).toEqual(['c1', 's1', 'q2'])
    expect(annotationsOfArticle(layer.annotations, SEMAFOR).map((a) => a.id)).toEqual(['q1', 'c2'])
    expect(annotationsOfArticle(layer.annotations, 'no-such-article')).toEqual([])
    expect(annotationsByArticle(layer.annotations)).toBe(grouped)
  })

  it('after an edit, gives a new array for the article it changed and the same array for every other', () => {
    const before = studyLayer()
    const grouped = annotationsByArticle(before.annotations)
    const relabelled = { ...before.annotations['s1']!, label: 'claim' }
    const after = applyToLayer(before, [{ op: 'put-annotation', annotation: relabelled }])
    const regrouped = annotationsByArticle(after.annotations)
    expect(regrouped.get(SEMAFOR)).toBe(grouped.get(SEMAFOR))
    expect(regrouped.get(SWORN_IN)).not.toBe(grouped.get(SWORN_IN))
    // in place, not moved to the end
    expect(regrouped.get(SWORN_IN)).toEqual([before.annotations['c1'], relabelled, before.annotations['q2']])
    expect(sorted(regrouped)).toEqual(groupedAfresh(after))

    const emptied = applyToLayer(after, [
      { op: 'delete-annotation', articleId: SEMAFOR, id: 'q1' },
      { op: 'delete-annotation', articleId: SEMAFOR, id: 'c2' },
    ])
    expect(annotationsByArticle(emptied.annotations).has(SEMAFOR)).toBe(false)
    expect(annotationsByArticle(emptied.annotations).get(SWORN_IN)).toBe(regrouped.get(SWORN_IN))
  })
})

describe('inverseOf, over random actions', () => {
  // A small pool of ids, so that random edits keep hitting the same records. An annotation stays in
  // its article (a1 and a2 in one, a3 and a4 in the other), as in the app.
  const annotationIds = ['a1', 'a2', 'a3', 'a4']
  const articleOf = (id: string): string => (id === 'a1' || id === 'a2' ? SWORN_IN : SEMAFOR)
  const linkIds = ['l1', 'l2', 'l3']
  const entityIds = ['e1', 'e2']
  const articleIds = [SWORN_IN, SEMAFOR]
  const labels = ['claim', 'speaker', 'quote', 'translation-error']

  const arbAnnotation = fc
    .record({
      id: fc.constantFrom(...annotationIds),
      label: fc.constantFrom(...labels),
      start: fc.nat(200),
      length: fc.integer({ min: 1, max: 30 }),
      verdict: fc.constantFrom(null, 'unassessed', 'refuted'),
      entity: fc.constantFrom(undefined, ...entityIds),
      note: fc.constantFrom('', 'unsure', 'see the Dutch original'),
      modified: fc.constantFrom(CREATED, LATER),
    })
    .map(
      (r): Annotation => ({
        ...annotation(r.id, articleOf(r.id), r.label, {
          start: r.start,
          quote: { exact: 'x'.repeat(r.length), prefix: '', suffix: '' },
          note: r.note,
          modified: r.modified,
        }),
        attributes: { verdict: r.verdict, ...(r.entity ? { entity: r.entity } : {}) },
      }),
    )

  // Mostly the annotation's own article; sometimes another, which the main side would refuse.
  const arbEnd = fc
    .tuple(fc.constantFrom(...annotationIds), fc.nat(9))
    .map(([id, dice]): [string, string] => [dice === 0 ? SEMAFOR : articleOf(id), id])
  const arbLink = fc
    .record({
      id: fc.constantFrom(...linkIds),
      type: fc.constantFrom('same-claim', 'attributed-to', 'affects'),
      from: arbEnd,
      to: arbEnd,
      note: fc.constantFrom('', 'paraphrased'),
    })
    .map((r) => link(r.id, r.type, r.from, r.to, { note: r.note }))

  const arbEntity = fc
    .record({ id: fc.constantFrom(...entityIds), name: fc.constantFrom('Mark Rutte', 'Kamala Harris', 'NATO'), aliases: fc.subarray(['Rutte', 'Roux', 'Harry']) })
    .map((r) => entity(r.id, r.name, r.aliases))

  const arbNote = fc
    .record({
      articleId: fc.constantFrom(...articleIds),
      note: fc.constantFrom('', '', 'machine translated', 'debris'),
      provenance: fc.constantFrom(null, null, 'original', 'machine-translated'),
    })
    .map((r) => articleNote(r.articleId, r.note, r.provenance as ArticleNote['provenance']))

  const arbEdit: fc.Arbitrary<Edit> = fc.oneof(
    { arbitrary: arbAnnotation.map((a): Edit => ({ op: 'put-annotation', annotation: a })), weight: 4 },
    { arbitrary: fc.constantFrom(...annotationIds).map((id): Edit => ({ op: 'delete-annotation', articleId: articleOf(id), id })), weight: 2 },
    { arbitrary: arbLink.map((l): Edit => ({ op: 'put-link', link: l })), weight: 3 },
    { arbitrary: fc.record({ articleId: fc.constantFrom(...articleIds), id: fc.constantFrom(...linkIds) }).map((r): Edit => ({ op: 'delete-link', ...r })), weight: 1 },
    { arbitrary: arbEntity.map((e): Edit => ({ op: 'put-entity', entity: e })), weight: 1 },
    { arbitrary: fc.constantFrom(...entityIds).map((id): Edit => ({ op: 'delete-entity', id })), weight: 1 },
    { arbitrary: arbNote.map((n): Edit => ({ op: 'put-article-note', articleNote: n })), weight: 2 },
  )

  /** Fixed seed: the same runs every time; raise numRuns locally to search harder. */
  const runs = { seed: 20_241_001, numRuns: 400 }

  /**
   * What the main side guarantees of a saved layer: every link joins two annotations that exist, in
   * the articles it names (applyEdits refuses an action that would leave one dangling).
   */
  const isConsistent = (state: LayerState): boolean =>
    Object.values(state.links).every((l) =>
      [l.from, l.to].every((end) => state.annotations[end.annotationId]?.articleId === end.articleId),
    )

  /** A layer built by random actions, each saved only if the main side would accept its result. */
  const layerFrom = (actions: Edit[][]): LayerState =>
    actions.reduce((state, action) => {
      const next = applyToLayer(state, action)
      return isConsistent(next) ? next : state
    }, emptyLayerState())

  const arbAction = fc.array(arbEdit, { minLength: 1, maxLength: 6 })

  it('generates valid edits (the arbitraries are realistic)', () => {
    fc.assert(
      fc.property(fc.array(arbEdit, { maxLength: 10 }), (edits) => {
        for (const edit of edits) expect(Edit.safeParse(edit).success).toBe(true)
      }),
      runs,
    )
  })

  it('builds layers that are not all empty (the property below is not vacuous)', () => {
    const sizes = fc.sample(fc.array(arbAction, { maxLength: 12 }), { seed: runs.seed, numRuns: 200 }).map(layerFrom)
    expect(sizes.filter((s) => Object.keys(s.links).length > 0).length).toBeGreaterThan(40)
    expect(sizes.filter((s) => Object.keys(s.annotations).length > 2).length).toBeGreaterThan(40)
  })

  it('groups by article, edit by edit, exactly as grouping the result from scratch', () => {
    fc.assert(
      fc.property(fc.array(arbAction, { maxLength: 12 }), (actions) => {
        let state = emptyLayerState()
        let grouped = annotationsByArticle(state.annotations)
        for (const action of actions) {
          const next = applyToLayer(state, action)
          const regrouped = annotationsByArticle(next.annotations)
          expect(sorted(regrouped)).toEqual(groupedAfresh(next))
          // an article none of the action's annotation edits touched keeps its array
          const touched = new Set(action.flatMap((e) => (e.op === 'put-annotation' ? [e.annotation.articleId] : e.op === 'delete-annotation' ? [e.articleId] : [])))
          for (const [articleId, list] of grouped) if (!touched.has(articleId)) expect(regrouped.get(articleId)).toBe(list)
          state = next
          grouped = regrouped
        }
      }),
      runs,
    )
  })

  it('undoes and redoes any action from any saved layer exactly', () => {
    fc.assert(
      fc.property(fc.array(arbAction, { maxLength: 12 }), arbAction, (history, action) => {
        expectUndoRedo(layerFrom(history), action)
      }),
      runs,
    )
  })

  it('undoes a series of saved actions one by one, back to the start (an undo stack)', () => {
    fc.assert(
      fc.property(fc.array(arbAction, { maxLength: 8 }), fc.array(arbAction, { minLength: 1, maxLength: 8 }), (history, actions) => {
        const start = layerFrom(history)
        const states = [start]
        const done: Edit[][] = []
        const undos: Edit[][] = []
        let state = start
        for (const action of actions) {
          const next = applyToLayer(state, action)
          if (!isConsistent(next)) continue // refused by the main side: not on the stack
          done.push(action)
          undos.push(inverseOf(state, action))
          state = next
          states.push(state)
        }
        for (let i = undos.length - 1; i >= 0; i--) {
          state = applyToLayer(state, undos[i]!)
          expect(state).toStrictEqual(states[i])
        }
        // and redo them all again
        for (let i = 0; i < undos.length; i++) {
          state = applyToLayer(state, done[i]!)
          expect(state).toStrictEqual(states[i + 1])
        }
      }),
      runs,
    )
  })
})
