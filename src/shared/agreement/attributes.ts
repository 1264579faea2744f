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
import { cohenKappa, fleissKappa } from './kappa'
import { type SpanLike } from './spans'

export interface AttributedSpan extends SpanLike {
  attributes: Readonly<Record<string, AttributeValue | undefined>>
}

/** The matched pairs of spans of one pair of annotators, the earlier annotator's first. */
export type MatchedSpans = readonly (readonly [AttributedSpan, AttributedSpan])[]

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
 */
export function attributeAgreement(matched: readonly MatchedSpans[], labels: readonly LabelAttributes[]): Record<string, AttributeAgreement> {
  const result: Record<string, AttributeAgreement> = {}
  const fleiss = matched.length > 1
  for (const label of labels) {
    const pairs = matched.map((list) => list.filter(([a, b]) => a.label === label.id && b.label === label.id))
    for (const def of label.attributes) {
      if (def.type === 'text') continue
      const key = `${label.id}.${def.id}`
      if (def.type === 'many-of') result[key] = manyOf(label.id, def, pairs, fleiss)
      else result[key] = nominal(label.id, def, pairs, fleiss)
    }
  }
  return result
}

function nominal(label: string, def: AttributeDef, pairs: readonly MatchedSpans[], fleiss: boolean): AttributeAgreement {
  const first: string[] = []
  const second: string[] = []
  let skipped = 0
  for (const list of pairs) {
    for (const [a, b] of list) {
      const x = nominalValue(def, a.attributes[def.id])
      const y = nominalValue(def, b.attributes[def.id])
      if (x === null || y === null) skipped++
      else {
        first.push(x)
        second.push(y)
      }
    }
  }
  return { label, attribute: def.id, type: def.type, skipped, ...agreementOf(first, second, fleiss) }
}

function manyOf(label: string, def: AttributeDef & { type: 'many-of' }, pairs: readonly MatchedSpans[], fleiss: boolean): AttributeAgreement {
  const sets: [Set<string>, Set<string>][] = []
  let skipped = 0
  for (const list of pairs) {
    for (const [a, b] of list) {
      const x = a.attributes[def.id]
      const y = b.attributes[def.id]
      if (!Array.isArray(x) || !Array.isArray(y)) skipped++
      else sets.push([new Set(x), new Set(y)])
    }
  }
  const values = [...new Set([...def.values, ...sets.flatMap(([x, y]) => [...x, ...y])])]
  const pooledFirst: string[] = []
  const pooledSecond: string[] = []
  const byValue: Record<string, ValueAgreement> = {}
  for (const value of values) {
    const first = sets.map(([x]) => String(x.has(value)))
    const second = sets.map(([, y]) => String(y.has(value)))
    byValue[value] = agreementOf(first, second, fleiss)
    pooledFirst.push(...first)
    pooledSecond.push(...second)
  }
  let jaccard = 0
  for (const [x, y] of sets) {
    const union = new Set([...x, ...y]).size
    const both = [...x].filter((value) => y.has(value)).length
    jaccard += union === 0 ? 1 : both / union
  }
  const pooled = agreementOf(pooledFirst, pooledSecond, fleiss)
  return {
    label,
    attribute: def.id,
    type: def.type,
    kappa: pooled.kappa,
    observed: pooled.observed,
    n: sets.length,
    skipped,
    values: byValue,
    jaccard: sets.length === 0 ? NaN : jaccard / sets.length,
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

function agreementOf(first: readonly string[], second: readonly string[], fleiss: boolean): ValueAgreement {
  if (first.length === 0) return { kappa: NaN, observed: NaN, n: 0 }
  const coefficient = fleiss ? fleissKappa([first, second]) : cohenKappa(first, second)
  return { kappa: coefficient.value, observed: coefficient.observed, n: first.length }
}
