/**
 * Chance-corrected agreement coefficients for categorical codings: Cohen's κ and Scott's π for two
 * coders, Fleiss' κ for any constant number of coders per item.
 *
 * Every coefficient here is (A_o − A_e) / (1 − A_e), with A_o the observed and A_e the expected
 * agreement, after Artstein & Poesio (2008, §2–3):
 * - Cohen's κ: A_e = Σ_k P(k | coder 1) · P(k | coder 2), each coder's own distribution.
 * - Scott's π: A_e = Σ_k P(k)², the pooled distribution of both coders.
 * - Fleiss' κ (Fleiss 1971): A_o = the mean over items of the share of agreeing coder pairs,
 *   A_e = Σ_k p_k², p_k the pooled share of category k; with two coders it equals Scott's π.
 *
 * Where a coefficient is not defined:
 * - no items (or no weight): NaN. The report turns NaN into null.
 * - A_e = 1, which happens only when every coder used one and the same category throughout, so that
 *   A_o = 1 too: 1 (full agreement), rather than 0/0. DKPro Statistics made the same choice for
 *   Krippendorff's α (its FullAgreementTest, issue #35: full agreement is 1, even where chance could
 *   not have done otherwise).
 *
 * Items may carry weights (a run of characters that all coders labelled alike counts as its length),
 * so that character-level κ never builds one entry per character.
 */

import { byCodeUnits } from '../lists'

/** A chance-corrected coefficient with its parts, in full precision. */
export interface Coefficient {
  /** A_o: observed agreement, 0–1. */
  observed: number
  /** A_e: agreement expected by chance, 0–1. */
  expected: number
  /** (A_o − A_e) / (1 − A_e); NaN when there is nothing to compare. */
  value: number
  /** How many items (or how much weight: characters) it was computed over. */
  n: number
}

/** (A_o − A_e) / (1 − A_e), with the rules above for the degenerate cases. */
export function chanceCorrected(observed: number, expected: number, n: number): Coefficient {
  if (!(n > 0)) return { observed: NaN, expected: NaN, value: NaN, n: 0 }
  // A_e reaches 1 only through rounding when it is mathematically 1; A_o is then 1 as well.
  const value = expected >= 1 - 1e-12 ? (observed >= 1 - 1e-12 ? 1 : NaN) : (observed - expected) / (1 - expected)
  return { observed, expected, value, n }
}

/**
 * Cohen's κ from a square confusion matrix: matrix[i][j] is how many items (or how much weight)
 * coder 1 put in category i and coder 2 in category j.
 */
export function cohenKappaFromMatrix(matrix: readonly (readonly number[])[]): Coefficient {
  const { total, diagonal, rows, columns } = margins(matrix)
  if (!(total > 0)) return chanceCorrected(NaN, NaN, 0)
  let expected = 0
  for (let k = 0; k < rows.length; k++) expected += (rows[k]! / total) * (columns[k]! / total)
  return chanceCorrected(diagonal / total, expected, total)
}

/** Scott's π from a square confusion matrix (pooled category distribution of both coders). */
export function scottPiFromMatrix(matrix: readonly (readonly number[])[]): Coefficient {
  const { total, diagonal, rows, columns } = margins(matrix)
  if (!(total > 0)) return chanceCorrected(NaN, NaN, 0)
  let expected = 0
  for (let k = 0; k < rows.length; k++) expected += ((rows[k]! + columns[k]!) / (2 * total)) ** 2
  return chanceCorrected(diagonal / total, expected, total)
}

/** The confusion matrix of two coders' category sequences, over the categories either used (sorted). */
export function confusionMatrix<T>(a: readonly T[], b: readonly T[]): { categories: T[]; matrix: number[][] } {
  if (a.length !== b.length) throw new RangeError(`the two codings differ in length (${a.length} and ${b.length} items)`)
  const categories = [...new Set([...a, ...b])].sort(compareCategories)
  const index = new Map(categories.map((category, i) => [category, i]))
  const matrix = categories.map(() => categories.map(() => 0))
  for (let i = 0; i < a.length; i++) matrix[index.get(a[i]!)!]![index.get(b[i]!)!]! += 1
  return { categories, matrix }
}

/** Cohen's κ of two coders' category sequences (item i is a[i] and b[i]). */
export function cohenKappa<T>(a: readonly T[], b: readonly T[]): Coefficient {
  return cohenKappaFromMatrix(confusionMatrix(a, b).matrix)
}

/** Scott's π of two coders' category sequences. */
export function scottPi<T>(a: readonly T[], b: readonly T[]): Coefficient {
  return scottPiFromMatrix(confusionMatrix(a, b).matrix)
}

/** Fleiss' κ with, per category, Fleiss' (1971) category-specific κ_j. */
export interface FleissCoefficient extends Coefficient {
  /** Coders per item. */
  raters: number
  /** κ_j per category index: agreement on "category j or not", NaN where no one used j. */
  byCategory: number[]
}

/**
 * Adds up items for Fleiss' κ one at a time: each item is the number of coders who chose each
 * category (the same number of coders for every item), with an optional weight.
 */
export class FleissAccumulator {
  private raters = -1
  private weight = 0
  /** Σ w · P_i, P_i the share of agreeing coder pairs on item i. */
  private agreement = 0
  /** Σ w · n_ij per category. */
  private readonly totals: number[]
  /** Σ w · n_ij (m − n_ij) per category, for κ_j. */
  private readonly disagreements: number[]

  constructor(readonly categories: number) {
    this.totals = new Array<number>(categories).fill(0)
    this.disagreements = new Array<number>(categories).fill(0)
  }

