/** A value put in a schema's shape without parsing: the same object (keys, order, defaults) as parsing gives for valid data. */
import { describe, expect, it } from 'vitest'
import bundledTagsetJson from '../../../corpus/tagset.json'
import { Annotation } from '../../shared/annotations'
import { Tagset } from '../../shared/tagset'
import { inSchemaOrder } from './schema-order'

const reversed = (value: unknown): unknown => {
  if (Array.isArray(value)) return value.map(reversed)
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reversed(v)]))
  return value
}

describe('inSchemaOrder', () => {
  const annotation: Annotation = {
    id: 'a1',
    articleId: 'article-1',
    start: 3,
    end: 9,
    unit: 'utf16',
    quote: { exact: 'sworn', prefix: 'was ', suffix: ' in' },
    label: 'claim',
    attributes: { verdict: 'true', type: ['numerical', 'causal'], checked: true, gone: null },
    note: '',
    annotator: 'Ana',
    created: '2026-01-05T09:00:00.000Z',
    modified: '2026-01-05T09:00:00.000Z',
    adjudication: { decision: 'took', agreed: ['Bo'], adjudicator: 'Cy', at: '2026-01-06T09:00:00.000Z', rationale: 'r', sources: ['Bo/a1'] },
  }

  it('gives keys in the schema’s order at every level, attribute values in the order they were set, as parsing does', () => {
    const shuffled = reversed(annotation) as Annotation
    const projected = inSchemaOrder(Annotation)(shuffled)
    expect(JSON.stringify(projected)).toBe(JSON.stringify(Annotation.parse(shuffled)))
    expect(Object.keys(projected)).toEqual(Object.keys(annotation))
  })

  it('returns a value already in shape as it is, without copying it', () => {
    const parsed = Annotation.parse(annotation)
    expect(inSchemaOrder(Annotation)(parsed)).toBe(parsed)
    const reordered = { ...parsed, quote: { suffix: parsed.quote.suffix, exact: parsed.quote.exact, prefix: parsed.quote.prefix } }
    expect(inSchemaOrder(Annotation)(reordered)).not.toBe(reordered)
    expect(JSON.stringify(inSchemaOrder(Annotation)(reordered))).toBe(JSON.stringify(parsed))
  })

  it('leaves out keys the schema does not have and fills in defaults, as parsing does (discriminated unions by their tag)', () => {
    const tagset = Tagset.parse(bundledTagsetJson)
    // a tagset as written by hand: defaults left out, keys in another order
    const sparse = reversed({
      ...tagset,
      labels: tagset.labels.map(({ guideline: _g, ...label }) => ({ ...label, attributes: label.attributes.map(({ help: _h, ...def }) => def) })),
      linkTypes: tagset.linkTypes.map(({ symmetric: _s, ...type }) => type),
    }) as Tagset
    expect(JSON.stringify(inSchemaOrder(Tagset)(sparse))).toBe(JSON.stringify(Tagset.parse(sparse)))
    expect(JSON.stringify(inSchemaOrder(Annotation)({ ...annotation, extra: 1 } as Annotation))).toBe(JSON.stringify(annotation))
  })
})
