/**
 * The review's pure core: where annotators' layers differ (`findDisagreements`) and the gold edits
 * that settle one difference (`adjudicate`), checked against a gold LayerState with `applyToLayer`
 * and undone with `inverseOf`.
 */
import { describe, expect, it } from 'vitest'
import type { Annotation, Decision, Edit, Layer, Link } from '../annotations'
import { GOLD } from '../gold'
import { applyToLayer, emptyLayerState, inverseOf, type LayerState } from '../layer-state'
import { adjudicate, clusterKey, findDisagreements, versionSignature, type AdjudicationContext, type Choice, type Disagreement } from './disagreements'

const ANA = 'Ana Pereira'
const BOB = 'Bob Okafor'
const CEM = 'Cem Yilmaz'
const ADJUDICATOR = 'Dana Adjudicator'
const SWORN_IN = 'rutte-sworn-in-translated'
const SEMAFOR = 'semafor-rutte-trump-whisperer'
const CREATED = '2024-10-01T09:00:00.000Z'
const AT = '2024-10-02T15:00:00.000Z'
const EARLIER = '2024-10-02T11:00:00.000Z'

function annotation(annotator: string, id: string, start: number, end: number, label: string, attributes: Annotation['attributes'] = {}, articleId = SWORN_IN): Annotation {
  return {
    id,
    articleId,
    start,
    end,
    unit: 'utf16',
    quote: { exact: 'x'.repeat(end - start), prefix: '', suffix: '' },
    label,
    attributes,
    note: '',
    annotator,
    created: CREATED,
    modified: CREATED,
  }
}

function link(annotator: string, id: string, type: string, from: Annotation, to: Annotation, attributes: Link['attributes'] = {}): Link {
  return {
    id,
    type,
    from: { articleId: from.articleId, annotationId: from.id },
    to: { articleId: to.articleId, annotationId: to.id },
    attributes,
    note: '',
    annotator,
    created: CREATED,
    modified: CREATED,
  }
}

const layer = (annotator: string, annotations: Annotation[], links: Link[] = []): Layer => ({ annotator, annotations, links, articleNotes: [] })

/** Finds the one cluster with `key`; fails if there is none. */
function cluster(items: Disagreement[], key: string): Disagreement {
  const item = items.find((d) => d.key === key)
  if (!item) expect.fail(`no cluster ${key} among ${items.map((d) => d.key).join(', ')}`)
  return item
}

/** Ids "g1", "g2", … in the order they are asked for. */
function ids(prefix = 'g') {
  let n = 0
  return () => `${prefix}${++n}`
}

function contextOf(layers: readonly Layer[], gold: LayerState = emptyLayerState(), extra: Partial<AdjudicationContext> = {}): AdjudicationContext {
  return { adjudicator: ADJUDICATOR, at: AT, rationale: 'per the guideline', layers, gold, newId: ids(), ...extra }
}

/** The gold copy of `source`, as `adjudicate` writes it. */
function goldCopy(source: Annotation, id: string, adjudication: Partial<NonNullable<Annotation['adjudication']>> & Pick<NonNullable<Annotation['adjudication']>, 'decision' | 'agreed' | 'sources'>): Annotation {
  return {
    ...source,
    id,
    annotator: GOLD,
    created: AT,
    modified: AT,
    adjudication: { adjudicator: ADJUDICATOR, at: AT, rationale: 'per the guideline', ...adjudication },
  }
}

function decisionOf(item: Disagreement, fields: Pick<Decision, 'decision' | 'from' | 'goldIds'> & Partial<Decision>): Decision {
  return { key: item.key, articleId: item.articleId, adjudicator: ADJUDICATOR, at: AT, rationale: 'per the guideline', ...fields }
}

/** Applies edits to a gold state, and checks that their inverse restores it exactly. */
function applyAndUndo(gold: LayerState, edits: readonly Edit[]): LayerState {
  const after = applyToLayer(gold, edits)
  expect(applyToLayer(after, inverseOf(gold, edits))).toEqual(gold)
  return after
}

