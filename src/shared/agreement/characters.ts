/**
 * κ over characters: every character (UTF-16 code unit) of an article is an item, and each
 * annotator's category for it is the label of the span covering it, or "none".
 *
 * - Per label, the categories are binary: covered by a span of that label, or not. Overlapping spans
 *   do not matter here.
 * - Across labels (one κ for all), a character covered by several spans of one annotator takes the
 *   label of the innermost: the shortest covering span; among equally long ones the one that starts
 *   later (the more deeply nested), then the label that comes first in the tagset. So a Speaker
 *   inside a Quote counts as Speaker on its characters and as Quote around it.
 * - κ is Cohen's for two annotators, Fleiss' for more (each character rated by all of them).
 *
 * Nothing is built per character: each annotator's labelling is a list of runs (stretches of one
 * category), the annotators' runs are overlaid, and each piece counts as many items as it is long.
 */

import { type Coefficient, cohenKappaFromMatrix, FleissAccumulator, type FleissCoefficient } from './kappa'
import { type SpanLike } from './spans'

/** A stretch [start, end) of one category: an index into the categories, or −1 for none. */
export interface Run {
  start: number
  end: number
  category: number
}

/**
 * One annotator's labelling of one article as runs of the innermost label, covering [0, length)
 * only where some span is (characters outside every run are "none"). `rank` orders labels (the
 * tagset's order) and gives each label its category index.
 */
export function innermostRuns(spans: readonly SpanLike[], length: number, rank: ReadonlyMap<string, number>): Run[] {
  // Parallel typed arrays and a heap of indexes: this runs over every span of every layer.
  const starts = new Float64Array(spans.length)
  const ends = new Float64Array(spans.length)
  const categories = new Int32Array(spans.length)
  let n = 0
  for (const span of spans) {
    const start = Math.max(0, span.start)
    const end = Math.min(length, span.end)
    if (end <= start) continue
    starts[n] = start
    ends[n] = end
    categories[n] = rankOf(rank, span.label)
    n++
  }
  const order = byStart(starts, n, length)
  const boundaries = new Float64Array(2 * n)
  boundaries.set(starts.subarray(0, n))
  boundaries.set(ends.subarray(0, n), n)
  boundaries.sort()
  // Innermost first: shorter, then later start, then the tagset's order.
  const heap = new MinHeap<number>((x, y) => ends[x]! - starts[x]! - (ends[y]! - starts[y]!) || starts[y]! - starts[x]! || categories[x]! - categories[y]!)
  const runs: Run[] = []
  let next = 0
  for (let k = 0; k + 1 < boundaries.length; k++) {
    const from = boundaries[k]!
    const to = boundaries[k + 1]!
    if (to === from) continue
    while (next < n && starts[order[next]!]! <= from) heap.push(order[next++]!)
    while (heap.size > 0 && ends[heap.peek()!]! <= from) heap.pop()
    const top = heap.peek()
    if (top === undefined) continue
    const category = categories[top]!
    const last = runs[runs.length - 1]
    if (last && last.end === from && last.category === category) last.end = to
    else runs.push({ start: from, end: to, category })
  }
  return runs
}

/** The indexes 0 … n − 1 of spans (starting in [0, length)) ordered by start, then index. */
function byStart(starts: Float64Array, n: number, length: number): ArrayLike<number> {
  let packed = length * n <= Number.MAX_SAFE_INTEGER
  for (let i = 0; i < n && packed; i++) packed = Number.isInteger(starts[i])
  if (packed) {
    // start · n + index sorts as a number, without a comparator: exact for whole starts below length
    const order = new Float64Array(n)
    for (let i = 0; i < n; i++) order[i] = starts[i]! * n + i
    order.sort()
    for (let k = 0; k < n; k++) order[k] = order[k]! % n
    return order
  }
  return Array.from({ length: n }, (_, i) => i).sort((x, y) => starts[x]! - starts[y]! || x - y)
}

/** Where one annotator's spans of one label lie, merged: runs of category 0. */
export function coveredRuns(spans: readonly SpanLike[], length: number): Run[] {
  const items = spans
    .map((span) => [Math.max(0, span.start), Math.min(length, span.end)] as const)
    .filter(([start, end]) => end > start)
    .sort((x, y) => x[0] - y[0])
  const runs: Run[] = []
  for (const [start, end] of items) {
    const last = runs[runs.length - 1]
    if (last && start <= last.end) last.end = Math.max(last.end, end)
    else runs.push({ start, end, category: 0 })
  }
  return runs
}

