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

/** What links are matched through: where each end lies in each layer, and the span matching. */
export interface LinkMatching {
  /** The index in A's layer of the annotation a link end names, or −1 (an end A does not have). */
  indexA(end: LinkEndLike): number
  indexB(end: LinkEndLike): number
  /** aToB[i]: the index of B's span matched to A's span i, or −1; bToA the other way. */
  aToB: ArrayLike<number>
  bToA: ArrayLike<number>
  /** The symmetric link types. */
  symmetric: ReadonlySet<string>
}

/** Two span indexes in one number (no string per link): fine below 2²⁶ spans in a layer. */
const SPREAD = 2 ** 26

/** Counts matched links between two annotators. */
export function linkCounts(linksA: readonly LinkLike[], linksB: readonly LinkLike[], matching: LinkMatching): LinkCounts {
  const { aToB, bToA, symmetric } = matching
  if (aToB.length >= SPREAD || bToA.length >= SPREAD) throw new RangeError('too many annotations in one layer to match links')
  const key = (type: string, from: number, to: number): number => (symmetric.has(type) && to < from ? to * SPREAD + from : from * SPREAD + to)
  // B's links, in B's own terms, per type.
  const waiting = new Map<string, Map<number, number>>()
  let matchableB = 0
  for (const link of linksB) {
    const from = matching.indexB(link.from)
    const to = matching.indexB(link.to)
    if (from < 0 || to < 0) continue
    if (bToA[from]! >= 0 && bToA[to]! >= 0) matchableB++
    let ofType = waiting.get(link.type)
    if (!ofType) waiting.set(link.type, (ofType = new Map()))
    const k = key(link.type, from, to)
    ofType.set(k, (ofType.get(k) ?? 0) + 1)
  }
  // A's links, translated into B's terms through the span matching.
  let matches = 0
  let matchableA = 0
  for (const link of linksA) {
    const fromA = matching.indexA(link.from)
    const toA = matching.indexA(link.to)
    if (fromA < 0 || toA < 0) continue
    const from = aToB[fromA]!
    const to = aToB[toA]!
    if (from < 0 || to < 0) continue
    matchableA++
    const ofType = waiting.get(link.type)
    const k = key(link.type, from, to)
    const left = ofType?.get(k) ?? 0
    if (left > 0) {
      matches++
      ofType!.set(k, left - 1)
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
