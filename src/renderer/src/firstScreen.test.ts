import { afterEach, describe, expect, it, vi } from 'vitest'
import type { ArticleMeta } from '../../shared/corpus'
import { caughtUp } from './firstScreen'
import { registerText, type OpenText } from './reader/textIndex'
import { CLAIM_ONLY } from './state/test-api'

vi.mock('./api/client', () => import('./state/test-api'))

const meta = (id: string) => ({ id }) as ArticleMeta
const opening = {
  status: 'loading' as const,
  workspace: { path: '/w', name: 'w', corpusName: null, articleCount: 2, readOnly: false, warnings: [] } as never,
  articles: [meta('a'), meta('b')],
  tagset: CLAIM_ONLY,
  openArticles: ['a', 'b'],
  unreadable: {},
}
/** A column's text as the reader registers it once made (only its presence counts here). */
const made = (id: string) => registerText(id, { articleId: id, layer: 'own' } as OpenText)

describe('when the app takes the first screen’s place', () => {
  afterEach(() => {
    registerText('a', null)
    registerText('b', null)
  })

  it('once every open column’s text is made in the app, with the corpus and the labels known', () => {
    expect(caughtUp(opening)).toBe(false)
    made('a')
    expect(caughtUp(opening)).toBe(false)
    made('b')
    expect(caughtUp(opening)).toBe(true)
    expect(caughtUp({ ...opening, tagset: null })).toBe(false)
    // before the corpus is known, no column can be there: none is missing yet
    expect(caughtUp({ ...opening, workspace: null, articles: [] })).toBe(false)
  })

  it('without a column for an article that could not be read, or that the corpus no longer has', () => {
    made('a')
    expect(caughtUp({ ...opening, unreadable: { b: true } })).toBe(true)
    expect(caughtUp({ ...opening, articles: [meta('a')] })).toBe(true)
  })

  it('once the opening is over, whatever it showed (a failure too)', () => {
    expect(caughtUp({ ...opening, status: 'ready' })).toBe(true)
    expect(caughtUp({ ...opening, status: 'failed', tagset: null })).toBe(true)
  })
})
