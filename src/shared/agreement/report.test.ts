import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import bundledTagsetJson from '../../../corpus/tagset.json'
import { type Annotation, type Link } from '../annotations'
import { type AttributeDef, Tagset } from '../tagset'
import { agreementReport, type AgreementInput, type AnnotationInput, type LinkInput, type TagsetInput } from './report'

const SEVERITY: AttributeDef = { id: 'severity', name: 'Severity', help: '', type: 'one-of', values: ['minor', 'major'], needsNote: [] }
const TAGSET: TagsetInput = {
  labels: [
    { id: 'claim', attributes: [] },
    { id: 'quote', attributes: [] },
    { id: 'speaker', attributes: [] },
    { id: 'translation-error', attributes: [SEVERITY] },
  ],
  linkTypes: [
    { id: 'attributed-to', symmetric: false },
    { id: 'same-quote', symmetric: true },
  ],
}

let ids = 0
function annotation(annotator: string, label: string, start: number, end: number, articleId = 'a', attributes: AnnotationInput['attributes'] = {}): AnnotationInput {
  return { id: `n${++ids}`, articleId, start, end, label, attributes, annotator }
}

describe('the report of two annotators, by hand', () => {
  // Article "a", 20 characters. Ana: claim [0,5), quote [10,15). Ben: claim [0,5), quote [12,15).
  const annotations = [annotation('Ana', 'claim', 0, 5), annotation('Ana', 'quote', 10, 15), annotation('Ben', 'claim', 0, 5), annotation('Ben', 'quote', 12, 15)]
  const report = agreementReport({ annotators: ['Ana', 'Ben'], annotations, tagset: TAGSET, articleLengths: { a: 20 } })

  it('span F1: exact .5, overlap 1', () => {
    // Exact: the claims (1 of 2 + 2): 2·1/4 = .5. Overlap: both pairs: 2·2/4 = 1.
    expect(report.kappaCoefficient).toBe('cohen')
    expect(report.overall.f1Exact).toBeCloseTo(0.5, 12)
    expect(report.overall.f1Overlap).toBe(1)
    expect(report.overall.spans).toEqual({ Ana: 2, Ben: 2 })
    expect(report.overall.exactMatches).toBe(1)
    expect(report.overall.overlapMatches).toBe(2)
  })

  it('κ over characters: .8333', () => {
    // 0–4 claim/claim, 5–9 none/none, 10–11 quote/none, 12–14 quote/quote, 15–19 none/none.
    // A_o = 18/20 = .9. Ana: claim 5, quote 5, none 10; Ben: claim 5, quote 3, none 12.
    // A_e = (5·5 + 5·3 + 10·12)/400 = .4; κ = .5/.6 = .8333.
    expect(report.overall.characters).toBe(20)
    expect(report.overall.kappa).toBeCloseTo(0.5 / 0.6, 12)
  })

  it('α_u: claim 1, quote .7764, overall .9200', () => {
    // claim: identical, D_o = 0. D_e: units 5, 5; gaps 15, 15; denominator 2·20·39 − 2·20 = 1520;
    //   per unit (2·125 − 75 + 5)/3 = 60, + 25·(11 + 11) = 550 → 610; D_e = (2/20)·1220/1520.
    // quote: [10,15) against [12,15): D_o = 2·(2² + 0²)/(2·20²) = .01.
    //   D_e: units 5, 3; gaps 10, 5 (Ana), 12, 5 (Ben); denominator 1560 − (20 + 6) = 1534;
    //   l = 5: 60 + 25·(6 + 1 + 8 + 1) = 460; l = 3: 10 + 9·(8 + 3 + 10 + 3) = 226;
    //   D_e = (2/20)·686/1534 = .044720; α = 1 − .01/.044720 = .7764.
    // Overall: 1 − (0 + .01)/(.080263 + .044720) = .9200.
    const claimDe = (0.1 * 1220) / 1520
    const quoteDe = (0.1 * 686) / 1534
    expect(report.byLabel.claim!.alphaU).toBe(1)
    expect(report.byLabel.quote!.alphaU).toBeCloseTo(1 - 0.01 / quoteDe, 12)
    expect(report.byLabel.quote!.alphaU).toBeCloseTo(0.7764, 4)
    expect(report.overall.alphaU).toBeCloseTo(1 - 0.01 / (claimDe + quoteDe), 12)
    expect(report.overall.alphaU).toBeCloseTo(0.92, 3)
  })

  it('per label: F1, binary κ', () => {
    // quote: Ana 10–14, Ben 12–14. A_o = 18/20; p = .25 and .15;
    // A_e = .25·.15 + .75·.85 = .675; κ = .225/.325 = .6923.
    expect(report.byLabel.claim).toMatchObject({ f1Exact: 1, f1Overlap: 1, kappa: 1 })
    expect(report.byLabel.quote!.f1Exact).toBe(0)
    expect(report.byLabel.quote!.f1Overlap).toBe(1)
    expect(report.byLabel.quote!.kappa).toBeCloseTo(0.225 / 0.325, 12)
  })

  it('a label nobody used has no numbers', () => {
    expect(report.byLabel.speaker).toMatchObject({ f1Exact: null, f1Overlap: null, kappa: null, alphaU: null, spans: { Ana: 0, Ben: 0 } })
  })

  it('per article: the one article is the whole', () => {
    expect(report.byArticle.a).toEqual(report.overall)
  })

  it('the pair on its own', () => {
    expect(report.pairs).toHaveLength(1)
    expect(report.pairs[0]).toMatchObject({ annotators: ['Ana', 'Ben'], f1Exact: 0.5, f1Overlap: 1 })
    expect(report.pairs[0]!.kappa).toBeCloseTo(report.overall.kappa!, 12)
  })

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(report))).toEqual(report)
  })
})

