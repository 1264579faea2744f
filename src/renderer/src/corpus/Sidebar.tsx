import { useWorkbench } from '../state/store'
import { ArticleBadges } from './ArticleBadges'

/** The corpus: every article with its metadata; a click opens it in a new column. */
export function Sidebar() {
  const articles = useWorkbench((s) => s.articles)
  const openArticles = useWorkbench((s) => s.openArticles)
  const workspace = useWorkbench((s) => s.workspace)
  return (
    <nav className="sidebar" aria-label="Corpus">
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
              </button>
            </li>
          )
        })}
      </ul>
    </nav>
  )
}
