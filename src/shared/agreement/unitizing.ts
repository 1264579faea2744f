/**
 * Krippendorff's α_u, agreement on unitizing a continuum (where units start and end, and which
 * category each gets), as Krippendorff defines it (1995; Content Analysis, 2nd ed., 2004, §12.4) and
 * as DKPro Statistics implements it (KrippendorffAlphaUnitizingAgreement), which this follows
 * formula for formula:
 *
 * Per category c, every coder's continuum is cut into sections: their units of c, and the gaps
 * between them. Two coders' sections that overlap contribute a distance
 * - unit against unit:        (start₁ − start₂)² + (end₁ − end₂)²
 * - unit lying inside a gap:  length of the unit²
 * - anything else:            0
 * and the observed disagreement is D_o(c) = 2 · Σ_{coder pairs} Σ distances / (m (m − 1) L²), with m
 * coders and L the length of the continuum.
 *
 * The expected disagreement is
 *   D_e(c) = (2/L) · Σ_{units u of c} [ (N_c − 1)(2l³ − 3l² + l)/3 + l² · Σ_{gaps g ≥ l} (g − l + 1) ]
 *            / (m L (m L − 1) − Σ_{units of c} l (l − 1))
 * with l the unit's length, N_c the number of units of c of all coders, and the gaps those of every
 * coder for c. α_u(c) = 1 − D_o(c)/D_e(c).
 *
 * Over all categories, DKPro (and we) take α_u = 1 − mean_c D_o(c) / mean_c D_e(c), the means over
 * the categories that occur; that is 1 − Σ D_o / Σ D_e.
 *
 * Choices of ours, where DKPro has none or we differ:
 * - A coder's overlapping units of one category (two nested claims, say) are merged into their union
 *   first: α_u assumes they do not overlap, and DKPro's sweep goes wrong when they do. Units that
 *   only touch stay two units.
 * - Several continua (articles): D_o adds up the distances within each; D_e pools the units and the
 *   gaps of all of them, gaps ending at the article's edges (a unit never spans two articles, so no
 *   gap does either); L is the total length. A single continuum is exactly DKPro's study.
 * - A category nobody used has no α_u (NaN); DKPro answers 0 when D_o = D_e, including 0 = 0. When
 *   D_e is 0 with units present (a continuum of length 1 that everyone marked), it is 1.
 *
 * Work is O(n log n) in the number of units: a sweep per coder pair and category, and for D_e the
 * distinct unit lengths sorted, with suffix sums of the gaps' tallies. D_e's numerator is summed
 * exactly (BigInt): over a hundred thousand units it passes 2⁵³.
 */

/** A unit: a half-open section [start, end) of one coder's continuum, with its category. */
export interface Unit {
  /** Index of the coder, 0 … raters − 1. */
  rater: number
  start: number
  end: number
  category: string
}

/** One continuum (an article) of the study: its length and every coder's units on it. */
export interface Continuum {
  length: number
  units: readonly Unit[]
}

export interface UnitizingStudy {
  /** How many coders; a coder with no units still counts (everything they saw is a gap). */
  raters: number
  continua: readonly Continuum[]
}

/** α_u with its parts, in full precision. */
export interface AlphaU {
  observed: number
  expected: number
  /** 1 − D_o/D_e; NaN where nobody used the category, or with fewer than two coders. */
  value: number
  /** How many units (after merging overlaps) went into it. */
  units: number
}

/**
 * The distance between two overlapping sections of two coders (null category: a gap), as
 * Krippendorff defines it and DKPro's measureDistance computes it. Exported for its tests.
 */
export function sectionDistance(start1: number, end1: number, isUnit1: boolean, start2: number, end2: number, isUnit2: boolean): number {
  if (isUnit1 && isUnit2) {
    if (start1 < end2 && start2 < end1) return (start1 - start2) ** 2 + (end1 - end2) ** 2
    return 0
  }
  if (isUnit1 && !isUnit2 && start2 <= start1 && end1 <= end2) return (end1 - start1) ** 2
  if (!isUnit1 && isUnit2 && start1 <= start2 && end2 <= end1) return (end2 - start2) ** 2
  return 0
}