describe('the label confusion matrix', () => {
  it('within labels on the diagonal, across labels off it, the rest against none', () => {
    // Ana: claim [0,5), quote [10,15), speaker [30,35). Ben: claim [1,5), claim [10,14), quote [40,45).
    // claim~claim (same label); quote [10,15) ~ claim [10,14) (across labels);
    // speaker [30,35) unmatched (row speaker, column none); quote [40,45) unmatched (row none).
    const annotations = [
      annotation('Ana', 'claim', 0, 5),
      annotation('Ana', 'quote', 10, 15),
      annotation('Ana', 'speaker', 30, 35),
      annotation('Ben', 'claim', 1, 5),
      annotation('Ben', 'claim', 10, 14),
      annotation('Ben', 'quote', 40, 45),
    ]
    const { confusion } = agreementReport({ annotators: ['Ana', 'Ben'], annotations, tagset: TAGSET, articleLengths: { a: 50 } })
    expect(confusion.labels).toEqual(['claim', 'quote', 'speaker', 'translation-error', 'none'])
    expect(confusion.matrix).toEqual([
      [1, 0, 0, 0, 0],
      [1, 0, 0, 0, 0],
      [0, 0, 0, 0, 1],
      [0, 0, 0, 0, 0],
      [0, 1, 0, 0, 0],
    ])
  })
})

