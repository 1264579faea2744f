import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { exactMatchCount, meanPairwiseSpanF1, overlapMatches, spanF1, type SpanLike } from './spans'

function span(label: string, start: number, end: number, articleId = 'a'): SpanLike {
  return { articleId, start, end, label }
}

describe('span F1 of two annotators', () => {
  // A: claim [0,10), claim [20,30), quote [40,50), speaker [60,65)                 |A| = 4
  // B: claim [0,10), claim [22,35), quote [45,60), speaker [70,75), claim [80,90)  |B| = 5
  // Exact: claim [0,10) only → 1; F1 = 2·1/9 = .2222.
  // Overlap: claim [0,10)~[0,10), claim [20,30)~[22,35), quote [40,50)~[45,60) → 3; F1 = 6/9 = .6667.
  // Claims only: |A| = 2, |B| = 3; exact 2·1/5 = .4, overlap 2·2/5 = .8.
  const a = [span('claim', 0, 10), span('claim', 20, 30), span('quote', 40, 50), span('speaker', 60, 65)]
  const b = [span('claim', 0, 10), span('claim', 22, 35), span('quote', 45, 60), span('speaker', 70, 75), span('claim', 80, 90)]

  it('counts exact and overlap matches', () => {
    const f1 = spanF1(a, b)
    expect(f1.exactMatches).toBe(1)
    expect(f1.overlapMatches).toBe(3)
    expect(f1.exact).toBeCloseTo(2 / 9, 12)
    expect(f1.overlap).toBeCloseTo(6 / 9, 12)
  })

  it('per label', () => {
    const claims = (list: SpanLike[]) => list.filter((s) => s.label === 'claim')
    expect(spanF1(claims(a), claims(b)).exact).toBeCloseTo(0.4, 12)
    expect(spanF1(claims(a), claims(b)).overlap).toBeCloseTo(0.8, 12)
  })

  it('never matches across labels or articles', () => {
    expect(spanF1([span('claim', 0, 10)], [span('quote', 0, 10)]).overlap).toBe(0)
    expect(spanF1([span('claim', 0, 10, 'a')], [span('claim', 0, 10, 'b')]).exact).toBe(0)
  })

  it('matches one to one', () => {
    // One span of A against two identical spans of B: one match; F1 = 2/3.
    expect(exactMatchCount([span('claim', 0, 10)], [span('claim', 0, 10), span('claim', 0, 10)])).toBe(1)
    expect(spanF1([span('claim', 0, 10)], [span('claim', 0, 10), span('claim', 0, 10)]).overlap).toBeCloseTo(2 / 3, 12)
    // Two of A inside one of B: one match.
    expect(overlapMatches([span('claim', 0, 4), span('claim', 6, 10)], [span('claim', 0, 10)])).toHaveLength(1)
  })

  it('prefers the larger overlap, then the closer boundaries, then the leftmost', () => {
    // [0,10) overlaps [5,12) by 5, [8,20) overlaps it by 4: [0,10) gets it.
    expect(overlapMatches([span('claim', 0, 10), span('claim', 8, 20)], [span('claim', 5, 12)])).toEqual([[0, 0]])
    // [2,8) and [0,10) both overlap [2,9) … by 6 and 7: [0,10) (7) wins although [2,8) is closer in start.
    expect(overlapMatches([span('claim', 2, 8), span('claim', 0, 10)], [span('claim', 2, 9)])).toEqual([[1, 0]])
    // Same overlap (5): [0,5) and [5,10) against [0,10) differ by 5 each; the leftmost wins.
    expect(overlapMatches([span('claim', 0, 10)], [span('claim', 5, 10), span('claim', 0, 5)])).toEqual([[0, 1]])
    // An exact pair wins over a pair with the same overlap: [0,5) of A takes [0,5) of B, not [0,9).
    expect(overlapMatches([span('claim', 0, 5)], [span('claim', 0, 9), span('claim', 0, 5)])).toEqual([[0, 1]])
  })

  it('is not defined when neither has a span', () => {
    expect(spanF1([], []).exact).toBeNaN()
    expect(spanF1([], [span('claim', 0, 1)]).overlap).toBe(0)
  })

  it('averages over pairs of annotators', () => {
    // A = B: F1 1; A against C and B against C: F1 0 (disjoint) → mean 1/3.
    const c = [span('claim', 100, 110)]
    const mean = meanPairwiseSpanF1([[span('claim', 0, 10)], [span('claim', 0, 10)], c])
    expect(mean.exact).toBeCloseTo(1 / 3, 12)
    expect(mean.overlap).toBeCloseTo(1 / 3, 12)
  })
})