/** α_u for one category. */
export function alphaUForCategory(study: UnitizingStudy, category: string): AlphaU {
  return alphaU(study).byCategory[category] ?? { observed: NaN, expected: NaN, value: NaN, units: 0 }
}

/** α_u per category and over all of them (DKPro's aggregate). */
export function alphaU(study: UnitizingStudy): { overall: AlphaU; byCategory: Record<string, AlphaU> } {
  const { raters } = study
  if (!Number.isInteger(raters) || raters < 0) throw new RangeError(`the number of coders must be a whole number, not ${raters}`)
  const accumulator = new UnitizingAccumulator(raters)
  study.continua.forEach((continuum, c) => {
    const { length } = continuum
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`continuum ${c} has an invalid length ${length}`)
    const raw = new Map<string, Unit[][]>()
    for (const unit of continuum.units) {
      if (!Number.isInteger(unit.rater) || unit.rater < 0 || unit.rater >= raters) throw new RangeError(`a unit has coder ${unit.rater}; there are ${raters}`)
      if (!(Number.isInteger(unit.start) && Number.isInteger(unit.end) && unit.start >= 0 && unit.end > unit.start && unit.end <= length)) {
        throw new RangeError(`the unit [${unit.start}, ${unit.end}) does not fit in continuum ${c} of length ${length} (whole characters)`)
      }
      let perRater = raw.get(unit.category)
      if (!perRater) raw.set(unit.category, (perRater = Array.from({ length: raters }, () => [])))
      perRater[unit.rater]!.push(unit)
    }
    const byCategory = new Map<string, number[][]>()
    for (const [category, perRater] of raw) byCategory.set(category, perRater.map(mergeUnits))
    accumulator.add(length, byCategory)
  })
  return accumulator.result()
}

/**
 * α_u added up continuum by continuum, in order: `alphaU` is one of these over the study's continua,
 * and the agreement report keeps several (overall, per pair of coders, per article) fed from the same
 * merged units. It keeps the observed distances' sums and, for D_e, how many units and gaps have
 * each length (not the lists of them): its memory grows with the distinct lengths, not the units.
 */
export class UnitizingAccumulator {
  private totalLength = 0
  private readonly continua: number[] = []
  private readonly categories = new Map<string, CategoryParts>()

  constructor(readonly raters: number) {}

  /**
   * Adds one continuum: per category, each coder's units merged (sorted, overlaps merged, flat
   * [start, end, …]; see `mergeUnits`), one list per coder of this accumulator. A category none of
   * them has a unit of is left out. `distances` gives, per category, the observed distance already
   * summed over the pairs of coders (computed here when not given).
   */
  add(length: number, byCategory: ReadonlyMap<string, readonly (readonly number[])[]>, distances?: ReadonlyMap<string, number>): void {
    const m = this.raters
    const index = this.continua.length
    this.continua.push(length)
    this.totalLength += length
    for (const [category, perRater] of byCategory) {
      if (perRater.length !== m) throw new RangeError(`expected the units of ${m} coders, got ${perRater.length}`)
      if (!perRater.some((units) => units.length > 0)) continue
      let parts = this.categories.get(category)
      if (!parts) this.categories.set(category, (parts = { distance: 0, lengths: new LengthCounts(), gaps: new LengthCounts(), units: 0, continua: [] }))
      parts.continua.push(index)
      parts.distance += distances?.get(category) ?? observedDistance(perRater, length)
      for (let r = 0; r < m; r++) {
        const units = perRater[r]!
        parts.units += units.length / 2
        let pos = 0
        for (let i = 0; i < units.length; i += 2) {
          if (units[i]! > pos) parts.gaps.add(units[i]! - pos)
          parts.lengths.add(units[i + 1]! - units[i]!)
          pos = units[i + 1]!
        }
        if (pos < length) parts.gaps.add(length - pos)
      }
    }
  }

