/**
 * Matching two annotators' spans, and the span F1 that follows from it.
 *
 * - Exact: a span of A matches a span of B with the same article, start, end and label; duplicates
 *   match one to one (the number of matches is Σ min(count in A, count in B) per span).
 * - Overlap: same article, same label, sharing at least one character, one to one. Candidate pairs
 *   are taken greedily, best first: the larger overlap (in characters), then the smaller boundary
 *   difference |Δstart| + |Δend|, then by position (the pair's leftmost start, then its other
 *   offsets), then by input order. Every key but the last is the same whichever annotator is A, and
 *   the last only decides between identical spans, so the number of matches does not depend on the
 *   order of the annotators. The result is a maximal matching (no further pair can be added); an
 *   exact pair always wins over any other pair of its two spans.
 *
 * F1 of a pair of annotators is 2·matches / (|A| + |B|) (precision and recall of A against B, or B
 * against A: the same number). It is NaN (not defined) when neither has a span.
 *
 * Candidate pairs come from a sweep over spans sorted by start, so the work is O(n log n + k) for k
 * overlapping pairs, never all pairs.
 */

/** What matching needs of an annotation. */
export interface SpanLike {
  articleId: string
  start: number
  end: number
  label: string
}

/** One match: indexes into A's and B's span lists. */
export type SpanMatch = readonly [a: number, b: number]

/** The number of exact matches (same article, start, end and label, one to one). */
export function exactMatchCount(a: readonly SpanLike[], b: readonly SpanLike[]): number {
  return exactMatches(a, b).length
}

/** Exact matches, one to one (identical spans pair off in input order), in A's order. */
export function exactMatches(a: readonly SpanLike[], b: readonly SpanLike[]): SpanMatch[] {
  const matches: SpanMatch[] = []
  for (const group of groupSpans(a, b, true)) {
    const sa = sortByPosition(a, group.a)
    const sb = sortByPosition(b, group.b)
    let p = 0
    let q = 0
    while (p < sa.length && q < sb.length) {
      const x = a[sa[p]!]!
      const y = b[sb[q]!]!
      const order = x.start - y.start || x.end - y.end
      if (order === 0) matches.push([sa[p++]!, sb[q++]!])
      else if (order < 0) p++
      else q++
    }
  }
  return inFirstOrder(matches, a.length)
}

export interface OverlapOptions {
  /** Only spans of the same label match (the default); false matches across labels too. */
  sameLabel?: boolean
  /** Indexes of A's and B's spans to leave out (already matched by an earlier pass). */
  skipA?: ReadonlySet<number>
  skipB?: ReadonlySet<number>
}

/** Overlap matching, one to one, greedy by overlap as described above; in A's order. */
export function overlapMatches(a: readonly SpanLike[], b: readonly SpanLike[], options: OverlapOptions = {}): SpanMatch[] {
  const groups = groupSpans(a, b, options.sameLabel ?? true, options.skipA, options.skipB)
  const usedA = new Uint8Array(a.length)
  const usedB = new Uint8Array(b.length)
  const matches: SpanMatch[] = []
  // Greedy choices only interact within a group, so each group's candidates are sorted on their own.
  // A candidate whose two spans have no other candidate is taken whatever the order (nothing competes
  // for its spans, and it blocks nothing), so only the others are sorted.
  const candidatesOfA = new Int32Array(a.length)
  const candidatesOfB = new Int32Array(b.length)
  for (const group of groups) {
    const candidates = overlappingPairs(a, group.a, b, group.b)
    for (let k = 0; k < candidates.i.length; k++) {
      candidatesOfA[candidates.i[k]!]! += 1
      candidatesOfB[candidates.j[k]!]! += 1
    }
    const contested: number[] = []
    for (let k = 0; k < candidates.i.length; k++) {
      const i = candidates.i[k]!
      const j = candidates.j[k]!
      if (candidatesOfA[i] === 1 && candidatesOfB[j] === 1) {
        usedA[i] = 1
        usedB[j] = 1
        matches.push([i, j])
      } else contested.push(k)
    }
    for (const k of candidates.order(contested)) {
      const i = candidates.i[k]!
      const j = candidates.j[k]!
      if (usedA[i] || usedB[j]) continue
      usedA[i] = 1
      usedB[j] = 1
      matches.push([i, j])
    }
  }
  return inFirstOrder(matches, a.length)
}