/**
 * Walks the pieces of [0, length) on which every annotator's category stays the same, calling
 * `visit(length of the piece, categories)`; categories[r] is annotator r's (−1 for none). The array
 * is reused between calls.
 */
export function overlay(layers: readonly (readonly Run[])[], length: number, visit: (weight: number, categories: Int32Array) => void): void {
  const categories = new Int32Array(layers.length)
  const cursor = new Int32Array(layers.length)
  let pos = 0
  while (pos < length) {
    let next = length
    layers.forEach((runs, r) => {
      let k = cursor[r]!
      while (k < runs.length && runs[k]!.end <= pos) k++
      cursor[r] = k
      const run = runs[k]
      if (run && run.start <= pos) {
        categories[r] = run.category
        next = Math.min(next, run.end)
      } else {
        categories[r] = -1
        if (run) next = Math.min(next, run.start)
      }
    })
    visit(next - pos, categories)
    pos = next
  }
}

/**
 * Adds up character-level agreement of n annotators over k categories (plus none), for Cohen's κ
 * (two annotators: a confusion matrix) or Fleiss' κ (more).
 */
export class CharacterAgreement {
  /** Confusion matrix over none + categories (index 0 is none), for two annotators. */
  readonly matrix: number[][]
  private readonly fleiss: FleissAccumulator
  private readonly counts: Float64Array
  characters = 0

  constructor(
    readonly annotators: number,
    readonly categories: number,
  ) {
    this.matrix = Array.from({ length: categories + 1 }, () => new Array<number>(categories + 1).fill(0))
    this.fleiss = new FleissAccumulator(categories + 1)
    this.counts = new Float64Array(categories + 1)
  }

  /** Adds one article: each annotator's runs over its length. */
  addArticle(layers: readonly (readonly Run[])[], length: number): void {
    if (layers.length !== this.annotators) throw new RangeError(`expected ${this.annotators} layers, got ${layers.length}`)
    overlay(layers, length, (weight, categories) => this.add(weight, categories))
  }

  add(weight: number, categories: ArrayLike<number>): void {
    this.characters += weight
    if (this.annotators === 2) {
      this.matrix[categories[0]! + 1]![categories[1]! + 1]! += weight
    } else if (this.annotators > 2) {
      this.counts.fill(0)
      for (let r = 0; r < categories.length; r++) this.counts[categories[r]! + 1]! += 1
      this.fleiss.add(this.counts, weight)
    }
  }

  /** Cohen's κ for two annotators, Fleiss' for more; NaN for fewer or no characters. */
  kappa(): Coefficient | FleissCoefficient {
    if (this.annotators === 2) return cohenKappaFromMatrix(this.matrix)
    if (this.annotators > 2) return this.fleiss.result()
    return { observed: NaN, expected: NaN, value: NaN, n: 0 }
  }
}

function rankOf(rank: ReadonlyMap<string, number>, label: string): number {
  const value = rank.get(label)
  if (value === undefined) throw new RangeError(`the label "${label}" has no category`)
  return value
}

/** A binary min-heap. */
class MinHeap<T> {
  private readonly items: T[] = []
  constructor(private readonly compare: (x: T, y: T) => number) {}

  get size(): number {
    return this.items.length
  }

  peek(): T | undefined {
    return this.items[0]
  }

  push(item: T): void {
    const items = this.items
    items.push(item)
    let k = items.length - 1
    while (k > 0) {
      const parent = (k - 1) >> 1
      if (this.compare(items[k]!, items[parent]!) >= 0) break
      ;[items[k], items[parent]] = [items[parent]!, items[k]!]
      k = parent
    }
  }

  pop(): T | undefined {
    const items = this.items
    const top = items[0]
    const last = items.pop()
    if (items.length > 0 && last !== undefined) {
      items[0] = last
      let k = 0
      for (;;) {
        const left = 2 * k + 1
        const right = left + 1
        let best = k
        if (left < items.length && this.compare(items[left]!, items[best]!) < 0) best = left
        if (right < items.length && this.compare(items[right]!, items[best]!) < 0) best = right
        if (best === k) break
        ;[items[k], items[best]] = [items[best]!, items[k]!]
        k = best
      }
    }
    return top
  }
}