  result(): { overall: AlphaU; byCategory: Record<string, AlphaU> } {
    const categories = [...this.categories.keys()].sort()
    const byCategory: Record<string, AlphaU> = {}
    let observed = 0
    let expected = 0
    let units = 0
    for (const category of categories) {
      const alpha = this.categoryAlpha(this.categories.get(category)!)
      byCategory[category] = alpha
      observed += alpha.observed
      expected += alpha.expected
      units += alpha.units
    }
    const count = categories.length
    const overall =
      count === 0 || this.raters < 2
        ? { observed: NaN, expected: NaN, value: NaN, units }
        : { observed: observed / count, expected: expected / count, value: ratio(observed, expected), units }
    return { overall, byCategory }
  }

  private categoryAlpha(parts: CategoryParts): AlphaU {
    const { raters: m, totalLength: L } = this
    const { units } = parts
    if (units === 0 || m < 2 || L === 0) return { observed: NaN, expected: NaN, value: NaN, units }
    const observed = (2 * parts.distance) / (m * (m - 1) * L * L)
    // the continua without a unit of this category are one gap per coder
    const whole = new LengthCounts()
    let k = 0
    this.continua.forEach((length, c) => {
      if (parts.continua[k] === c) k++
      else if (length > 0) whole.add(length, m)
    })
    const expected = expectedDisagreement(m, L, parts.lengths, [parts.gaps, whole])
    return { observed, expected, value: ratio(observed, expected), units }
  }
}

interface CategoryParts {
  /** Σ of section distances over the pairs of coders and the continua. */
  distance: number
  /**
   * How many units have each length, and how many gaps (in the continua that have units of the
   * category) each length: tallies, not lists, since D_e depends on lengths alone, and a study of
   * 300,000 units kept them as lists of a million numbers or more while the report ran.
   */
  lengths: LengthCounts
  gaps: LengthCounts
  units: number
  /** Indexes of the continua that have units of the category, ascending. */
  continua: number[]
}

/** One coder's units sorted by start, overlapping units merged into their union, touching ones kept apart: flat [s, e, s, e …]. */
export function mergeUnits(units: readonly { start: number; end: number }[]): number[] {
  const sorted = [...units].sort((a, b) => a.start - b.start || a.end - b.end)
  const flat: number[] = []
  for (const unit of sorted) {
    const last = flat.length - 1
    if (last > 0 && unit.start < flat[last]!) flat[last] = Math.max(flat[last]!, unit.end)
    else flat.push(unit.start, unit.end)
  }
  return flat
}

function ratio(observed: number, expected: number): number {
  if (expected === 0) return observed === 0 ? 1 : NaN
  return 1 - observed / expected
}

/** Sections of one coder in one continuum: units and the gaps around them, flat [start, end, isUnit …]. */
function sections(units: readonly number[], length: number): number[] {
  const out: number[] = []
  let pos = 0
  for (let i = 0; i < units.length; i += 2) {
    const start = units[i]!
    const end = units[i + 1]!
    if (start > pos) out.push(pos, start, 0)
    out.push(start, end, 1)
    pos = end
  }
  if (pos < length) out.push(pos, length, 0)
  return out
}

/** Σ of section distances between every pair of coders of one continuum and category. */
export function observedDistance(perRater: readonly (readonly number[])[], length: number): number {
  const cut = perRater.map((units) => sections(units, length))
  let sum = 0
  for (let r1 = 0; r1 < cut.length; r1++) for (let r2 = r1 + 1; r2 < cut.length; r2++) sum += sectionsDistance(cut[r1]!, cut[r2]!)
  return sum
}

/** Σ of section distances between two coders' units of one continuum and category. */
export function pairDistance(units1: readonly number[], units2: readonly number[], length: number): number {
  return sectionsDistance(sections(units1, length), sections(units2, length))
}

function sectionsDistance(one: readonly number[], two: readonly number[]): number {
  // Walk both coders' sections together: every overlapping pair is met exactly once.
  let sum = 0
  let i = 0
  let j = 0
  while (i < one.length && j < two.length) {
    const end1 = one[i + 1]!
    const end2 = two[j + 1]!
    sum += sectionDistance(one[i]!, end1, one[i + 2] === 1, two[j]!, end2, two[j + 2] === 1)
    if (end1 <= end2) i += 3
    if (end2 <= end1) j += 3
  }
  return sum
}