  add(counts: ArrayLike<number>, weight = 1): void {
    if (counts.length !== this.categories) throw new RangeError(`an item has ${counts.length} categories, not ${this.categories}`)
    if (!(weight > 0)) return
    let m = 0
    let squares = 0
    for (let j = 0; j < counts.length; j++) {
      const c = counts[j]!
      m += c
      squares += c * c
    }
    if (this.raters === -1) this.raters = m
    else if (m !== this.raters) throw new RangeError(`every item needs the same number of coders (${this.raters}), one has ${m}`)
    if (m < 2) throw new RangeError('Fleiss\' κ needs at least two coders per item')
    this.weight += weight
    this.agreement += (weight * (squares - m)) / (m * (m - 1))
    for (let j = 0; j < counts.length; j++) {
      const c = counts[j]!
      if (c === 0) continue
      this.totals[j]! += weight * c
      this.disagreements[j]! += weight * c * (m - c)
    }
  }

  result(): FleissCoefficient {
    const m = this.raters
    if (!(this.weight > 0)) return { ...chanceCorrected(NaN, NaN, 0), raters: Math.max(m, 0), byCategory: this.totals.map(() => NaN) }
    const ratings = this.weight * m
    let expected = 0
    for (const total of this.totals) expected += (total / ratings) ** 2
    const byCategory = this.totals.map((total, j) => {
      const p = total / ratings
      if (p === 0) return NaN
      if (p === 1) return 1
      return 1 - this.disagreements[j]! / (this.weight * m * (m - 1) * p * (1 - p))
    })
    return { ...chanceCorrected(this.agreement / this.weight, expected, this.weight), raters: m, byCategory }
  }
}

/**
 * Fleiss' κ from an items × categories matrix of counts: counts[i][j] is how many coders put item i
 * in category j. Every row must add up to the same number of coders (at least two).
 */
export function fleissKappaFromCounts(counts: readonly (readonly number[])[], weights?: readonly number[]): FleissCoefficient {
  const categories = counts[0]?.length ?? 0
  const accumulator = new FleissAccumulator(categories)
  counts.forEach((row, i) => accumulator.add(row, weights ? weights[i] : 1))
  return accumulator.result()
}

/**
 * Fleiss' κ from N coders' category sequences: codings[r][i] is coder r's category for item i.
 * Categories are those anyone used, sorted; `categories` in the answer names byCategory's entries.
 */
export function fleissKappa<T>(codings: readonly (readonly T[])[]): FleissCoefficient & { categories: T[] } {
  const items = codings[0]?.length ?? 0
  for (const coding of codings) {
    if (coding.length !== items) throw new RangeError('every coder needs a category for every item')
  }
  const categories = [...new Set(codings.flat())].sort(compareCategories)
  const index = new Map(categories.map((category, i) => [category, i]))
  const accumulator = new FleissAccumulator(categories.length)
  const counts = new Array<number>(categories.length)
  for (let i = 0; i < items; i++) {
    counts.fill(0)
    for (const coding of codings) counts[index.get(coding[i]!)!]! += 1
    accumulator.add(counts)
  }
  return { ...accumulator.result(), categories }
}

/**
 * Items of two coders counted by their pair of ratings: `counts.get(x)?.get(y)` items were put in
 * category x by the first coder and in y by the second.
 */
export type RatingPairCounts = ReadonlyMap<string, ReadonlyMap<string, number>>

/**
 * Cohen's κ (or, with `fleiss`, Fleiss' κ with two ratings per item) from counted pairs of ratings:
 * the same numbers as cohenKappa / fleissKappa over the items one by one (every sum over the items is
 * a sum of whole numbers, so counting them first changes no digit), without a list per item.
 */
export function kappaOfRatingPairs(counts: RatingPairCounts, fleiss: boolean): Coefficient {
  const seen = new Set<string>()
  let items = 0
  for (const [x, row] of counts) {
    for (const [y, count] of row) {
      if (!(count > 0)) continue
      items += count
      seen.add(x)
      seen.add(y)
    }
  }
  if (items === 0) return chanceCorrected(NaN, NaN, 0)
  const categories = [...seen].sort(compareCategories)
  const index = new Map(categories.map((category, i) => [category, i]))
  if (fleiss) {
    const accumulator = new FleissAccumulator(categories.length)
    const ratings = new Array<number>(categories.length).fill(0)
    for (const [x, row] of counts) {
      for (const [y, count] of row) {
        if (!(count > 0)) continue
        ratings.fill(0)
        ratings[index.get(x)!]! += 1
        ratings[index.get(y)!]! += 1
        accumulator.add(ratings, count)
      }
    }
    return accumulator.result()
  }
  const matrix = categories.map(() => categories.map(() => 0))
  for (const [x, row] of counts) for (const [y, count] of row) if (count > 0) matrix[index.get(x)!]![index.get(y)!]! += count
  return cohenKappaFromMatrix(matrix)
}

function margins(matrix: readonly (readonly number[])[]): { total: number; diagonal: number; rows: number[]; columns: number[] } {
  const size = matrix.length
  const rows = new Array<number>(size).fill(0)
  const columns = new Array<number>(size).fill(0)
  let total = 0
  let diagonal = 0
  matrix.forEach((row, i) => {
    if (row.length !== size) throw new RangeError('a confusion matrix is square')
    row.forEach((cell, j) => {
      rows[i]! += cell
      columns[j]! += cell
      total += cell
      if (i === j) diagonal += cell
    })
  })
  return { total, diagonal, rows, columns }
}

function compareCategories(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return byCodeUnits(String(a), String(b))
}
