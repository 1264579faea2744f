import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CharacterAgreement, coveredRuns, innermostRuns, overlay, type Run } from './characters'
import { cohenKappa, fleissKappa } from './kappa'
import { type SpanLike } from './spans'

const RANK = new Map([
  ['claim', 0],
  ['speaker', 1],
  ['quote', 2],
])

function span(label: string, start: number, end: number): SpanLike {
  return { articleId: 'a', start, end, label }
}

/** Each character's category the slow way: the shortest covering span, later start, tagset order. */
function naiveCategories(spans: readonly SpanLike[], length: number): number[] {
  return Array.from({ length }, (_, c) => {
    const covering = spans
      .filter((s) => s.start <= c && c < s.end)
      .sort((x, y) => x.end - x.start - (y.end - y.start) || y.start - x.start || RANK.get(x.label)! - RANK.get(y.label)!)
    return covering.length === 0 ? -1 : RANK.get(covering[0]!.label)!
  })
}

function expand(runs: readonly Run[], length: number): number[] {
  const out = new Array<number>(length).fill(-1)
  for (const run of runs) for (let c = run.start; c < run.end; c++) out[c] = run.category
  return out
}

describe('a character\'s category', () => {
  it('is the innermost span\'s label: a Speaker inside a Quote', () => {
    // quote [0,20) with speaker [5,10) inside: quote, speaker, quote.
    expect(innermostRuns([span('quote', 0, 20), span('speaker', 5, 10)], 30, RANK)).toEqual([
      { start: 0, end: 5, category: 2 },
      { start: 5, end: 10, category: 1 },
      { start: 10, end: 20, category: 2 },
    ])
  })

  it('among equally long spans, the one that starts later; then the tagset\'s order', () => {
    // claim [0,6) and quote [3,9) are both 6 long: [3,6) goes to quote (starts later).
    expect(expand(innermostRuns([span('claim', 0, 6), span('quote', 3, 9)], 10, RANK), 10)).toEqual([0, 0, 0, 2, 2, 2, 2, 2, 2, -1])
    // claim and quote both [2,4): claim comes first in the tagset.
    expect(expand(innermostRuns([span('quote', 2, 4), span('claim', 2, 4)], 5, RANK), 5)).toEqual([-1, -1, 0, 0, -1])
  })

  it('for one label, is covered or not, overlaps merged', () => {
    expect(coveredRuns([span('claim', 4, 8), span('claim', 0, 5), span('claim', 10, 12)], 20)).toEqual([
      { start: 0, end: 8, category: 0 },
      { start: 10, end: 12, category: 0 },
    ])
  })

  it('overlay walks the pieces on which nobody changes category', () => {
    const pieces: [number, number[]][] = []
    overlay([[{ start: 0, end: 4, category: 0 }], [{ start: 2, end: 6, category: 0 }]], 10, (weight, categories) => pieces.push([weight, [...categories]]))
    expect(pieces).toEqual([
      [2, [0, -1]],
      [2, [0, 0]],
      [2, [-1, 0]],
      [4, [-1, -1]],
    ])
  })
})

describe('κ over characters', () => {
  it('two annotators: Cohen\'s κ, by hand', () => {
    // Article of 10; A: claim [0,4), B: claim [2,6).
    // Characters 0–1 claim/none, 2–3 claim/claim, 4–5 none/claim, 6–9 none/none.
    // A_o = (2 + 4)/10 = .6; both mark 4 of 10: A_e = .4·.4 + .6·.6 = .52; κ = .08/.48 = .1667.
    const agreement = new CharacterAgreement(2, 3)
    agreement.addArticle([innermostRuns([span('claim', 0, 4)], 10, RANK), innermostRuns([span('claim', 2, 6)], 10, RANK)], 10)
    const kappa = agreement.kappa()
    expect(agreement.characters).toBe(10)
    expect(kappa.observed).toBeCloseTo(0.6, 12)
    expect(kappa.expected).toBeCloseTo(0.52, 12)
    expect(kappa.value).toBeCloseTo(1 / 6, 12)
  })

  const layer = fc.array(
    fc.record({ start: fc.integer({ min: 0, max: 35 }), length: fc.integer({ min: 1, max: 12 }), label: fc.constantFrom('claim', 'speaker', 'quote') }),
    { maxLength: 8 },
  )
  const spans = (list: { start: number; length: number; label: string }[]): SpanLike[] => list.map((s) => span(s.label, s.start, Math.min(40, s.start + s.length)))

  it('runs give each character the same category as the slow way', () => {
    fc.assert(
      fc.property(layer, (x) => {
        expect(expand(innermostRuns(spans(x), 40, RANK), 40)).toEqual(naiveCategories(spans(x), 40))
      }),
    )
  })

  it('runs are the same, shifted, in an article too long to order its spans by one number', () => {
    const far = 2 ** 51 // from four spans on, length · n passes 2⁵³: the spans are ordered by a comparator
    fc.assert(
      fc.property(layer, (x) => {
        const shifted = spans(x).map((s) => ({ ...s, start: s.start + far, end: s.end + far }))
        const runs = innermostRuns(spans(x), 40, RANK).map((run) => ({ ...run, start: run.start + far, end: run.end + far }))
        expect(innermostRuns(shifted, far + 40, RANK)).toEqual(runs)
      }),
    )
  })

  it('runs are the same, halved, for spans that start and end between characters', () => {
    fc.assert(
      fc.property(layer, (x) => {
        const halved = spans(x).map((s) => ({ ...s, start: s.start / 2, end: s.end / 2 }))
        const runs = innermostRuns(spans(x), 40, RANK).map((run) => ({ ...run, start: run.start / 2, end: run.end / 2 }))
        expect(innermostRuns(halved, 20, RANK)).toEqual(runs)
      }),
    )
  })

  it('equals Cohen\'s κ (two) and Fleiss\' κ (three) over the characters one by one', () => {
    fc.assert(
      fc.property(fc.array(layer, { minLength: 2, maxLength: 3 }), (layers) => {
        const agreement = new CharacterAgreement(layers.length, 3)
        agreement.addArticle(layers.map((x) => innermostRuns(spans(x), 40, RANK)), 40)
        const codings = layers.map((x) => naiveCategories(spans(x), 40))
        const expected = layers.length === 2 ? cohenKappa(codings[0]!, codings[1]!).value : fleissKappa(codings).value
        const actual = agreement.kappa().value
        if (Number.isNaN(expected)) expect(actual).toBeNaN()
        else expect(actual).toBeCloseTo(expected, 10)
      }),
    )
  })

  it('identical layers: κ = 1', () => {
    fc.assert(
      fc.property(layer, fc.integer({ min: 2, max: 4 }), (x, n) => {
        const agreement = new CharacterAgreement(n, 3)
        agreement.addArticle(Array.from({ length: n }, () => innermostRuns(spans(x), 40, RANK)), 40)
        expect(agreement.kappa().value).toBe(1)
      }),
    )
  })
})
