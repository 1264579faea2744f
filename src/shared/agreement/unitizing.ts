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
 * Work is O(n log n) in the number of units: a sweep per coder pair and category, and sorted gap
 * lengths with suffix sums for D_e.
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
  const prepared = prepare(study)
  return categoryAlpha(prepared, category)
}

/** α_u per category and over all of them (DKPro's aggregate). */
export function alphaU(study: UnitizingStudy): { overall: AlphaU; byCategory: Record<string, AlphaU> } {
  const prepared = prepare(study)
  const byCategory: Record<string, AlphaU> = {}
  let observed = 0
  let expected = 0
  let units = 0
  for (const category of prepared.categories) {
    const alpha = categoryAlpha(prepared, category)
    byCategory[category] = alpha
    observed += alpha.observed
    expected += alpha.expected
    units += alpha.units
  }
  const count = prepared.categories.length
  const overall =
    count === 0 || prepared.raters < 2
      ? { observed: NaN, expected: NaN, value: NaN, units }
      : { observed: observed / count, expected: expected / count, value: ratio(observed, expected), units }
  return { overall, byCategory }
}

interface Prepared {
  raters: number
  totalLength: number
  categories: string[]
  /** Per continuum, per category, per coder: merged units sorted by start, as [start, end] pairs. */
  continua: { length: number; byCategory: Map<string, number[][]> }[]
}

function prepare(study: UnitizingStudy): Prepared {
  const { raters } = study
  if (!Number.isInteger(raters) || raters < 0) throw new RangeError(`the number of coders must be a whole number, not ${raters}`)
  const categories = new Set<string>()
  let totalLength = 0
  const continua = study.continua.map((continuum, c) => {
    const { length } = continuum
    if (!Number.isInteger(length) || length < 0) throw new RangeError(`continuum ${c} has an invalid length ${length}`)
    totalLength += length
    const raw = new Map<string, Unit[][]>()
    for (const unit of continuum.units) {
      if (!Number.isInteger(unit.rater) || unit.rater < 0 || unit.rater >= raters) throw new RangeError(`a unit has coder ${unit.rater}; there are ${raters}`)
      if (!(unit.start >= 0 && unit.end > unit.start && unit.end <= length)) {
        throw new RangeError(`the unit [${unit.start}, ${unit.end}) does not fit in continuum ${c} of length ${length}`)
      }
      categories.add(unit.category)
      let perRater = raw.get(unit.category)
      if (!perRater) raw.set(unit.category, (perRater = Array.from({ length: raters }, () => [])))
      perRater[unit.rater]!.push(unit)
    }
    const byCategory = new Map<string, number[][]>()
    for (const [category, perRater] of raw) byCategory.set(category, perRater.map(mergeOverlapping))
    return { length, byCategory }
  })
  return { raters, totalLength, categories: [...categories].sort(), continua }
}

/** Sorted by start; overlapping units merged into their union, touching ones kept apart. Flat [s, e, s, e …]. */
function mergeOverlapping(units: readonly Unit[]): number[] {
  const sorted = [...units].sort((a, b) => a.start - b.start || a.end - b.end)
  const flat: number[] = []
  for (const unit of sorted) {
    const last = flat.length - 1
    if (last > 0 && unit.start < flat[last]!) flat[last] = Math.max(flat[last]!, unit.end)
    else flat.push(unit.start, unit.end)
  }
  return flat
}

function categoryAlpha(prepared: Prepared, category: string): AlphaU {
  const { raters: m, totalLength: L } = prepared
  let units = 0
  for (const continuum of prepared.continua) {
    for (const flat of continuum.byCategory.get(category) ?? []) units += flat.length / 2
  }
  if (units === 0 || m < 2 || L === 0) return { observed: NaN, expected: NaN, value: NaN, units }
  const observed = observedDisagreement(prepared, category)
  const expected = expectedDisagreement(prepared, category)
  return { observed, expected, value: ratio(observed, expected), units }
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

function observedDisagreement(prepared: Prepared, category: string): number {
  const { raters: m, totalLength: L } = prepared
  let sum = 0
  for (const continuum of prepared.continua) {
    const perRater = continuum.byCategory.get(category)
    if (!perRater) continue
    const cut = perRater.map((units) => sections(units, continuum.length))
    for (let r1 = 0; r1 < m; r1++) {
      for (let r2 = r1 + 1; r2 < m; r2++) {
        const one = cut[r1]!
        const two = cut[r2]!
        // Walk both coders' sections together: every overlapping pair is met exactly once.
        let i = 0
        let j = 0
        while (i < one.length && j < two.length) {
          const end1 = one[i + 1]!
          const end2 = two[j + 1]!
          sum += sectionDistance(one[i]!, end1, one[i + 2] === 1, two[j]!, end2, two[j + 2] === 1)
          if (end1 <= end2) i += 3
          if (end2 <= end1) j += 3
        }
      }
    }
  }
  return (2 * sum) / (m * (m - 1) * L * L)
}

function expectedDisagreement(prepared: Prepared, category: string): number {
  const { raters: m, totalLength: L } = prepared
  const lengths: number[] = []
  const gaps: number[] = []
  for (const continuum of prepared.continua) {
    const perRater = continuum.byCategory.get(category)
    for (let r = 0; r < m; r++) {
      const units = perRater?.[r] ?? []
      let pos = 0
      for (let i = 0; i < units.length; i += 2) {
        if (units[i]! > pos) gaps.push(units[i]! - pos)
        lengths.push(units[i + 1]! - units[i]!)
        pos = units[i + 1]!
      }
      if (pos < continuum.length) gaps.push(continuum.length - pos)
    }
  }
  // Gaps ascending, with suffix sums: Σ_{g ≥ l} (g − l + 1) = Σ_{g ≥ l} g − (l − 1) · #{g ≥ l}.
  const sorted = Float64Array.from(gaps).sort()
  const suffix = new Float64Array(sorted.length + 1)
  for (let i = sorted.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + sorted[i]!
  const n = lengths.length
  let numerator = 0
  let squaredLengths = 0
  for (const l of lengths) {
    squaredLengths += l * (l - 1)
    const first = lowerBound(sorted, l)
    const fits = suffix[first]! - (l - 1) * (sorted.length - first)
    numerator += ((n - 1) * (2 * l * l * l - 3 * l * l + l)) / 3 + l * l * fits
  }
  return ((2 / L) * numerator) / (m * L * (m * L - 1) - squaredLengths)
}

/** The first index whose value is ≥ x in an ascending array. */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < x) lo = mid + 1
    else hi = mid
  }
  return lo
}
