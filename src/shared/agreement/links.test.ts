import { describe, expect, it } from 'vitest'
import { endKey, linkAgreement, linkCounts, type LinkLike } from './links'

function link(type: string, from: [string, string], to: [string, string]): LinkLike {
  return { type, from: { articleId: from[0], annotationId: from[1] }, to: { articleId: to[0], annotationId: to[1] } }
}

/** The span matching: A's a1 ↔ B's b1 and so on (a4 has no counterpart). */
const pairs: [string, string][] = [
  [endKey({ articleId: 'x', annotationId: 'a1' }), endKey({ articleId: 'x', annotationId: 'b1' })],
  [endKey({ articleId: 'x', annotationId: 'a2' }), endKey({ articleId: 'x', annotationId: 'b2' })],
  [endKey({ articleId: 'y', annotationId: 'a3' }), endKey({ articleId: 'y', annotationId: 'b3' })],
]
const aToB = new Map(pairs)
const bToA = new Map(pairs.map(([a, b]) => [b, a]))
const SYMMETRIC = new Set(['same-quote'])

describe('link F1', () => {
  // A: quote a1 —attributed-to→ speaker a2; a1 —same-quote— a3 (another article).
  // B: b1 —attributed-to→ b2; b3 —same-quote— b1 (drawn the other way: symmetric, so it matches);
  //    b3 —attributed-to→ b2 (A has none).
  // Matches 2; F1 = 2·2/(2 + 3) = .8.
  const a = [link('attributed-to', ['x', 'a1'], ['x', 'a2']), link('same-quote', ['x', 'a1'], ['y', 'a3'])]
  const b = [link('attributed-to', ['x', 'b1'], ['x', 'b2']), link('same-quote', ['y', 'b3'], ['x', 'b1']), link('attributed-to', ['y', 'b3'], ['x', 'b2'])]

  it('matches links whose ends are matched spans, symmetric types either way', () => {
    const result = linkAgreement(linkCounts(a, b, aToB, bToA, SYMMETRIC))
    expect(result.matches).toBe(2)
    expect(result.f1).toBeCloseTo(0.8, 12)
    expect(result.f1GivenEnds).toBeCloseTo(0.8, 12)
  })

  it('is the same from either side', () => {
    expect(linkCounts(b, a, bToA, aToB, SYMMETRIC).matches).toBe(2)
  })

  it('a directed link drawn the other way does not match', () => {
    const reversed = [link('attributed-to', ['x', 'b2'], ['x', 'b1'])]
    expect(linkCounts([a[0]!], reversed, aToB, bToA, SYMMETRIC).matches).toBe(0)
  })

  it('f1GivenEnds leaves out links whose ends the other annotator did not tag', () => {
    // A adds a3 —attributed-to→ a4; a4 has no counterpart. f1 = 2·2/(3 + 3) = .667,
    // f1GivenEnds = 2·2/(2 + 3) = .8.
    const more = [...a, link('attributed-to', ['y', 'a3'], ['y', 'a4'])]
    const result = linkAgreement(linkCounts(more, b, aToB, bToA, SYMMETRIC))
    expect(result.matchableA).toBe(2)
    expect(result.f1).toBeCloseTo(4 / 6, 12)
    expect(result.f1GivenEnds).toBeCloseTo(0.8, 12)
  })

  it('duplicates pair off one to one', () => {
    const twice = [a[0]!, a[0]!]
    expect(linkCounts(twice, [b[0]!], aToB, bToA, SYMMETRIC).matches).toBe(1)
  })

  it('no links: not defined', () => {
    expect(linkAgreement(linkCounts([], [], aToB, bToA, SYMMETRIC)).f1).toBeNaN()
  })
})