/**
 * How many of each whole number (a length): value → count. Most lengths of units and of the gaps
 * between them are short, and counting is the hot path of α_u (millions of counts at 300,000
 * annotations), so lengths below DENSE_LENGTHS are counted in an array and only longer ones in a map.
 */
class LengthCounts {
  /** Counts of the lengths below DENSE_LENGTHS, by length; grown as longer ones come. */
  private small = new Float64Array(0)
  /** The longest length counted in `small`. */
  private longestSmall = -1
  private readonly large = new Map<number, number>()

  add(value: number, times = 1): void {
    if (!(Number.isInteger(value) && value >= 0)) throw new RangeError(`a length is a whole number of characters, not ${value}`)
    if (value < DENSE_LENGTHS) {
      if (value >= this.small.length) this.grow(value)
      this.small[value]! += times
      if (value > this.longestSmall) this.longestSmall = value
    } else this.large.set(value, (this.large.get(value) ?? 0) + times)
  }

  /** Every value counted (ascending) with its count. */
  forEach(visit: (value: number, count: number) => void): void {
    const { small, longestSmall } = this
    for (let value = 0; value <= longestSmall; value++) if (small[value]! > 0) visit(value, small[value]!)
    for (const value of Float64Array.from(this.large.keys()).sort()) visit(value, this.large.get(value)!)
  }

  /** Room for `value` in `small`: doubled from 64 (an article's tallies are short-lived, and most of them short). */
  private grow(value: number): void {
    let size = Math.max(64, this.small.length)
    while (size <= value) size *= 2
    const grown = new Float64Array(Math.min(size, DENSE_LENGTHS))
    grown.set(this.small)
    this.small = grown
  }
}

const DENSE_LENGTHS = 1024

function expectedDisagreement(m: number, L: number, lengths: LengthCounts, gaps: readonly LengthCounts[]): number {
  // Σ_{g ≥ l} (g − l + 1) = Σ_{g ≥ l} g − (l − 1) · #{g ≥ l}, needed only for the lengths units have:
  // the gaps are counted and summed between consecutive distinct lengths, then added up from the
  // longest down (whole numbers, far below 2⁵³: exact in any order).
  const distinct: number[] = []
  const unitsOf: number[] = []
  lengths.forEach((l, count) => {
    distinct.push(l)
    unitsOf.push(count)
  })
  const countFrom = new Float64Array(distinct.length + 1)
  const sumFrom = new Float64Array(distinct.length + 1)
  for (const counts of gaps) {
    counts.forEach((g, count) => {
      // the gap is ≥ every distinct length before `at`
      const at = upperBound(distinct, g)
      countFrom[at]! += count
      sumFrom[at]! += g * count
    })
  }
  for (let k = distinct.length - 1; k >= 0; k--) {
    countFrom[k]! += countFrom[k + 1]!
    sumFrom[k]! += sumFrom[k + 1]!
  }
  let n = 0
  for (const count of unitsOf) n += count
  // A unit's term depends only on its length, and is a whole number (l(l − 1)(2l − 1) is a multiple
  // of 6): each length's is worked out once, times its units, and the sum kept exact in a BigInt
  // (over 100,000 units it passes 2⁵³, where adding in floating point would round).
  let numerator = 0n
  let squaredLengths = 0
  distinct.forEach((l, k) => {
    const units = unitsOf[k]!
    const count = BigInt(units)
    const length = BigInt(l)
    // gaps ≥ l: those counted at an index above k
    const fits = BigInt(sumFrom[k + 1]! - (l - 1) * countFrom[k + 1]!)
    numerator += count * ((BigInt(n - 1) * length * (length - 1n) * (2n * length - 1n)) / 3n + length * length * fits)
    squaredLengths += units * l * (l - 1)
  })
  return ((2 / L) * Number(numerator)) / (m * L * (m * L - 1) - squaredLengths)
}

/** The first index whose value is > x in an ascending array. */
function upperBound(sorted: readonly number[], x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! <= x) lo = mid + 1
    else hi = mid
  }
  return lo
}
