import { memo, useState } from 'react'
import type { ArticleMeta } from '../../../shared/corpus'
import { useWorkbench } from '../state/store'
import { useAnnotationCounts } from '../state/summary'
import { AnnotationList } from './AnnotationList'
import { SearchPanel } from './SearchPanel'
import { ArticleBadges } from './ArticleBadges'

type Tab = 'corpus' | 'annotations' | 'search'
const TABS: { id: Tab; name: string }[] = [
  { id: 'corpus', name: 'Corpus' },
  { id: 'annotations', name: 'Annotations' },
  { id: 'search', name: 'Search' },
]

/** The left pane: the corpus, the annotation list, and search. */
export function Sidebar() {
  const [tab, setTab] = useState<Tab>('corpus')
  return (
    <div className="sidebar">
      <div className="tabs" role="tablist" aria-label="Sidebar">
        {TABS.map((t) => (
          <button key={t.id} type="button" role="tab" aria-selected={tab === t.id} className="tab" onClick={() => setTab(t.id)}>
            {t.name}
          </button>
        ))}
      </div>
      {tab === 'corpus' && <CorpusList />}
      {tab === 'annotations' && <AnnotationList />}
      {tab === 'search' && <SearchPanel />}
    </div>
  )
}

/** The corpus: every article with its metadata and annotation count; a click opens it in a new column. */
function CorpusList() {
  const annotationCounts = useAnnotationCounts()
  const articles = useWorkbench((s) => s.articles)
  const openArticles = useWorkbench((s) => s.openArticles)
  const workspace = useWorkbench((s) => s.workspace)
  return (
    <nav className="corpus-panel" aria-label="Corpus">
      <div className="sidebar-heading">
        <h2>Corpus</h2>
        <span className="count">{articles.length} articles</span>
      </div>
      {workspace?.corpusName && <p className="corpus-name">{workspace.corpusName}</p>}
      <ul className="article-list">
        {articles.map((meta) => (
          <ArticleCard key={meta.id} meta={meta} open={openArticles.includes(meta.id)} count={annotationCounts[meta.id] ?? 0} />
        ))}
      </ul>
    </nav>
  )
}

/** One article of the corpus list: rendered again only when it opens, closes or its count changes. */
const ArticleCard = memo(function ArticleCard({ meta, open, count }: { meta: ArticleMeta; open: boolean; count: number }) {
  return (
    <li>
      <button
        type="button"
        className={`article-card${open ? ' is-open' : ''}`}
        data-article-id={meta.id}
        aria-pressed={open}
        title={open ? 'Open in a column' : 'Open in a new column'}
        onClick={() => void useWorkbench.getState().openArticle(meta.id)}
      >
        <span className="article-title">{meta.title}</span>
        <ArticleBadges meta={meta} />
        {count ? (
          <span className="annotation-count" data-field="annotations">
            {count} {count === 1 ? 'annotation' : 'annotations'}
          </span>
        ) : null}
      </button>
    </li>
  )
})
