import { describe, expect, it } from 'vitest'
import { countOf, importedCounts } from './wording'

describe('wording', () => {
  it('counts in the singular for one and the plural otherwise', () => {
    expect(countOf(1, 'entity', 'entities')).toBe('1 entity')
    expect(countOf(0, 'entity', 'entities')).toBe('0 entities')
    expect(countOf(2, 'disagreement')).toBe('2 disagreements')
    expect(countOf(12400, 'annotation')).toBe('12,400 annotations')
  })

  it('says what an import brought in', () => {
    expect(importedCounts({ annotations: 1, links: 0, entities: 1, articleNotes: 2 })).toBe('1 annotation, 0 links, 1 entity and 2 article notes')
  })
})
