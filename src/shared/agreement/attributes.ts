/**
 * Agreement on the attributes of matched spans: where two annotators tagged the same thing (overlap
 * matching, same label), did they give it the same category, severity, verdict …?
 *
 * The items are the matched pairs of spans; each annotator's value is one rating.
 * - one-of, boolean and entity attributes are nominal: κ over the values (an entity by its id).
 * - many-of: every value of the list is a yes/no question of its own ("is 'numerical' among the
 *   types?"), with a κ per value; the attribute's κ pools all those yes/no items, and `jaccard` is
 *   the mean |A ∩ B| / |A ∪ B| over the pairs (1 when both chose nothing).
 * - text attributes are free text and get no κ.
 * - A pair where either annotator left the attribute unset (null, missing, or a value of the wrong
 *   type) is not an item: it is counted in `skipped`. (Treating "unset" as a category would reward
 *   two annotators for both ignoring an optional attribute.)
 *
 * With two annotators κ is Cohen's. With more, the matched pairs of every pair of annotators are
 * pooled and κ is Fleiss' with two ratings per item (which is Scott's π over the pooled pairs), since
 * matchings between different pairs of annotators need not line up into one item per span.
 */

import { type AttributeDef, type AttributeValue } from '../tagset'
import { kappaOfRatingPairs, type RatingPairCounts } from './kappa'
import { type SpanLike } from './spans'

export interface AttributedSpan extends SpanLike {
  attributes: Readonly<Record<string, AttributeValue | undefined>>
}

/** The matched pairs of spans of one pair of annotators, the earlier annotator's first (read once, in order). */
export type MatchedSpans = Iterable<readonly [AttributedSpan, AttributedSpan]>

export interface ValueAgreement {
  /** Cohen's κ (two annotators) or Fleiss' κ (more); NaN when not defined. */
  kappa: number
  /** Share of items on which the two ratings are the same. */
  observed: number
  /** Items: matched pairs where both set the attribute (for many-of: per value, the same pairs). */
  n: number
}

export interface AttributeAgreement extends ValueAgreement {
  label: string
  attribute: string
  type: AttributeDef['type']
  /** Matched pairs left out because one or both did not set the attribute. */
  skipped: number
  /** many-of only: agreement per value. */
  values?: Record<string, ValueAgreement>
  /** many-of only: mean Jaccard similarity of the two sets over the pairs. */
  jaccard?: number
}

/** What attribute agreement needs of the tagset: labels with their attributes. */
export interface LabelAttributes {
  id: string
  attributes: readonly AttributeDef[]
}

/**
 * κ per attribute of every label, over the matched spans of each pair of annotators (one list per
 * pair). Keys are "<label>.<attribute>"; text attributes are left out.
 *
 * One pass over the matched pairs counts, per attribute, how often each pair of values occurs (and
 * for many-of, each value's yes/no pairs): no list of ratings is built per item.
 */
export function attributeAgreement(matched: readonly MatchedSpans[], labels: readonly LabelAttributes[]): Record<string, AttributeAgreement> {
  const fleiss = matched.length > 1
  const perLabel = labels.map((label) => label.attributes.filter((def) => def.type !== 'text').map((def) => (def.type === 'many-of' ? new ManyOfTally(def) : new NominalTally(def))))
  const byLabelId = new Map<string, Tally[]>()
  labels.forEach((label, k) => {
    const tallies = byLabelId.get(label.id)
    if (tallies) tallies.push(...perLabel[k]!)
    else byLabelId.set(label.id, [...perLabel[k]!])
  })
  for (const list of matched) {
    for (const [a, b] of list) {
      if (a.label !== b.label) continue
      for (const tally of byLabelId.get(a.label) ?? []) tally.add(a.attributes[tally.def.id], b.attributes[tally.def.id])
    }
  }
  const result: Record<string, AttributeAgreement> = {}
  labels.forEach((label, k) => {
    for (const tally of perLabel[k]!) result[`${label.id}.${tally.def.id}`] = tally.result(label.id, fleiss)
  })
  return result
}

interface Tally {
  readonly def: AttributeDef
  add(a: AttributeValue | undefined, b: AttributeValue | undefined): void
  result(label: string, fleiss: boolean): AttributeAgreement
}

