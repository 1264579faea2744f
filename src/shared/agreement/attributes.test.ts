import { describe, expect, it } from 'vitest'
import { type AttributeDef } from '../tagset'
import { attributeAgreement, type AttributedSpan, type LabelAttributes } from './attributes'

/** Matched pairs of spans, as a list the tests can cut. */
type Pairs = (readonly [AttributedSpan, AttributedSpan])[]

const SEVERITY: AttributeDef = { id: 'severity', name: 'Severity', help: '', type: 'one-of', values: ['neutral', 'minor', 'major', 'critical'], needsNote: [] }
const NOTE: AttributeDef = { id: 'correction', name: 'Correction', help: '', type: 'text', maxLength: 100 }
const CHECKED: AttributeDef = { id: 'checked', name: 'Checked', help: '', type: 'boolean' }
const TYPE: AttributeDef = {
  id: 'type',
  name: 'Type',
  help: '',
  type: 'many-of',
  values: ['event or property', 'numerical', 'causal', 'quote', 'position', 'speculative'],
}
const LABELS: LabelAttributes[] = [
  { id: 'translation-error', attributes: [SEVERITY, NOTE, CHECKED] },
  { id: 'claim', attributes: [TYPE] },
]

let offset = 0
function spanOf(label: string, attributes: AttributedSpan['attributes']): AttributedSpan {
  offset += 10
  return { articleId: 'a', start: offset, end: offset + 5, label, attributes }
}
function pair(label: string, a: AttributedSpan['attributes'], b: AttributedSpan['attributes']): readonly [AttributedSpan, AttributedSpan] {
  return [spanOf(label, a), spanOf(label, b)]
}

describe('agreement on one-of attributes', () => {
  // Five matched translation errors; severity A/B: minor/minor, major/major, minor/major,
  // critical/critical, minor/(unset). The unset pair is skipped: 4 items, 3 agree, A_o = .75.
  // A: minor 2, major 1, critical 1; B: minor 1, major 2, critical 1.
  // A_e = (2·1 + 1·2 + 1·1)/16 = 5/16 = .3125; κ = (.75 − .3125)/(1 − .3125) = .4375/.6875 = .6364.
  const matched: Pairs = [
    pair('translation-error', { severity: 'minor', checked: true }, { severity: 'minor', checked: true }),
    pair('translation-error', { severity: 'major', checked: false }, { severity: 'major', checked: true }),
    pair('translation-error', { severity: 'minor', checked: true }, { severity: 'major', checked: true }),
    pair('translation-error', { severity: 'critical' }, { severity: 'critical', checked: false }),
    pair('translation-error', { severity: 'minor', correction: 'x' }, { severity: null, correction: 'x' }),
  ]

  it('Cohen\'s κ over the pairs where both set it', () => {
    const result = attributeAgreement([matched], LABELS)['translation-error.severity']!
    expect(result.n).toBe(4)
    expect(result.skipped).toBe(1)
    expect(result.observed).toBeCloseTo(0.75, 12)
    expect(result.kappa).toBeCloseTo(0.4375 / 0.6875, 12)
  })

  it('booleans are two categories; text attributes get no κ', () => {
    // checked: true/true, false/true, true/true; two pairs skipped. A_o = 2/3;
    // A: true 2, false 1; B: true 3. A_e = (2·3 + 1·0)/9 = 2/3 → κ = 0.
    const result = attributeAgreement([matched], LABELS)
    expect(result['translation-error.checked']!.n).toBe(3)
    expect(result['translation-error.checked']!.kappa).toBeCloseTo(0, 12)
    expect(result['translation-error.correction']).toBeUndefined()
  })

  it('Fleiss\' κ (two ratings per pair) when there are more annotators', () => {
    // The same pairs split over two pairs of annotators: pooled, Scott's π of the four items.
    // Pooled: minor 3, major 3, critical 2 of 8 → A_e = (9 + 9 + 4)/64 = .34375;
    // π = (.75 − .34375)/(.65625) = .6190.
    const result = attributeAgreement([matched.slice(0, 2), matched.slice(2)], LABELS)['translation-error.severity']!
    expect(result.n).toBe(4)
    expect(result.kappa).toBeCloseTo((0.75 - 0.34375) / 0.65625, 12)
  })

  it('is not defined without pairs', () => {
    expect(attributeAgreement([[]], LABELS)['translation-error.severity']!.kappa).toBeNaN()
  })
})

describe('agreement on many-of attributes', () => {
  // Three matched claims; type A/B: {numerical}/{numerical}, {numerical, causal}/{causal}, {}/{}.
  const matched: Pairs = [
    pair('claim', { type: ['numerical'] }, { type: ['numerical'] }),
    pair('claim', { type: ['numerical', 'causal'] }, { type: ['causal'] }),
    pair('claim', { type: [] }, { type: [] }),
  ]
  const result = attributeAgreement([matched], LABELS)['claim.type']!

  it('κ per value, as a yes/no question', () => {
    // numerical: A yes, yes, no; B yes, no, no. A_o = 2/3; A_e = (2/3)(1/3) + (1/3)(2/3) = 4/9;
    // κ = (2/3 − 4/9)/(5/9) = .4. causal: no, yes, no both: 1.
    expect(result.values!.numerical!.kappa).toBeCloseTo(0.4, 12)
    expect(result.values!.causal!.kappa).toBe(1)
    expect(result.values!.quote!.kappa).toBe(1)
  })

  it('the attribute\'s κ pools the yes/no items of every value; Jaccard is the mean overlap of the sets', () => {
    // 6 values × 3 pairs = 18 items, one disagreement: A_o = 17/18. Yes: A 3, B 2.
    // A_e = (3·2 + 15·16)/18² = 246/324; κ = (306 − 246)/(324 − 246) = 60/78 = .7692.
    expect(result.n).toBe(3)
    expect(result.kappa).toBeCloseTo(60 / 78, 12)
    // Jaccard: 1, 1/2, 1 (both empty) → 5/6.
    expect(result.jaccard).toBeCloseTo(5 / 6, 12)
  })
})