describe('findDisagreements: clusters', () => {
  it('joins spans that overlap transitively into one cluster keyed by its extent', () => {
    const layers = [
      layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim')]),
      layer(BOB, [annotation(BOB, 'b1', 8, 20, 'claim'), annotation(BOB, 'b2', 18, 30, 'claim')]),
    ]
    const items = findDisagreements(layers, [SWORN_IN])
    expect(items.map((d) => d.key)).toEqual([`${SWORN_IN}:0-30`])
    const [item] = items
    expect(item).toMatchObject({ articleId: SWORN_IN, start: 0, end: 30 })
    expect(item!.versions[ANA]!.map((a) => a.id)).toEqual(['a1'])
    expect(item!.versions[BOB]!.map((a) => a.id)).toEqual(['b1', 'b2'])
  })

  it('keeps spans that only touch (one ends where the next starts) in separate clusters', () => {
    const layers = [
      layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim'), annotation(ANA, 'a2', 10, 20, 'claim')]),
      layer(BOB, [annotation(BOB, 'b1', 0, 10, 'claim'), annotation(BOB, 'b2', 10, 20, 'claim')]),
    ]
    const items = findDisagreements(layers, [SWORN_IN])
    expect(items.map((d) => d.key)).toEqual([`${SWORN_IN}:0-10`, `${SWORN_IN}:10-20`])
    expect(items.every((d) => d.agreed)).toBe(true)
  })

  it('a span that touches one annotator’s span but overlaps the other’s joins the cluster through the overlap', () => {
    const layers = [layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim'), annotation(ANA, 'a2', 10, 20, 'quote')]), layer(BOB, [annotation(BOB, 'b1', 5, 15, 'claim')])]
    expect(findDisagreements(layers, [SWORN_IN]).map((d) => d.key)).toEqual([`${SWORN_IN}:0-20`])
  })

  it('joins overlapping spans of different labels into one cluster', () => {
    const layers = [layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim')]), layer(BOB, [annotation(BOB, 'b1', 5, 15, 'quote')])]
    const items = findDisagreements(layers, [SWORN_IN])
    expect(items).toHaveLength(1)
    expect(items[0]!.key).toBe(`${SWORN_IN}:0-15`)
    expect(items[0]!.kinds).toContain('label')
  })

  it('keeps a span nested in a longer one in the longer one’s cluster, and a later span after it apart', () => {
    const layers = [
      layer(ANA, [annotation(ANA, 'a1', 0, 100, 'claim'), annotation(ANA, 'a3', 100, 110, 'claim')]),
      layer(BOB, [annotation(BOB, 'b1', 10, 20, 'quote'), annotation(BOB, 'b2', 50, 60, 'quote')]),
    ]
    expect(findDisagreements(layers, [SWORN_IN]).map((d) => d.key)).toEqual([`${SWORN_IN}:0-100`, `${SWORN_IN}:100-110`])
  })

  it('does not depend on the order annotations are listed in, and gives each version by position', () => {
    const a = [annotation(ANA, 'a3', 40, 50, 'quote'), annotation(ANA, 'a1', 0, 10, 'claim'), annotation(ANA, 'a2', 5, 12, 'speaker')]
    const items = findDisagreements([layer(ANA, a), layer(BOB, [])], [SWORN_IN])
    expect(items.map((d) => d.key)).toEqual([`${SWORN_IN}:0-12`, `${SWORN_IN}:40-50`])
    expect(items[0]!.versions[ANA]!.map((x) => x.id)).toEqual(['a1', 'a2'])
    expect(findDisagreements([layer(ANA, [...a].reverse()), layer(BOB, [])], [SWORN_IN])).toEqual(items)
  })

  it('makes clusters per article, only for the articles asked for, in their order', () => {
    const layers = [
      layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim', {}, SWORN_IN), annotation(ANA, 'a2', 0, 10, 'claim', {}, SEMAFOR), annotation(ANA, 'a3', 0, 10, 'claim', {}, 'montenegrin')]),
      layer(BOB, [annotation(BOB, 'b1', 5, 15, 'claim', {}, SEMAFOR)]),
    ]
    const items = findDisagreements(layers, [SEMAFOR, SWORN_IN])
    expect(items.map((d) => d.key)).toEqual([`${SEMAFOR}:0-15`, `${SWORN_IN}:0-10`])
    // the same offsets in two articles never meet
    expect(items[1]!.versions).toEqual({ [ANA]: [layers[0]!.annotations[0]], [BOB]: [] })
    expect(findDisagreements(layers, [])).toEqual([])
    expect(findDisagreements(layers, ['no-such-article'])).toEqual([])
  })

  it('keys a cluster `${articleId}:${start}-${end}`', () => {
    expect(clusterKey(SWORN_IN, 4113, 4125)).toBe(`${SWORN_IN}:4113-4125`)
    const [item] = findDisagreements([layer(ANA, [annotation(ANA, 'a1', 4113, 4125, 'speaker')])], [SWORN_IN])
    expect(item!.key).toBe('rutte-sworn-in-translated:4113-4125')
  })

  it('keys versions by every chosen annotator, in the order of the layers, even those with nothing there', () => {
    const layers = [layer(CEM, []), layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim')]), layer(BOB, [])]
    const [item] = findDisagreements(layers, [SWORN_IN])
    expect(Object.keys(item!.versions)).toEqual([CEM, ANA, BOB])
    expect(item!.versions[CEM]).toEqual([])
    expect(item!.versions[BOB]).toEqual([])
  })

  it('finds nothing in layers with no annotations', () => {
    expect(findDisagreements([layer(ANA, []), layer(BOB, [])], [SWORN_IN])).toEqual([])
  })
})

describe('findDisagreements: how versions differ', () => {
  const kindsOf = (layers: Layer[], articleIds = [SWORN_IN]) => findDisagreements(layers, articleIds).map((d) => [d.key, d.kinds, d.agreed] as const)

  it('agreed: the same span, label and attributes from everyone', () => {
    const layers = [
      layer(ANA, [annotation(ANA, 'a1', 0, 10, 'translation-error', { category: 'accuracy/named entity', severity: 'major' })]),
      layer(BOB, [annotation(BOB, 'b1', 0, 10, 'translation-error', { category: 'accuracy/named entity', severity: 'major' })]),
    ]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-10`, [], true]])
  })

  it('agreed whatever order the attributes were set in', () => {
    const layers = [
      layer(ANA, [annotation(ANA, 'a1', 0, 10, 'translation-error', { category: 'accuracy/named entity', severity: 'major', correction: 'Kamala Harris' })]),
      layer(BOB, [annotation(BOB, 'b1', 0, 10, 'translation-error', { correction: 'Kamala Harris', severity: 'major', category: 'accuracy/named entity' })]),
    ]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-10`, [], true]])
    expect(versionSignature(layers[0]!.annotations[0]!)).toBe(versionSignature(layers[1]!.annotations[0]!))
  })

  it('agreed: several annotations in one cluster, the same from everyone (a claim inside a longer claim)', () => {
    const layers = [
      layer(ANA, [annotation(ANA, 'a1', 0, 40, 'claim'), annotation(ANA, 'a2', 10, 20, 'claim'), annotation(ANA, 'a3', 12, 18, 'speaker')]),
      layer(BOB, [annotation(BOB, 'b2', 10, 20, 'claim'), annotation(BOB, 'b3', 12, 18, 'speaker'), annotation(BOB, 'b1', 0, 40, 'claim')]),
    ]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-40`, [], true]])
  })

  it('agreed: the same annotations with the same links, within an article and across two', () => {
    const aq = annotation(ANA, 'aq', 0, 10, 'quote')
    const as = annotation(ANA, 'as', 20, 25, 'speaker')
    const ax = annotation(ANA, 'ax', 50, 60, 'quote', {}, SEMAFOR)
    const bq = annotation(BOB, 'bq', 0, 10, 'quote')
    const bs = annotation(BOB, 'bs', 20, 25, 'speaker')
    const bx = annotation(BOB, 'bx', 50, 60, 'quote', {}, SEMAFOR)
    const layers = [
      layer(ANA, [aq, as, ax], [link(ANA, 'l1', 'attributed-to', aq, as), link(ANA, 'l2', 'same-quote', ax, aq, { fidelity: 'paraphrased' })]),
      layer(BOB, [bq, bs, bx], [link(BOB, 'm2', 'same-quote', bx, bq, { fidelity: 'paraphrased' }), link(BOB, 'm1', 'attributed-to', bq, bs)]),
    ]
    expect(kindsOf(layers, [SWORN_IN, SEMAFOR])).toEqual([
      [`${SWORN_IN}:0-10`, [], true],
      [`${SWORN_IN}:20-25`, [], true],
      [`${SEMAFOR}:50-60`, [], true],
    ])
  })

  it('missing: only some annotators marked anything there, and nothing else is said of it', () => {
    const layers = [layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim')]), layer(BOB, [])]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-10`, ['missing'], false]])
  })

  it('extra: one annotator marked more there than another', () => {
    const layers = [
      layer(ANA, [annotation(ANA, 'a1', 0, 20, 'claim'), annotation(ANA, 'a2', 5, 10, 'speaker')]),
      layer(BOB, [annotation(BOB, 'b1', 0, 20, 'claim')]),
    ]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-20`, ['extra', 'label'], false]])
  })

  it('extra and boundaries: a second claim of the same label where the other annotator has one', () => {
    const layers = [layer(ANA, [annotation(ANA, 'a1', 0, 20, 'claim'), annotation(ANA, 'a2', 5, 10, 'claim')]), layer(BOB, [annotation(BOB, 'b1', 0, 20, 'claim')])]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-20`, ['extra', 'boundaries'], false]])
  })

  it('boundaries: the same label over different spans', () => {
    const layers = [layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim')]), layer(BOB, [annotation(BOB, 'b1', 0, 12, 'claim')])]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-12`, ['boundaries'], false]])
  })

  it('label: the same span under different labels', () => {
    const layers = [layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim')]), layer(BOB, [annotation(BOB, 'b1', 0, 10, 'quote')])]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-10`, ['label'], false]])
  })

  it('label: different labels over different spans are not also "boundaries"', () => {
    const layers = [layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim')]), layer(BOB, [annotation(BOB, 'b1', 5, 15, 'quote')])]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-15`, ['label'], false]])
  })

  it('attribute: the same span and label with a different value', () => {
    const layers = [
      layer(ANA, [annotation(ANA, 'a1', 0, 10, 'translation-error', { category: 'accuracy/named entity', severity: 'major' })]),
      layer(BOB, [annotation(BOB, 'b1', 0, 10, 'translation-error', { severity: 'minor', category: 'accuracy/named entity' })]),
    ]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-10`, ['attribute'], false]])
  })

  it('attribute: a value one annotator set and the other left out', () => {
    const layers = [
      layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim', { verdict: 'refuted' })]),
      layer(BOB, [annotation(BOB, 'b1', 0, 10, 'claim', { verdict: 'refuted', type: ['numerical', 'causal'] })]),
    ]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-10`, ['attribute'], false]])
  })

  it('attribute differences are not reported when the spans differ too (boundaries say it)', () => {
    const layers = [layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim', { verdict: 'refuted' })]), layer(BOB, [annotation(BOB, 'b1', 0, 12, 'claim', { verdict: 'supported' })])]
    expect(kindsOf(layers)).toEqual([[`${SWORN_IN}:0-12`, ['boundaries'], false]])
  })

  describe('link: the same annotations, linked differently', () => {
    const aq = annotation(ANA, 'aq', 0, 10, 'quote')
    const as1 = annotation(ANA, 'as1', 20, 25, 'speaker')
    const as2 = annotation(ANA, 'as2', 30, 35, 'speaker')
    const bq = annotation(BOB, 'bq', 0, 10, 'quote')
    const bs1 = annotation(BOB, 'bs1', 20, 25, 'speaker')
    const bs2 = annotation(BOB, 'bs2', 30, 35, 'speaker')
    const q = `${SWORN_IN}:0-10`
    const s1 = `${SWORN_IN}:20-25`
    const s2 = `${SWORN_IN}:30-35`
    const withLinks = (ana: Link[], bob: Link[]) => kindsOf([layer(ANA, [aq, as1, as2], ana), layer(BOB, [bq, bs1, bs2], bob)])

    it('by type', () => {
      expect(withLinks([link(ANA, 'l1', 'attributed-to', as1, as2)], [link(BOB, 'm1', 'same-entity', bs1, bs2)])).toEqual([
        [q, [], true],
        [s1, ['link'], false],
        [s2, ['link'], false],
      ])
    })

    it('by direction', () => {
      expect(withLinks([link(ANA, 'l1', 'same-entity', as1, as2)], [link(BOB, 'm1', 'same-entity', bs2, bs1)])).toEqual([
        [q, [], true],
        [s1, ['link'], false],
        [s2, ['link'], false],
      ])
    })

    it('by the cluster at the other end', () => {
      expect(withLinks([link(ANA, 'l1', 'attributed-to', aq, as1)], [link(BOB, 'm1', 'attributed-to', bq, bs2)])).toEqual([
        [q, ['link'], false],
        [s1, ['link'], false],
        [s2, ['link'], false],
      ])
    })

    it('by the link’s attributes', () => {
      expect(withLinks([link(ANA, 'l1', 'same-entity', as1, as2, { note: 'a' })], [link(BOB, 'm1', 'same-entity', bs1, bs2, { note: 'b' })])).toEqual([
        [q, [], true],
        [s1, ['link'], false],
        [s2, ['link'], false],
      ])
    })

    it('but not by the order the link attributes were set in', () => {
      expect(withLinks([link(ANA, 'l1', 'same-entity', as1, as2, { a: 'x', b: 'y' })], [link(BOB, 'm1', 'same-entity', bs1, bs2, { b: 'y', a: 'x' })])).toEqual([
        [q, [], true],
        [s1, [], true],
        [s2, [], true],
      ])
    })

    it('a link one annotator drew and the other did not', () => {
      expect(withLinks([link(ANA, 'l1', 'attributed-to', aq, as1)], [])).toEqual([
        [q, ['link'], false],
        [s1, ['link'], false],
        [s2, [], true],
      ])
    })

    it('is not said where the annotations themselves differ', () => {
      const layers = [layer(ANA, [aq, as1], [link(ANA, 'l1', 'attributed-to', aq, as1)]), layer(BOB, [annotation(BOB, 'bq', 0, 10, 'claim'), bs1], [])]
      expect(kindsOf(layers)).toEqual([
        [q, ['label'], false],
        [s1, ['link'], false],
      ])
    })

    it('across articles: the same peer cluster agrees, another one differs', () => {
      const ax1 = annotation(ANA, 'ax1', 50, 60, 'quote', {}, SEMAFOR)
      const ax2 = annotation(ANA, 'ax2', 70, 80, 'quote', {}, SEMAFOR)
      const bx1 = annotation(BOB, 'bx1', 50, 60, 'quote', {}, SEMAFOR)
      const bx2 = annotation(BOB, 'bx2', 70, 80, 'quote', {}, SEMAFOR)
      const make = (bobPeer: Annotation) => [
        layer(ANA, [aq, ax1, ax2], [link(ANA, 'l1', 'same-quote', aq, ax1)]),
        layer(BOB, [bq, bx1, bx2], [link(BOB, 'm1', 'same-quote', bq, bobPeer)]),
      ]
      expect(kindsOf(make(bx1), [SWORN_IN, SEMAFOR])).toEqual([
        [q, [], true],
        [`${SEMAFOR}:50-60`, [], true],
        [`${SEMAFOR}:70-80`, [], true],
      ])
      expect(kindsOf(make(bx2), [SWORN_IN, SEMAFOR])).toEqual([
        [q, ['link'], false],
        [`${SEMAFOR}:50-60`, ['link'], false],
        [`${SEMAFOR}:70-80`, ['link'], false],
      ])
    })

    it('a link into an article not under review counts by its type and direction only', () => {
      const ax1 = annotation(ANA, 'ax1', 50, 60, 'quote', {}, SEMAFOR)
      const bx2 = annotation(BOB, 'bx2', 70, 80, 'quote', {}, SEMAFOR)
      const layers = [layer(ANA, [aq, ax1], [link(ANA, 'l1', 'same-quote', aq, ax1)]), layer(BOB, [bq, bx2], [link(BOB, 'm1', 'same-quote', bq, bx2)])]
      expect(kindsOf(layers, [SWORN_IN])).toEqual([[q, [], true]])
    })
  })

  describe('three annotators', () => {
    const three = (cem: Annotation[]) =>
      kindsOf([layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim', { verdict: 'refuted' })]), layer(BOB, [annotation(BOB, 'b1', 0, 10, 'claim', { verdict: 'refuted' })]), layer(CEM, cem)])

    it('all three the same: agreed', () => {
      expect(three([annotation(CEM, 'c1', 0, 10, 'claim', { verdict: 'refuted' })])).toEqual([[`${SWORN_IN}:0-10`, [], true]])
    })

    it('two agree and the third has nothing: missing only', () => {
      expect(three([])).toEqual([[`${SWORN_IN}:0-10`, ['missing'], false]])
    })

    it('two agree and the third chose another value: attribute', () => {
      expect(three([annotation(CEM, 'c1', 0, 10, 'claim', { verdict: 'supported' })])).toEqual([[`${SWORN_IN}:0-10`, ['attribute'], false]])
    })

    it('the third marked a longer span under another label: label and boundaries are both said', () => {
      expect(three([annotation(CEM, 'c1', 0, 10, 'claim', { verdict: 'refuted' }), annotation(CEM, 'c2', 2, 14, 'quote')])).toEqual([
        [`${SWORN_IN}:0-14`, ['extra', 'label'], false],
      ])
      expect(three([annotation(CEM, 'c1', 0, 14, 'claim', { verdict: 'refuted' })])).toEqual([[`${SWORN_IN}:0-14`, ['boundaries'], false]])
    })

    it('gives every one of the three a version', () => {
      const [item] = findDisagreements(
        [layer(ANA, [annotation(ANA, 'a1', 0, 10, 'claim')]), layer(BOB, []), layer(CEM, [annotation(CEM, 'c1', 5, 12, 'claim')])],
        [SWORN_IN],
      )
      expect(Object.keys(item!.versions)).toEqual([ANA, BOB, CEM])
      expect(item!.versions[BOB]).toEqual([])
      expect(item!.kinds).toEqual(['missing', 'boundaries'])
    })
  })
})

describe('adjudicate', () => {
  // two annotators on one quote: Ana says direct, Bob indirect; both agree on the speaker and link the quote to it
  const aq = annotation(ANA, 'aq', 0, 10, 'quote', { kind: 'direct' })
  const as = annotation(ANA, 'as', 20, 25, 'speaker', { kind: 'person' })
  const bq = annotation(BOB, 'bq', 0, 10, 'quote', { kind: 'indirect' })
  const bs = annotation(BOB, 'bs', 20, 25, 'speaker', { kind: 'person' })
  const anaLink = link(ANA, 'al', 'attributed-to', aq, as)
  const bobLink = link(BOB, 'bl', 'attributed-to', bq, bs)
  const layers = [layer(ANA, [aq, as], [anaLink]), layer(BOB, [bq, bs], [bobLink])]
  const items = findDisagreements(layers, [SWORN_IN])
  const quote = cluster(items, `${SWORN_IN}:0-10`)
  const speaker = cluster(items, `${SWORN_IN}:20-25`)

  it('the fixture: the quote differs by an attribute, the speaker is agreed', () => {
    expect(quote.kinds).toEqual(['attribute'])
    expect(speaker.agreed).toBe(true)
  })

  it('take: copies the annotator’s version into gold under a new id, and records the decision', () => {
    const edits = adjudicate(quote, { kind: 'take', annotator: BOB }, contextOf(layers))
    expect(edits).toEqual([
      { op: 'put-annotation', annotation: goldCopy(bq, 'g1', { decision: 'took', agreed: [BOB], sources: [`${BOB}/bq`] }) },
      { op: 'put-decision', decision: decisionOf(quote, { decision: 'took', from: [BOB], goldIds: ['g1'] }) },
    ])
    const gold = applyAndUndo(emptyLayerState(), edits)
    expect(Object.values(gold.annotations)).toEqual([goldCopy(bq, 'g1', { decision: 'took', agreed: [BOB], sources: [`${BOB}/bq`] })])
    expect(gold.decisions).toEqual({ [quote.key]: decisionOf(quote, { decision: 'took', from: [BOB], goldIds: ['g1'] }) })
    expect(gold.links).toEqual({})
  })

  it('take: the copy keeps the source’s span, quote, label, attributes and note, and is signed gold', () => {
    const [put] = adjudicate(quote, { kind: 'take', annotator: ANA }, contextOf(layers))
    if (put?.op !== 'put-annotation') expect.fail('expected a put-annotation first')
    const { id, annotator, created, modified, adjudication, ...rest } = put.annotation
    expect({ id, annotator, created, modified }).toEqual({ id: 'g1', annotator: GOLD, created: AT, modified: AT })
    const { id: _id, annotator: _a, created: _c, modified: _m, ...source } = aq
    expect(rest).toEqual(source)
    expect(adjudication).toEqual({ decision: 'took', agreed: [ANA], adjudicator: ADJUDICATOR, at: AT, rationale: 'per the guideline', sources: [`${ANA}/aq`] })
  })

  it('take of an agreed version: every annotator with the same version agreed, and each is a source', () => {
    const edits = adjudicate(speaker, { kind: 'take', annotator: BOB }, contextOf(layers))
    expect(edits).toEqual([
      { op: 'put-annotation', annotation: goldCopy(bs, 'g1', { decision: 'took', agreed: [ANA, BOB], sources: [`${ANA}/as`, `${BOB}/bs`] }) },
      { op: 'put-decision', decision: decisionOf(speaker, { decision: 'took', from: [BOB], goldIds: ['g1'] }) },
    ])
  })

  it('take of an annotator who marked nothing there: no annotation, but the decision', () => {
    const lone = findDisagreements([layer(ANA, [aq]), layer(BOB, [])], [SWORN_IN])[0]!
    expect(adjudicate(lone, { kind: 'take', annotator: BOB }, contextOf(layers))).toEqual([
      { op: 'put-decision', decision: decisionOf(lone, { decision: 'took', from: [BOB], goldIds: [] }) },
    ])
  })

  it('edit: like take, recorded as edited', () => {
    const edits = adjudicate(quote, { kind: 'edit', annotator: ANA }, contextOf(layers))
    expect(edits).toEqual([
      { op: 'put-annotation', annotation: goldCopy(aq, 'g1', { decision: 'edited', agreed: [ANA], sources: [`${ANA}/aq`] }) },
      { op: 'put-decision', decision: decisionOf(quote, { decision: 'edited', from: [ANA], goldIds: ['g1'] }) },
    ])
  })

  it('merge: every distinct version once, identical ones deduplicated with all their annotators as agreed and sources', () => {
    const a1 = annotation(ANA, 'a1', 0, 10, 'claim', { verdict: 'refuted', type: ['numerical'] })
    const b1 = annotation(BOB, 'b1', 0, 10, 'claim', { type: ['numerical'], verdict: 'refuted' })
    const c1 = annotation(CEM, 'c1', 0, 10, 'claim', { verdict: 'supported' })
    const c2 = annotation(CEM, 'c2', 4, 14, 'quote')
    const three = [layer(ANA, [a1]), layer(BOB, [b1]), layer(CEM, [c1, c2]), layer('Eve', [])]
    const [item] = findDisagreements(three, [SWORN_IN])
    const edits = adjudicate(item!, { kind: 'merge' }, contextOf(three))
    expect(edits).toEqual([
      { op: 'put-annotation', annotation: goldCopy(a1, 'g1', { decision: 'merged', agreed: [ANA, BOB], sources: [`${ANA}/a1`, `${BOB}/b1`] }) },
      { op: 'put-annotation', annotation: goldCopy(c1, 'g2', { decision: 'merged', agreed: [CEM], sources: [`${CEM}/c1`] }) },
      { op: 'put-annotation', annotation: goldCopy(c2, 'g3', { decision: 'merged', agreed: [CEM], sources: [`${CEM}/c2`] }) },
      { op: 'put-decision', decision: decisionOf(item!, { decision: 'merged', from: [ANA, BOB, CEM], goldIds: ['g1', 'g2', 'g3'] }) },
    ])
    const gold = applyAndUndo(emptyLayerState(), edits)
    expect(Object.keys(gold.annotations).sort()).toEqual(['g1', 'g2', 'g3'])
  })

  it('merge of identical versions writes one annotation', () => {
    const edits = adjudicate(speaker, { kind: 'merge' }, contextOf(layers))
    expect(edits.filter((e) => e.op === 'put-annotation')).toHaveLength(1)
    expect(edits.at(-1)).toEqual({ op: 'put-decision', decision: decisionOf(speaker, { decision: 'merged', from: [ANA, BOB], goldIds: ['g1'] }) })
  })

  it('reject: no annotation, only the decision', () => {
    const edits = adjudicate(quote, { kind: 'reject' }, contextOf(layers))
    expect(edits).toEqual([{ op: 'put-decision', decision: decisionOf(quote, { decision: 'rejected', from: [], goldIds: [] }) }])
    const gold = applyAndUndo(emptyLayerState(), edits)
    expect(gold.annotations).toEqual({})
    expect(Object.keys(gold.decisions)).toEqual([quote.key])
  })

  it('accept: an agreed cluster goes into gold once, agreed by all', () => {
    const edits = adjudicate(speaker, { kind: 'accept' }, contextOf(layers))
    expect(edits).toEqual([
      { op: 'put-annotation', annotation: goldCopy(as, 'g1', { decision: 'accepted', agreed: [ANA, BOB], sources: [`${ANA}/as`, `${BOB}/bs`] }) },
      { op: 'put-decision', decision: decisionOf(speaker, { decision: 'accepted', from: [ANA, BOB], goldIds: ['g1'] }) },
    ])
  })

  it('takes the adjudicator, time, rationale and ids from the context', () => {
    const edits = adjudicate(speaker, { kind: 'accept' }, contextOf(layers, emptyLayerState(), { adjudicator: CEM, at: EARLIER, rationale: '', newId: ids('new-') }))
    expect(edits[0]).toMatchObject({ annotation: { id: 'new-1', created: EARLIER, modified: EARLIER, adjudication: { adjudicator: CEM, at: EARLIER, rationale: '' } } })
    expect(edits[1]).toMatchObject({ decision: { goldIds: ['new-1'], adjudicator: CEM, at: EARLIER, rationale: '' } })
  })

  it('every edit it makes is a valid Edit of the contract', async () => {
    const { Edit: EditSchema } = await import('../annotations')
    for (const choice of [{ kind: 'take', annotator: ANA }, { kind: 'edit', annotator: BOB }, { kind: 'merge' }, { kind: 'reject' }, { kind: 'accept' }] as Choice[]) {
      for (const edit of adjudicate(quote, choice, contextOf(layers))) expect(EditSchema.safeParse(edit).success, JSON.stringify(edit)).toBe(true)
    }
  })

  describe('settling again', () => {
    it('deletes the gold annotations of the earlier decision first, then writes the new ones', () => {
      let gold = applyAndUndo(emptyLayerState(), adjudicate(quote, { kind: 'take', annotator: ANA }, contextOf(layers, emptyLayerState(), { at: EARLIER })))
      expect(Object.keys(gold.annotations)).toEqual(['g1'])
      const edits = adjudicate(quote, { kind: 'take', annotator: BOB }, contextOf(layers, gold, { newId: ids('h') }))
      expect(edits).toEqual([
        { op: 'delete-annotation', articleId: SWORN_IN, id: 'g1' },
        { op: 'put-annotation', annotation: goldCopy(bq, 'h1', { decision: 'took', agreed: [BOB], sources: [`${BOB}/bq`] }) },
        { op: 'put-decision', decision: decisionOf(quote, { decision: 'took', from: [BOB], goldIds: ['h1'] }) },
      ])
      gold = applyAndUndo(gold, edits)
      expect(Object.keys(gold.annotations)).toEqual(['h1'])
      expect(gold.decisions[quote.key]).toEqual(decisionOf(quote, { decision: 'took', from: [BOB], goldIds: ['h1'] }))
    })

    it('rejecting after a take leaves no gold annotation, and undo brings the take back', () => {
      const taken = applyToLayer(emptyLayerState(), adjudicate(quote, { kind: 'take', annotator: ANA }, contextOf(layers)))
      const edits = adjudicate(quote, { kind: 'reject' }, contextOf(layers, taken))
      expect(edits.map((e) => e.op)).toEqual(['delete-annotation', 'put-decision'])
      const rejected = applyAndUndo(taken, edits)
      expect(rejected.annotations).toEqual({})
      expect(rejected.decisions[quote.key]!.decision).toBe('rejected')
    })

    it('does not delete earlier gold annotations that are gone already', () => {
      const taken = applyToLayer(emptyLayerState(), adjudicate(quote, { kind: 'take', annotator: ANA }, contextOf(layers)))
      const removed = applyToLayer(taken, [{ op: 'delete-annotation', articleId: SWORN_IN, id: 'g1' }])
      expect(adjudicate(quote, { kind: 'reject' }, contextOf(layers, removed)).map((e) => e.op)).toEqual(['put-decision'])
    })

    it('leaves the gold annotations of other decisions alone', () => {
      let gold = applyToLayer(emptyLayerState(), adjudicate(speaker, { kind: 'accept' }, contextOf(layers, emptyLayerState(), { newId: ids('s') })))
      gold = applyToLayer(gold, adjudicate(quote, { kind: 'take', annotator: ANA }, contextOf(layers, gold, { newId: ids('q') })))
      const edits = adjudicate(quote, { kind: 'reject' }, contextOf(layers, gold))
      expect(edits.filter((e) => e.op === 'delete-annotation')).toEqual([{ op: 'delete-annotation', articleId: SWORN_IN, id: 'q1' }])
      const after = applyAndUndo(gold, edits)
      expect(Object.keys(after.annotations)).toEqual(['s1'])
      // the link from the rejected quote to the speaker went with it
      expect(after.links).toEqual({})
    })
  })

  describe('links', () => {
    it('copies a link whose other end an earlier decision put into gold, between the gold copies, once', () => {
      let gold = applyToLayer(emptyLayerState(), adjudicate(speaker, { kind: 'accept' }, contextOf(layers, emptyLayerState(), { newId: ids('s') })))
      expect(gold.links).toEqual({})
      // Ana and Bob drew the same link, from their quote to the speaker they agree on
      const edits = adjudicate(quote, { kind: 'take', annotator: BOB }, contextOf(layers, gold, { newId: ids('q') }))
      expect(edits).toEqual([
        { op: 'put-annotation', annotation: goldCopy(bq, 'q1', { decision: 'took', agreed: [BOB], sources: [`${BOB}/bq`] }) },
        {
          op: 'put-link',
          link: { ...bobLink, id: 'q2', from: { articleId: SWORN_IN, annotationId: 'q1' }, to: { articleId: SWORN_IN, annotationId: 's1' }, annotator: GOLD, created: AT, modified: AT },
        },
        { op: 'put-decision', decision: decisionOf(quote, { decision: 'took', from: [BOB], goldIds: ['q1'] }) },
      ])
      gold = applyAndUndo(gold, edits)
      expect(Object.values(gold.links).map((l) => [l.type, l.from.annotationId, l.to.annotationId, l.annotator])).toEqual([['attributed-to', 'q1', 's1', GOLD]])
    })

    it('copies a link when its second end comes in, in either order of deciding', () => {
      let gold = applyToLayer(emptyLayerState(), adjudicate(quote, { kind: 'take', annotator: ANA }, contextOf(layers, emptyLayerState(), { newId: ids('q') })))
      expect(gold.links).toEqual({})
      const edits = adjudicate(speaker, { kind: 'accept' }, contextOf(layers, gold, { newId: ids('s') }))
      const links = edits.filter((e): e is Extract<Edit, { op: 'put-link' }> => e.op === 'put-link').map((e) => e.link)
      expect(links).toHaveLength(1)
      expect(links[0]).toMatchObject({ type: 'attributed-to', from: { annotationId: 'q1' }, to: { annotationId: 's1' }, annotator: GOLD })
      gold = applyAndUndo(gold, edits)
      expect(Object.keys(gold.links)).toHaveLength(1)
    })

    it('does not copy a link whose other end is not in gold', () => {
      expect(adjudicate(quote, { kind: 'take', annotator: ANA }, contextOf(layers)).some((e) => e.op === 'put-link')).toBe(false)
    })

    it('does not copy a link that gold already has between the same two', () => {
      let gold = applyToLayer(emptyLayerState(), adjudicate(speaker, { kind: 'accept' }, contextOf(layers, emptyLayerState(), { newId: ids('s') })))
      gold = applyToLayer(gold, adjudicate(quote, { kind: 'take', annotator: ANA }, contextOf(layers, gold, { newId: ids('q') })))
      expect(Object.keys(gold.links)).toHaveLength(1)
      // settling the speaker again is a new gold copy: the link is copied to it once more, once
      const again = adjudicate(speaker, { kind: 'accept' }, contextOf(layers, gold, { newId: ids('t') }))
      expect(again.filter((e) => e.op === 'put-link')).toHaveLength(1)
      const after = applyAndUndo(gold, again)
      expect(Object.values(after.links).map((l) => [l.from.annotationId, l.to.annotationId])).toEqual([['q1', 't1']])
    })

    it('copies links within one cluster when both ends are settled together, with their attributes, across articles too', () => {
      const aQuote = annotation(ANA, 'q', 0, 30, 'quote')
      const aSpeaker = annotation(ANA, 's', 5, 10, 'speaker')
      const aOther = annotation(ANA, 'x', 40, 50, 'quote', {}, SEMAFOR)
      const anaLayer = layer(ANA, [aQuote, aSpeaker, aOther], [link(ANA, 'l1', 'attributed-to', aQuote, aSpeaker), link(ANA, 'l2', 'same-quote', aOther, aQuote, { fidelity: 'altered' })])
      const both = [anaLayer, layer(BOB, [])]
      const found = findDisagreements(both, [SWORN_IN, SEMAFOR])
      let gold = applyToLayer(emptyLayerState(), adjudicate(cluster(found, `${SEMAFOR}:40-50`), { kind: 'take', annotator: ANA }, contextOf(both, emptyLayerState(), { newId: ids('x') })))
      const edits = adjudicate(cluster(found, `${SWORN_IN}:0-30`), { kind: 'take', annotator: ANA }, contextOf(both, gold))
      expect(edits.filter((e) => e.op === 'put-link')).toEqual([
        { op: 'put-link', link: { ...anaLayer.links[0]!, id: 'g3', from: { articleId: SWORN_IN, annotationId: 'g1' }, to: { articleId: SWORN_IN, annotationId: 'g2' }, annotator: GOLD, created: AT, modified: AT } },
        { op: 'put-link', link: { ...anaLayer.links[1]!, id: 'g4', from: { articleId: SEMAFOR, annotationId: 'x1' }, to: { articleId: SWORN_IN, annotationId: 'g1' }, annotator: GOLD, created: AT, modified: AT } },
      ])
      gold = applyAndUndo(gold, edits)
      expect(Object.keys(gold.links).sort()).toEqual(['g3', 'g4'])
    })

    it('take: copies the links of the version taken, not those of another annotator with the same annotation', () => {
      // Ana and Bob mark the same quote and the same two speakers, but attribute the quote to different ones
      const q1 = annotation(ANA, 'aq', 0, 10, 'quote')
      const s1 = annotation(ANA, 'as1', 20, 25, 'speaker')
      const s2 = annotation(ANA, 'as2', 30, 35, 'speaker')
      const r1 = annotation(BOB, 'bq', 0, 10, 'quote')
      const t1 = annotation(BOB, 'bs1', 20, 25, 'speaker')
      const t2 = annotation(BOB, 'bs2', 30, 35, 'speaker')
      const two = [layer(ANA, [q1, s1, s2], [link(ANA, 'al', 'attributed-to', q1, s1)]), layer(BOB, [r1, t1, t2], [link(BOB, 'bl', 'attributed-to', r1, t2)])]
      const found = findDisagreements(two, [SWORN_IN])
      expect(cluster(found, `${SWORN_IN}:0-10`).kinds).toEqual(['link'])
      let gold = emptyLayerState()
      gold = applyToLayer(gold, adjudicate(cluster(found, `${SWORN_IN}:20-25`), { kind: 'take', annotator: ANA }, contextOf(two, gold, { newId: ids('s') })))
      gold = applyToLayer(gold, adjudicate(cluster(found, `${SWORN_IN}:30-35`), { kind: 'take', annotator: ANA }, contextOf(two, gold, { newId: ids('t') })))
      const edits = adjudicate(cluster(found, `${SWORN_IN}:0-10`), { kind: 'take', annotator: BOB }, contextOf(two, gold, { newId: ids('q') }))
      const links = edits.filter((e): e is Extract<Edit, { op: 'put-link' }> => e.op === 'put-link').map((e) => [e.link.from.annotationId, e.link.to.annotationId])
      // Bob's choice: the quote is attributed to the second speaker (gold t1), not the first (gold s1)
      expect(links).toEqual([['q1', 't1']])
    })

    it('merge: copies the links of every annotator whose version went in, once each', () => {
      const q1 = annotation(ANA, 'aq', 0, 10, 'quote')
      const s1 = annotation(ANA, 'as1', 20, 25, 'speaker')
      const s2 = annotation(ANA, 'as2', 30, 35, 'speaker')
      const r1 = annotation(BOB, 'bq', 0, 10, 'quote')
      const t1 = annotation(BOB, 'bs1', 20, 25, 'speaker')
      const t2 = annotation(BOB, 'bs2', 30, 35, 'speaker')
      const two = [
        layer(ANA, [q1, s1, s2], [link(ANA, 'al', 'attributed-to', q1, s1)]),
        layer(BOB, [r1, t1, t2], [link(BOB, 'bl', 'attributed-to', r1, t2), link(BOB, 'bm', 'attributed-to', r1, t1)]),
      ]
      const found = findDisagreements(two, [SWORN_IN])
      let gold = emptyLayerState()
      gold = applyToLayer(gold, adjudicate(cluster(found, `${SWORN_IN}:20-25`), { kind: 'accept' }, contextOf(two, gold, { newId: ids('s') })))
      gold = applyToLayer(gold, adjudicate(cluster(found, `${SWORN_IN}:30-35`), { kind: 'accept' }, contextOf(two, gold, { newId: ids('t') })))
      const edits = adjudicate(cluster(found, `${SWORN_IN}:0-10`), { kind: 'merge' }, contextOf(two, gold, { newId: ids('q') }))
      const links = edits.filter((e): e is Extract<Edit, { op: 'put-link' }> => e.op === 'put-link').map((e) => [e.link.from.annotationId, e.link.to.annotationId])
      expect(links.sort()).toEqual([
        ['q1', 's1'],
        ['q1', 't1'],
      ])
      gold = applyAndUndo(gold, edits)
      expect(Object.keys(gold.links)).toHaveLength(2)
    })

    it('settling a cluster again never links to the gold annotations it deletes', () => {
      // one cluster holds a quote and the speaker inside it, linked; Ana took it, then Bob, who has the quote only
      const aQuote = annotation(ANA, 'q', 0, 30, 'quote')
      const aSpeaker = annotation(ANA, 's', 5, 10, 'speaker')
      const bQuote = annotation(BOB, 'r', 0, 30, 'quote')
      const two = [layer(ANA, [aQuote, aSpeaker], [link(ANA, 'l1', 'attributed-to', aQuote, aSpeaker)]), layer(BOB, [bQuote])]
      const [item] = findDisagreements(two, [SWORN_IN])
      const taken = applyToLayer(emptyLayerState(), adjudicate(item!, { kind: 'take', annotator: ANA }, contextOf(two)))
      expect(Object.keys(taken.links)).toHaveLength(1)
      const edits = adjudicate(item!, { kind: 'take', annotator: BOB }, contextOf(two, taken, { newId: ids('h') }))
      const after = applyAndUndo(taken, edits)
      for (const l of Object.values(after.links)) {
        expect(after.annotations[l.from.annotationId], `link ${l.id} from a deleted annotation`).toBeDefined()
        expect(after.annotations[l.to.annotationId], `link ${l.id} to a deleted annotation`).toBeDefined()
      }
      expect(Object.keys(after.annotations)).toEqual(['h1'])
      expect(after.links).toEqual({})
    })

    it('accepting the first version after a take neither links to the deleted gold copies', () => {
      const aQuote = annotation(ANA, 'q', 0, 30, 'quote')
      const aSpeaker = annotation(ANA, 's', 5, 10, 'speaker')
      const bQuote = annotation(BOB, 'r', 0, 30, 'quote')
      // Bob's layer first: his version (the quote alone) is the one accepted; Ana's links are read too
      const two = [layer(BOB, [bQuote]), layer(ANA, [aQuote, aSpeaker], [link(ANA, 'l1', 'attributed-to', aQuote, aSpeaker)])]
      const [item] = findDisagreements(two, [SWORN_IN])
      const taken = applyToLayer(emptyLayerState(), adjudicate(item!, { kind: 'take', annotator: ANA }, contextOf(two)))
      expect(Object.keys(taken.annotations).sort()).toEqual(['g1', 'g2'])
      const edits = adjudicate(item!, { kind: 'accept' }, contextOf(two, taken, { newId: ids('h') }))
      expect(edits.map((e) => e.op)).toEqual(['delete-annotation', 'delete-annotation', 'put-annotation', 'put-decision'])
      const after = applyAndUndo(taken, edits)
      expect(Object.keys(after.annotations)).toEqual(['h1'])
      expect(after.links).toEqual({})
    })
  })

  it('several decisions in one action: gold after each is the context of the next, and undo restores the start', () => {
    const start = applyToLayer(emptyLayerState(), [{ op: 'put-decision', decision: decisionOf(quote, { decision: 'rejected', from: [], goldIds: [] }) }])
    let gold = start
    const all: Edit[] = []
    const newId = ids()
    for (const [item, choice] of [
      [quote, { kind: 'take', annotator: ANA }],
      [speaker, { kind: 'accept' }],
    ] as const) {
      const edits = adjudicate(item, choice, contextOf(layers, gold, { newId }))
      all.push(...edits)
      gold = applyToLayer(gold, edits)
    }
    expect(applyToLayer(start, all)).toEqual(gold)
    expect(Object.keys(gold.decisions).sort()).toEqual([quote.key, speaker.key].sort())
    expect(Object.keys(gold.links)).toHaveLength(1)
    expect(applyToLayer(gold, inverseOf(start, all))).toEqual(start)
  })
})