/** Counts of (first, second) pairs of values. */
class PairCounts {
  readonly counts = new Map<string, Map<string, number>>()
  add(x: string, y: string, count = 1): void {
    let row = this.counts.get(x)
    if (!row) this.counts.set(x, (row = new Map()))
    row.set(y, (row.get(y) ?? 0) + count)
  }
}

class NominalTally implements Tally {
  private readonly pairs = new PairCounts()
  private skipped = 0
  constructor(readonly def: AttributeDef) {}

  add(a: AttributeValue | undefined, b: AttributeValue | undefined): void {
    const x = nominalValue(this.def, a)
    const y = nominalValue(this.def, b)
    if (x === null || y === null) this.skipped++
    else this.pairs.add(x, y)
  }

  result(label: string, fleiss: boolean): AttributeAgreement {
    return { label, attribute: this.def.id, type: this.def.type, skipped: this.skipped, ...agreementOf(this.pairs.counts, fleiss) }
  }
}

/** Per value, how many pairs had it on both sides, on the first only, on the second only. */
interface ValueCounts {
  both: number
  first: number
  second: number
}

class ManyOfTally implements Tally {
  private items = 0
  private skipped = 0
  private jaccard = 0
  /** The tagset's values, then the others in the order they were met (first's, then second's). */
  private readonly values: Set<string>
  private readonly byValue = new Map<string, ValueCounts>()
  constructor(readonly def: AttributeDef & { type: 'many-of' }) {
    this.values = new Set(def.values)
  }

  add(a: AttributeValue | undefined, b: AttributeValue | undefined): void {
    if (!Array.isArray(a) || !Array.isArray(b)) {
      this.skipped++
      return
    }
    this.items++
    // each list as a set: a value counts once, where it first appears
    let sizeX = 0
    let sizeY = 0
    let both = 0
    a.forEach((value, k) => {
      if (a.indexOf(value) !== k) return
      sizeX++
      this.values.add(value)
      const counts = this.countsOf(value)
      if (b.includes(value)) {
        both++
        counts.both++
      } else counts.first++
    })
    b.forEach((value, k) => {
      if (b.indexOf(value) !== k) return
      sizeY++
      this.values.add(value)
      if (!a.includes(value)) this.countsOf(value).second++
    })
    const union = sizeX + sizeY - both
    this.jaccard += union === 0 ? 1 : both / union
  }

  private countsOf(value: string): ValueCounts {
    let counts = this.byValue.get(value)
    if (!counts) this.byValue.set(value, (counts = { both: 0, first: 0, second: 0 }))
    return counts
  }

  result(label: string, fleiss: boolean): AttributeAgreement {
    // each value is a yes/no question per pair: "true" or "false" on each side
    const pooled = new PairCounts()
    const values: Record<string, ValueAgreement> = {}
    for (const value of this.values) {
      const { both, first, second } = this.byValue.get(value) ?? { both: 0, first: 0, second: 0 }
      const pairs = new PairCounts()
      for (const [x, y, count] of [
        ['true', 'true', both],
        ['true', 'false', first],
        ['false', 'true', second],
        ['false', 'false', this.items - both - first - second],
      ] as const) {
        if (count === 0) continue
        pairs.add(x, y, count)
        pooled.add(x, y, count)
      }
      values[value] = agreementOf(pairs.counts, fleiss)
    }
    const agreement = agreementOf(pooled.counts, fleiss)
    return {
      label,
      attribute: this.def.id,
      type: this.def.type,
      kappa: agreement.kappa,
      observed: agreement.observed,
      n: this.items,
      skipped: this.skipped,
      values,
      jaccard: this.items === 0 ? NaN : this.jaccard / this.items,
    }
  }
}

function nominalValue(def: AttributeDef, value: AttributeValue | undefined): string | null {
  switch (def.type) {
    case 'boolean':
      return typeof value === 'boolean' ? String(value) : null
    case 'one-of':
    case 'entity':
      return typeof value === 'string' && value !== '' ? value : null
    default:
      return null
  }
}

function agreementOf(counts: RatingPairCounts, fleiss: boolean): ValueAgreement {
  const coefficient = kappaOfRatingPairs(counts, fleiss)
  return { kappa: coefficient.value, observed: coefficient.observed, n: coefficient.n }
}
