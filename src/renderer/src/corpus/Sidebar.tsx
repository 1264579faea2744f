import { useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { annotationsByArticle } from '../../../shared/layer-state'
import { useWorkbench } from '../state/store'
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
  const annotationCounts = useWorkbench(
    useShallow((s) => {
      // grouped once per version of the layer (this runs on every change of the store)
      const byArticle: Record<string, number> = {}
      for (const [articleId, annotations] of annotationsByArticle(s.layer.annotations)) byArticle[articleId] = annotations.length
      return byArticle
    }),
  )
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
        {articles.map((meta) => {
          const open = openArticles.includes(meta.id)
          return (
            <li key={meta.id}>
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
                {annotationCounts[meta.id] ? (
                  <span className="annotation-count" data-field="annotations">
                    {annotationCounts[meta.id]} {annotationCounts[meta.id] === 1 ? "annotation" : "annotations"}
                  </span>
                ) : null}
              </button>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
