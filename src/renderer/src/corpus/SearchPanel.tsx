import { useState, type FormEvent } from 'react'
import type { SearchHit } from '../../../shared/annotations'
import { call } from '../api/client'
import { useWorkbench } from '../state/store'
import { jumpTo } from '../reader/jump'
import { ArticleSelect } from './ArticleSelect'

/** Search one article or the whole corpus; a hit is shown highlighted in its column. */
export function SearchPanel() {
  const articles = useWorkbench((s) => s.articles)
  const active = useWorkbench((s) => s.searchHit)
  const [query, setQuery] = useState('')
  const [article, setArticle] = useState('')
  const [caseSensitive, setCaseSensitive] = useState(false)
  const [result, setResult] = useState<{ hits: SearchHit[]; truncated: boolean } | null>(null)

  const search = async (event: FormEvent) => {
    event.preventDefault()
    if (!query.trim()) return
    try {
      setResult(await call('corpus:search', { query, caseSensitive, ...(article ? { articleId: article } : {}) }))
    } catch (error) {
      useWorkbench.getState().notify('error', (error as Error).message)
    }
  }
  const show = (hit: SearchHit) => {
    useWorkbench.getState().showSearchHit(hit)
    void jumpTo({ articleId: hit.articleId, start: hit.start })
  }
  return (
    <div className="search-panel">
      <form className="filters" onSubmit={(event) => void search(event)} role="search">
        <input aria-label="Search text" placeholder="Search the corpus…" value={query} onChange={(e) => setQuery(e.target.value)} maxLength={500} />
        <ArticleSelect label="Search in" value={article} onChange={setArticle} all="All articles" />
        <label className="toggle">
          <input type="checkbox" checked={caseSensitive} onChange={(e) => setCaseSensitive(e.target.checked)} />
          Match case
        </label>
        <button type="submit" className="primary-button">
          Search
        </button>
      </form>
      {result && (
        <p className="count list-count" data-testid="search-count">
          {result.hits.length}
          {result.truncated ? '+' : ''} {result.hits.length === 1 ? 'match' : 'matches'}
        </p>
      )}
      <ul className="annotation-list">
        {result?.hits.map((hit) => (
          <li key={`${hit.articleId}:${hit.start}`}>
            <button type="button" className={`annotation-item${active?.articleId === hit.articleId && active.start === hit.start ? ' is-selected' : ''}`} onClick={() => show(hit)}>
              <span className="search-context">
                …{hit.before}
                <mark>{hit.match}</mark>
                {hit.after}…
              </span>
              <span className="annotation-where">{articles.find((a) => a.id === hit.articleId)?.title}</span>
            </button>
          </li>
        ))}
      </ul>
    </div>
  )
}