describe('attributes and links in the report', () => {
  it('κ per attribute over matched spans, link F1 over matched ends', () => {
    const annotations: AnnotationInput[] = [
      { id: 'q1', articleId: 'a', start: 0, end: 10, label: 'quote', attributes: {}, annotator: 'Ana' },
      { id: 's1', articleId: 'a', start: 12, end: 16, label: 'speaker', attributes: {}, annotator: 'Ana' },
      { id: 't1', articleId: 'a', start: 20, end: 25, label: 'translation-error', attributes: { severity: 'minor' }, annotator: 'Ana' },
      { id: 't2', articleId: 'a', start: 30, end: 35, label: 'translation-error', attributes: { severity: 'major' }, annotator: 'Ana' },
      { id: 'Q1', articleId: 'a', start: 1, end: 10, label: 'quote', attributes: {}, annotator: 'Ben' },
      { id: 'S1', articleId: 'a', start: 12, end: 16, label: 'speaker', attributes: {}, annotator: 'Ben' },
      { id: 'T1', articleId: 'a', start: 20, end: 26, label: 'translation-error', attributes: { severity: 'minor' }, annotator: 'Ben' },
      { id: 'T2', articleId: 'a', start: 31, end: 35, label: 'translation-error', attributes: { severity: 'major' }, annotator: 'Ben' },
    ]
    const links: LinkInput[] = [
      { type: 'attributed-to', from: { articleId: 'a', annotationId: 'q1' }, to: { articleId: 'a', annotationId: 's1' }, annotator: 'Ana' },
      { type: 'attributed-to', from: { articleId: 'a', annotationId: 'Q1' }, to: { articleId: 'a', annotationId: 'S1' }, annotator: 'Ben' },
      { type: 'attributed-to', from: { articleId: 'a', annotationId: 'T1' }, to: { articleId: 'a', annotationId: 'S1' }, annotator: 'Ben' },
    ]
    const report = agreementReport({ annotators: ['Ana', 'Ben'], annotations, links, tagset: TAGSET, articleLengths: { a: 40 } })
    // Severity: minor/minor, major/major: A_o = 1, κ = 1.
    expect(report.attributes['translation-error.severity']).toMatchObject({ kappa: 1, n: 2, skipped: 0 })
    // Links: one match; F1 = 2·1/(1 + 2) = .667.
    expect(report.links.matches).toBe(1)
    expect(report.links.f1).toBeCloseTo(2 / 3, 12)
    expect(report.links.links).toEqual({ Ana: 1, Ben: 2 })
    expect(report.links.byType['attributed-to']!.f1).toBeCloseTo(2 / 3, 12)
    expect(report.links.byType['same-quote']!.f1).toBeNull()
  })
})

