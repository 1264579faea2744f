import { useWorkbench } from '../state/store'
import { Column } from './Column'

/** The articles open side by side, each in its own scrolling column. */
export function Reader() {
  const openArticles = useWorkbench((s) => s.openArticles)
  const status = useWorkbench((s) => s.status)
  if (status === 'ready' && openArticles.length === 0) {
    return (
      <main className="reader reader-empty">
        <div className="empty-state">
          <h2>Read the reports side by side</h2>
          <p>Choose articles in the corpus: each opens in its own column, up to five at once. Parallax remembers them for next time.</p>
        </div>
      </main>
    )
  }
  return (
    <main className="reader" aria-label="Open articles">
      {openArticles.map((id, index) => (
        <Column key={id} articleId={id} index={index} count={openArticles.length} />
      ))}
    </main>
  )
}
