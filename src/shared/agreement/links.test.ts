import { describe, expect, it } from 'vitest'
import { linkAgreement, linkCounts, type LinkLike, type LinkMatching } from './links'

function link(type: string, from: [string, string], to: [string, string]): LinkLike {
  return { type, from: { articleId: from[0], annotationId: from[1] }, to: { articleId: to[0], annotationId: to[1] } }
}

// A's layer: a1 (article x), a2 (x), a3 (y), a4 (y); B's: b1 (x), b2 (x), b3 (y).
// The span matching: a1 ↔ b1, a2 ↔ b2, a3 ↔ b3; a4 has no counterpart.
const layerA = [
  { articleId: 'x', id: 'a1' },
  { articleId: 'x', id: 'a2' },
  { articleId: 'y', id: 'a3' },
  { articleId: 'y', id: 'a4' },
]
const layerB = [
  { articleId: 'x', id: 'b1' },
  { articleId: 'x', id: 'b2' },
  { articleId: 'y', id: 'b3' },
]
const SYMMETRIC = new Set(['same-quote'])
/** A layer's spans by article and id: what the report's index of link ends answers. */
const endIndex = (spans: readonly { articleId: string; id: string }[]) => (end: { articleId: string; annotationId: string }) =>
  spans.findIndex((span) => span.articleId === end.articleId && span.id === end.annotationId)
const AB: LinkMatching = { indexA: endIndex(layerA), indexB: endIndex(layerB), aToB: [0, 1, 2, -1], bToA: [0, 1, 2], symmetric: SYMMETRIC }
const BA: LinkMatching = { indexA: endIndex(layerB), indexB: endIndex(layerA), aToB: [0, 1, 2], bToA: [0, 1, 2, -1], symmetric: SYMMETRIC }

describe('link F1', () => {
  // A: quote a1 —attributed-to→ speaker a2; a1 —same-quote— a3 (another article).
  // B: b1 —attributed-to→ b2; b3 —same-quote— b1 (drawn the other way: symmetric, so it matches);
  //    b3 —attributed-to→ b2 (A has none).
  // Matches 2; F1 = 2·2/(2 + 3) = .8.
  const a = [link('attributed-to', ['x', 'a1'], ['x', 'a2']), link('same-quote', ['x', 'a1'], ['y', 'a3'])]
  const b = [link('attributed-to', ['x', 'b1'], ['x', 'b2']), link('same-quote', ['y', 'b3'], ['x', 'b1']), link('attributed-to', ['y', 'b3'], ['x', 'b2'])]

  it('matches links whose ends are matched spans, symmetric types either way', () => {
    const result = linkAgreement(linkCounts(a, b, AB))
    expect(result.matches).toBe(2)
    expect(result.f1).toBeCloseTo(0.8, 12)
    expect(result.f1GivenEnds).toBeCloseTo(0.8, 12)
  })

  it('is the same from either side', () => {
    expect(linkCounts(b, a, BA).matches).toBe(2)
  })

  it('a directed link drawn the other way does not match', () => {
    const reversed = [link('attributed-to', ['x', 'b2'], ['x', 'b1'])]
    expect(linkCounts([a[0]!], reversed, AB).matches).toBe(0)
  })

  it('f1GivenEnds leaves out links whose ends the other annotator did not tag', () => {
    // A adds a3 —attributed-to→ a4; a4 has no counterpart. f1 = 2·2/(3 + 3) = .667,
    // f1GivenEnds = 2·2/(2 + 3) = .8.
    const more = [...a, link('attributed-to', ['y', 'a3'], ['y', 'a4'])]
    const result = linkAgreement(linkCounts(more, b, AB))
    expect(result.matchableA).toBe(2)
    expect(result.f1).toBeCloseTo(4 / 6, 12)
    expect(result.f1GivenEnds).toBeCloseTo(0.8, 12)
  })

  it('duplicates pair off one to one', () => {
    const twice = [a[0]!, a[0]!]
    expect(linkCounts(twice, [b[0]!], AB).matches).toBe(1)
  })

  it('an end that is not in the layer never matches', () => {
    expect(linkCounts([link('attributed-to', ['x', 'a1'], ['x', 'gone'])], [b[0]!], AB).matches).toBe(0)
  })

  it('no links: not defined', () => {
    expect(linkAgreement(linkCounts([], [], AB)).f1).toBeNaN()
  })
})