/**
 * Matches sorted by A's index: each of A's spans is in one match at most, so each match is put in
 * its span's place, with no sort (this runs for every pair of annotators in every article).
 */
function inFirstOrder(matches: SpanMatch[], countA: number): SpanMatch[] {
  let sorted = true
  for (let k = 1; k < matches.length && sorted; k++) sorted = matches[k - 1]![0] < matches[k]![0]
  if (sorted) return matches
  const matchOf = new Int32Array(countA).fill(-1)
  for (const [k, [i]] of matches.entries()) {
    if (matchOf[i] !== -1) throw new RangeError(`span ${i} is matched twice`)
    matchOf[i] = k
  }
  const ordered: SpanMatch[] = []
  for (const k of matchOf) if (k >= 0) ordered.push(matches[k]!)
  return ordered
}

/** 2·matches / (|A| + |B|); NaN when both are empty. */
export function f1(matches: number, countA: number, countB: number): number {
  const total = countA + countB
  return total === 0 ? NaN : (2 * matches) / total
}

/** Span F1 of two annotators, exact and overlap. */
export function spanF1(a: readonly SpanLike[], b: readonly SpanLike[]): { exact: number; overlap: number; exactMatches: number; overlapMatches: number } {
  const exact = exactMatchCount(a, b)
  const overlap = overlapMatches(a, b).length
  return { exact: f1(exact, a.length, b.length), overlap: f1(overlap, a.length, b.length), exactMatches: exact, overlapMatches: overlap }
}

/**
 * Mean span F1 over every pair of annotators (layers[i] is annotator i's spans). Pairs where neither
 * has a span are left out of the mean; NaN if every pair is.
 */
export function meanPairwiseSpanF1(layers: readonly (readonly SpanLike[])[]): { exact: number; overlap: number } {
  const exact: number[] = []
  const overlap: number[] = []
  for (let i = 0; i < layers.length; i++) {
    for (let j = i + 1; j < layers.length; j++) {
      const pair = spanF1(layers[i]!, layers[j]!)
      exact.push(pair.exact)
      overlap.push(pair.overlap)
    }
  }
  return { exact: meanDefined(exact), overlap: meanDefined(overlap) }
}

/** The mean of the numbers that are not NaN; NaN when there are none. */
export function meanDefined(values: readonly number[]): number {
  let sum = 0
  let count = 0
  for (const value of values) {
    if (Number.isNaN(value)) continue
    sum += value
    count++
  }
  return count === 0 ? NaN : sum / count
}

/** Candidate pairs of one group, as parallel arrays (no object per pair). */
class Candidates {
  readonly i: number[] = []
  readonly j: number[] = []
  private readonly overlap: number[] = []
  private readonly distance: number[] = []

  constructor(
    private readonly a: readonly SpanLike[],
    private readonly b: readonly SpanLike[],
  ) {}

  push(i: number, j: number): void {
    const x = this.a[i]!
    const y = this.b[j]!
    this.i.push(i)
    this.j.push(j)
    this.overlap.push(Math.min(x.end, y.end) - Math.max(x.start, y.start))
    this.distance.push(Math.abs(x.start - y.start) + Math.abs(x.end - y.end))
  }

  /** The given candidate indexes, best first. */
  order(candidates: number[]): number[] {
    const { overlap, distance } = this
    return candidates.sort((k, l) => overlap[l]! - overlap[k]! || distance[k]! - distance[l]! || this.byPosition(k, l))
  }