/** The same greedy matching over all pairs, the slow way, to check the sweep finds every pair. */
function bruteForceOverlap(a: readonly SpanLike[], b: readonly SpanLike[]): [number, number][] {
  const candidates: { i: number; j: number; key: number[] }[] = []
  a.forEach((x, i) =>
    b.forEach((y, j) => {
      if (x.articleId !== y.articleId || x.label !== y.label) return
      const overlap = Math.min(x.end, y.end) - Math.max(x.start, y.start)
      if (overlap <= 0) return
      const key = [
        -overlap,
        Math.abs(x.start - y.start) + Math.abs(x.end - y.end),
        Math.min(x.start, y.start),
        Math.max(x.start, y.start),
        Math.min(x.end, y.end),
        Math.max(x.end, y.end),
        i,
        j,
      ]
      candidates.push({ i, j, key })
    }),
  )
  candidates.sort((x, y) => {
    for (let k = 0; k < x.key.length; k++) if (x.key[k] !== y.key[k]) return x.key[k]! - y.key[k]!
    return 0
  })
  const usedA = new Set<number>()
  const usedB = new Set<number>()
  const matches: [number, number][] = []
  for (const { i, j } of candidates) {
    if (usedA.has(i) || usedB.has(j)) continue
    usedA.add(i)
    usedB.add(j)
    matches.push([i, j])
  }
  return matches.sort((x, y) => x[0] - y[0])
}

describe('properties', () => {
  const layer = fc.array(
    fc.record({ start: fc.integer({ min: 0, max: 60 }), length: fc.integer({ min: 1, max: 15 }), label: fc.constantFrom('claim', 'quote'), articleId: fc.constantFrom('a', 'b') }),
    { maxLength: 25 },
  )
  const spans = (list: { start: number; length: number; label: string; articleId: string }[]): SpanLike[] =>
    list.map((s) => ({ articleId: s.articleId, label: s.label, start: s.start, end: s.start + s.length }))

  it('the sweep finds the same matching as comparing every pair', () => {
    fc.assert(
      fc.property(layer, layer, (x, y) => {
        expect(overlapMatches(spans(x), spans(y))).toEqual(bruteForceOverlap(spans(x), spans(y)))
      }),
    )
  })

  it('identical layers: F1 = 1', () => {
    fc.assert(
      fc.property(layer.filter((l) => l.length > 0), (x) => {
        const f1 = spanF1(spans(x), spans([...x].reverse()))
        expect(f1.exact).toBe(1)
        expect(f1.overlap).toBe(1)
      }),
    )
  })

  it('F1 does not depend on which annotator comes first', () => {
    fc.assert(
      fc.property(layer, layer, (x, y) => {
        const ab = spanF1(spans(x), spans(y))
        const ba = spanF1(spans(y), spans(x))
        expect(ba.exactMatches).toBe(ab.exactMatches)
        expect(ba.overlapMatches).toBe(ab.overlapMatches)
      }),
    )
  })

  it('disjoint layers: F1 = 0', () => {
    fc.assert(
      fc.property(layer.filter((l) => l.length > 0), layer.filter((l) => l.length > 0), (x, y) => {
        const far = spans(y).map((s) => ({ ...s, start: s.start + 1000, end: s.end + 1000 }))
        const f1 = spanF1(spans(x), far)
        expect(f1.exact).toBe(0)
        expect(f1.overlap).toBe(0)
      }),
    )
  })
})

describe('overlap matching against the greedy it describes', () => {
  /** Every overlapping pair sorted best first (the documented order), taken greedily: the definition, without shortcuts. */
  function greedy(a: readonly SpanLike[], b: readonly SpanLike[]): [number, number][] {
    const pairs: [number, number][] = []
    a.forEach((x, i) => b.forEach((y, j) => {
      if (x.articleId === y.articleId && x.label === y.label && x.start < y.end && y.start < x.end) pairs.push([i, j])
    }))
    const key = ([i, j]: [number, number]) => {
      const x = a[i]!
      const y = b[j]!
      return [-(Math.min(x.end, y.end) - Math.max(x.start, y.start)), Math.abs(x.start - y.start) + Math.abs(x.end - y.end), Math.min(x.start, y.start), Math.max(x.start, y.start), Math.min(x.end, y.end), Math.max(x.end, y.end), i, j]
    }
    pairs.sort((p, q) => {
      const kp = key(p)
      const kq = key(q)
      for (let k = 0; k < kp.length; k++) if (kp[k] !== kq[k]) return kp[k]! - kq[k]!
      return 0
    })
    const usedA = new Set<number>()
    const usedB = new Set<number>()
    const out: [number, number][] = []
    for (const [i, j] of pairs) {
      if (usedA.has(i) || usedB.has(j)) continue
      usedA.add(i)
      usedB.add(j)
      out.push([i, j])
    }
    return out.sort((p, q) => p[0] - q[0])
  }
  const layer = fc.array(
    fc.record({ start: fc.integer({ min: 0, max: 40 }), length: fc.integer({ min: 1, max: 8 }), label: fc.constantFrom('claim', 'quote'), article: fc.constantFrom('a', 'b') }),
    { maxLength: 25 },
  )
  const spansOf = (items: { start: number; length: number; label: string; article: string }[]) => items.map((s) => span(s.label, s.start, s.start + s.length, s.article))

  it('finds the same matches, in A\'s order, with spans in any order or already sorted', () => {
    fc.assert(
      fc.property(layer, layer, fc.boolean(), (x, y, sorted) => {
        const order = (items: typeof x) => (sorted ? [...items].sort((p, q) => p.start - q.start || p.length - q.length) : items)
        const a = spansOf(order(x))
        const b = spansOf(order(y))
        expect(overlapMatches(a, b).map(([i, j]) => [i, j])).toEqual(greedy(a, b))
      }),
    )
  })
})