describe('the workspace\'s own data', () => {
  const tagset = Tagset.parse(bundledTagsetJson)
  const CREATED = '2026-11-22T18:00:00.000Z'
  function stored(id: string, annotator: string, label: string, start: number, end: number, attributes: Annotation['attributes']): Annotation {
    return {
      id,
      articleId: 'rutte',
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

  it('takes annotations, links and the bundled tagset as they are stored', () => {
    const annotations: Annotation[] = [
      stored('a1', 'Ana', 'translation-error', 10, 22, { category: 'accuracy/named entity', severity: 'major' }),
      stored('a2', 'Ana', 'claim', 30, 60, { verdict: 'supported', type: ['numerical'] }),
      stored('b1', 'Ben', 'translation-error', 10, 22, { category: 'accuracy/named entity', severity: 'minor' }),
      stored('b2', 'Ben', 'claim', 32, 60, { verdict: 'supported', type: ['numerical', 'causal'] }),
    ]
    const links: Link[] = []
    const report = agreementReport({ annotators: ['Ana', 'Ben'], annotations, links, tagset, articleLengths: { rutte: 100 } })
    expect(report.labels).toEqual(tagset.labels.map((label) => label.id))
    expect(report.overall.f1Overlap).toBe(1)
    // Attributes of one-of, many-of, boolean and entity type get a κ; text attributes do not.
    expect(Object.keys(report.attributes)).toContain('translation-error.severity')
    expect(Object.keys(report.attributes)).toContain('claim.type')
    expect(Object.keys(report.attributes)).toContain('speaker.entity')
    expect(Object.keys(report.attributes)).not.toContain('claim.normalized-claim')
    expect(report.attributes['translation-error.category']).toMatchObject({ n: 1, kappa: 1 })
    // One pair, minor against major: A_o = 0, A_e = 0 → κ = 0.
    expect(report.attributes['translation-error.severity']).toMatchObject({ n: 1, kappa: 0 })
    expect(report.attributes['claim.type']!.jaccard).toBeCloseTo(0.5, 12)
  })
})

describe('three annotators', () => {
  it('κ is Fleiss\', F1 the mean over the three pairs', () => {
    // Ana and Ben agree exactly, Cy marks nothing: F1 pairs 1, 0, 0 → 1/3.
    const annotations = [annotation('Ana', 'claim', 0, 5), annotation('Ben', 'claim', 0, 5)]
    const report = agreementReport({ annotators: ['Ana', 'Ben', 'Cy'], annotations, tagset: TAGSET, articleLengths: { a: 10 } })
    expect(report.kappaCoefficient).toBe('fleiss')
    expect(report.pairs).toHaveLength(3)
    expect(report.overall.f1Exact).toBeCloseTo(1 / 3, 12)
    // Characters 0–4: claim, claim, none → P_i = (2² + 1² − 3)/(3·2) = 1/3; 5–9: all none → 1.
    // P̄ = 2/3; p(claim) = 10/30, p(none) = 20/30; P̄e = 1/9 + 4/9 = 5/9; κ = (2/3 − 5/9)/(4/9) = .25.
    expect(report.overall.kappa).toBeCloseTo(0.25, 12)
  })
})

describe('input', () => {
  it('refuses fewer than two annotators, unknown article lengths, spans past the end or between characters', () => {
    const base: AgreementInput = { annotators: ['Ana', 'Ben'], annotations: [], tagset: TAGSET, articleLengths: { a: 10 } }
    expect(() => agreementReport({ ...base, annotators: ['Ana'] })).toThrow(/two annotators/)
    expect(() => agreementReport({ ...base, articleIds: ['b'] })).toThrow(/length of article "b"/)
    expect(() => agreementReport({ ...base, annotations: [annotation('Ana', 'claim', 5, 11)] })).toThrow(/does not fit/)
    expect(() => agreementReport({ ...base, annotations: [annotation('Ana', 'claim', 2.5, 4)] })).toThrow(/whole characters/)
  })

  it('leaves out other annotators and other articles', () => {
    const annotations = [annotation('Ana', 'claim', 0, 5), annotation('Ben', 'claim', 0, 5), annotation('Cy', 'claim', 0, 3), annotation('Ana', 'claim', 0, 5, 'b')]
    const report = agreementReport({ annotators: ['Ana', 'Ben'], annotations, tagset: TAGSET, articleLengths: { a: 10, b: 10 }, articleIds: ['a'] })
    expect(report.articles).toEqual(['a'])
    expect(report.overall.f1Exact).toBe(1)
  })

  it('keeps labels the tagset does not know, after its own', () => {
    const annotations = [annotation('Ana', 'rumour', 0, 5), annotation('Ben', 'rumour', 0, 5)]
    const report = agreementReport({ annotators: ['Ana', 'Ben'], annotations, tagset: TAGSET, articleLengths: { a: 10 } })
    expect(report.labels).toEqual(['claim', 'quote', 'speaker', 'translation-error', 'rumour'])
    expect(report.byLabel.rumour!.f1Exact).toBe(1)
  })
})

describe('properties', () => {
  const LABELS = ['claim', 'quote', 'speaker']
  const layer = fc.array(
    fc.record({ start: fc.integer({ min: 0, max: 45 }), length: fc.integer({ min: 1, max: 10 }), label: fc.constantFrom(...LABELS), article: fc.constantFrom('a', 'b') }),
    { minLength: 1, maxLength: 12 },
  )
  const annotationsOf = (annotator: string, list: { start: number; length: number; label: string; article: string }[], shift = 0): AnnotationInput[] =>
    list.map((s) => annotation(annotator, s.label, s.start + shift, s.start + shift + s.length, s.article))
  const lengths = { a: 200, b: 200 }
  const headline = (m: { f1Exact: number | null; f1Overlap: number | null; kappa: number | null; alphaU: number | null }) => [m.f1Exact, m.f1Overlap, m.kappa, m.alphaU]

  it('identical layers: F1 = 1, κ = 1, α_u = 1', () => {
    fc.assert(
      fc.property(layer, fc.integer({ min: 2, max: 3 }), (x, n) => {
        const names = ['Ana', 'Ben', 'Cy'].slice(0, n)
        const report = agreementReport({ annotators: names, annotations: names.flatMap((name) => annotationsOf(name, x)), tagset: TAGSET, articleLengths: lengths })
        expect(headline(report.overall)).toEqual([1, 1, 1, 1])
        for (const label of new Set(x.map((s) => s.label))) expect(headline(report.byLabel[label]!)).toEqual([1, 1, 1, 1])
      }),
    )
  })

  it('the order of the annotators does not change any metric', () => {
    const close = (x: (number | null)[], y: (number | null)[]): void => {
      x.forEach((value, i) => {
        if (value === null) expect(y[i]).toBeNull()
        else expect(y[i]).toBeCloseTo(value, 9)
      })
    }
    fc.assert(
      fc.property(layer, layer, layer, (x, y, z) => {
        const annotations = [...annotationsOf('Ana', x), ...annotationsOf('Ben', y), ...annotationsOf('Cy', z)]
        for (const names of [['Ana', 'Ben'], ['Ana', 'Ben', 'Cy']]) {
          const forward = agreementReport({ annotators: names, annotations, tagset: TAGSET, articleLengths: lengths })
          const backward = agreementReport({ annotators: [...names].reverse(), annotations, tagset: TAGSET, articleLengths: lengths })
          close(headline(forward.overall), headline(backward.overall))
          for (const label of LABELS) close(headline(forward.byLabel[label]!), headline(backward.byLabel[label]!))
          for (const article of ['a', 'b']) close(headline(forward.byArticle[article]!), headline(backward.byArticle[article]!))
        }
      }),
    )
  })

  it('disjoint layers: F1 = 0', () => {
    fc.assert(
      fc.property(layer, layer, (x, y) => {
        const annotations = [...annotationsOf('Ana', x), ...annotationsOf('Ben', y, 100)]
        const report = agreementReport({ annotators: ['Ana', 'Ben'], annotations, tagset: TAGSET, articleLengths: lengths })
        expect(report.overall.f1Exact).toBe(0)
        expect(report.overall.f1Overlap).toBe(0)
      }),
    )
  })
})

describe('scale', () => {
  it('20,000 spans per annotator in one long article: sweeps, not all pairs', () => {
    // A guard against quadratic work, not a benchmark: comparing every span with every other would
    // be 4·10⁸ comparisons per pair of annotators here; the sweeps take well under a second. (For
    // scale: 100,000 spans per annotator over 500 articles of 20,000 characters took about 2 s of CPU
    // time for two annotators, 4–5 s for three, on a loaded 2-core machine.)
    let seed = 42
    const random = (): number => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648)
    const labels = ['claim', 'quote', 'speaker', 'translation-error']
    const annotations: AnnotationInput[] = []
    for (const annotator of ['Ana', 'Ben', 'Cy']) {
      for (let k = 0; k < 20_000; k++) {
        const start = k * 25 + Math.floor(random() * 4)
        annotations.push(annotation(annotator, labels[Math.floor(random() * 4)]!, start, start + 5 + Math.floor(random() * 25), 'long', { severity: random() < 0.5 ? 'minor' : 'major' }))
      }
    }
    const started = performance.now()
    const report = agreementReport({ annotators: ['Ana', 'Ben', 'Cy'], annotations, tagset: TAGSET, articleLengths: { long: 500_100 } })
    expect(performance.now() - started).toBeLessThan(10_000)
    expect(report.overall.spans).toEqual({ Ana: 20_000, Ben: 20_000, Cy: 20_000 })
    expect(report.overall.f1Overlap).toBeGreaterThan(0)
  })
})