  /** The pair's leftmost start, then its other offsets, each taken from both spans alike; then input order. */
  private byPosition(k: number, l: number): number {
    const x1 = this.a[this.i[k]!]!
    const y1 = this.b[this.j[k]!]!
    const x2 = this.a[this.i[l]!]!
    const y2 = this.b[this.j[l]!]!
    return (
      Math.min(x1.start, y1.start) - Math.min(x2.start, y2.start) ||
      Math.max(x1.start, y1.start) - Math.max(x2.start, y2.start) ||
      Math.min(x1.end, y1.end) - Math.min(x2.end, y2.end) ||
      Math.max(x1.end, y1.end) - Math.max(x2.end, y2.end) ||
      this.i[k]! - this.i[l]! ||
      this.j[k]! - this.j[l]!
    )
  }
}

interface Group {
  a: number[]
  b: number[]
}

/**
 * A's and B's span indexes by article (and label), leaving out skipped ones; only groups where both
 * have spans. Nested maps rather than a joined string key: no string is built per span.
 */
function groupSpans(a: readonly SpanLike[], b: readonly SpanLike[], sameLabel: boolean, skipA?: ReadonlySet<number>, skipB?: ReadonlySet<number>): Group[] {
  const byArticle = new Map<string, Map<string, Group>>()
  let lastArticle: string | undefined
  let lastByLabel: Map<string, Group> | undefined
  const groupOf = (span: SpanLike): Group => {
    let byLabel = span.articleId === lastArticle ? lastByLabel : byArticle.get(span.articleId)
    if (!byLabel) byArticle.set(span.articleId, (byLabel = new Map()))
    lastArticle = span.articleId
    lastByLabel = byLabel
    const label = sameLabel ? span.label : ''
    let group = byLabel.get(label)
    if (!group) byLabel.set(label, (group = { a: [], b: [] }))
    return group
  }
  a.forEach((span, i) => {
    if (!skipA?.has(i)) groupOf(span).a.push(i)
  })
  b.forEach((span, j) => {
    if (!skipB?.has(j)) groupOf(span).b.push(j)
  })
  const groups: Group[] = []
  for (const byLabel of byArticle.values()) for (const group of byLabel.values()) if (group.a.length > 0 && group.b.length > 0) groups.push(group)
  return groups
}

/** Indexes sorted by start, then end, then index. */
function sortByPosition(spans: readonly SpanLike[], indexes: readonly number[]): number[] {
  let sorted = true
  for (let k = 1; k < indexes.length && sorted; k++) {
    const x = spans[indexes[k - 1]!]!
    const y = spans[indexes[k]!]!
    sorted = x.start < y.start || (x.start === y.start && (x.end < y.end || (x.end === y.end && indexes[k - 1]! < indexes[k]!)))
  }
  if (sorted) return [...indexes]
  return [...indexes].sort((x, y) => spans[x]!.start - spans[y]!.start || spans[x]!.end - spans[y]!.end || x - y)
}

/** Every pair (one of A's, one of B's) that shares a character: a sweep over starts. */
function overlappingPairs(a: readonly SpanLike[], ia: readonly number[], b: readonly SpanLike[], ib: readonly number[]): Candidates {
  const out = new Candidates(a, b)
  const sa = sortByPosition(a, ia)
  const sb = sortByPosition(b, ib)
  const activeA: number[] = []
  const activeB: number[] = []
  let p = 0
  let q = 0
  while (p < sa.length || q < sb.length) {
    // Take A's next span on a tie, so that a pair starting together is seen once, from B's side.
    const takeA = q >= sb.length || (p < sa.length && a[sa[p]!]!.start <= b[sb[q]!]!.start)
    if (takeA) {
      const i = sa[p++]!
      const start = a[i]!.start
      prune(activeB, b, start)
      for (const j of activeB) out.push(i, j)
      activeA.push(i)
    } else {
      const j = sb[q++]!
      const start = b[j]!.start
      prune(activeA, a, start)
      for (const i of activeA) out.push(i, j)
      activeB.push(j)
    }
  }
  return out
}

/** Drops, in place, the spans that end at or before `start`. */
function prune(active: number[], spans: readonly SpanLike[], start: number): void {
  let kept = 0
  for (const k of active) if (spans[k]!.end > start) active[kept++] = k
  active.length = kept
}
