/**
 * Agreement on links: a link of annotator A matches a link of annotator B when it has the same type
 * and its two ends are matched to B's link's two ends by the span matching (overlap matching, same
 * label). A symmetric link type (same quote, same claim …) matches in either direction. Matching is
 * one to one: duplicates pair off.
 *
 * Two F1 scores, each 2·matches / (|A's links| + |B's links|):
 * - `f1`: over all links, so a link whose ends the other annotator did not tag counts as missed.
 * - `f1GivenEnds`: over the links whose both ends have a counterpart in the other layer, so that
 *   it measures the linking decisions on spans both annotators tagged, apart from span agreement.
 * Both are NaN when there are no links to compare.
 */

import { f1 } from './spans'

export interface LinkEndLike {
  articleId: string
  annotationId: string
}

export interface LinkLike {
  type: string
  from: LinkEndLike
  to: LinkEndLike
}

export interface LinkCounts {
  /** Links of each annotator of the pair. */
  linksA: number
  linksB: number
  matches: number
  /** Links whose both ends have a matched span in the other layer. */
  matchableA: number
  matchableB: number
}

export interface LinkAgreement extends LinkCounts {
  f1: number
  f1GivenEnds: number
}

/** The key of an annotation within one layer: article and id. */
export function endKey(end: LinkEndLike): string {
  return `${end.articleId}\u0000${end.annotationId}`
}

/**
 * Counts matched links between two annotators. `aToB` maps A's annotation keys (endKey) to the key of
 * the span of B they are matched to; `bToA` the other way. `symmetric` holds the symmetric link types.
 */
export function linkCounts(
  linksA: readonly LinkLike[],
  linksB: readonly LinkLike[],
  aToB: ReadonlyMap<string, string>,
  bToA: ReadonlyMap<string, string>,
  symmetric: ReadonlySet<string>,
): LinkCounts {
  const key = (type: string, from: string, to: string): string =>
    symmetric.has(type) && to < from ? `${type}\u0001${to}\u0001${from}` : `${type}\u0001${from}\u0001${to}`
  // B's links, in B's own terms.
  const waiting = new Map<string, number>()
  let matchableB = 0
  for (const link of linksB) {
    const from = endKey(link.from)
    const to = endKey(link.to)
    if (bToA.has(from) && bToA.has(to)) matchableB++
    const k = key(link.type, from, to)
    waiting.set(k, (waiting.get(k) ?? 0) + 1)
  }
  // A's links, translated into B's terms through the span matching.
  let matches = 0
  let matchableA = 0
  for (const link of linksA) {
    const from = aToB.get(endKey(link.from))
    const to = aToB.get(endKey(link.to))
    if (from === undefined || to === undefined) continue
    matchableA++
    const k = key(link.type, from, to)
    const left = waiting.get(k) ?? 0
    if (left > 0) {
      matches++
      waiting.set(k, left - 1)
    }
  }
  return { linksA: linksA.length, linksB: linksB.length, matches, matchableA, matchableB }
}

/** F1 scores from link counts (added up over any number of pairs or articles). */
export function linkAgreement(counts: LinkCounts): LinkAgreement {
  return {
    ...counts,
    f1: f1(counts.matches, counts.linksA, counts.linksB),
    f1GivenEnds: f1(counts.matches, counts.matchableA, counts.matchableB),
  }
}

export function addLinkCounts(x: LinkCounts, y: LinkCounts): LinkCounts {
  return {
    linksA: x.linksA + y.linksA,
    linksB: x.linksB + y.linksB,
    matches: x.matches + y.matches,
    matchableA: x.matchableA + y.matchableA,
    matchableB: x.matchableB + y.matchableB,
  }
}

export const NO_LINKS: LinkCounts = { linksA: 0, linksB: 0, matches: 0, matchableA: 0, matchableB: 0 }
