import { useState, type DragEvent } from 'react'
import { useWorkbench } from '../state/store'
import { ArticleBadges } from '../corpus/ArticleBadges'
import { ArticleNote } from './ArticleNote'
import { ArticleText } from './ArticleText'

const DRAG_TYPE = 'application/x-parallax-column'

/**
 * One open article: its header (metadata, move, close) and its text, scrolling on its own. The
 * column is there before its text arrives, so that the columns' widths are set once: a column
 * appearing narrows every other one, whose text is laid out again.
 */
export function Column({ articleId, index, count }: { articleId: string; index: number; count: number }) {
  const meta = useWorkbench((s) => s.articles.find((a) => a.id === articleId))
  const text = useWorkbench((s) => s.texts[articleId])
  const unreadable = useWorkbench((s) => s.unreadable[articleId] === true)
  const [dropTarget, setDropTarget] = useState(false)
  if (!meta) return null
  const { moveArticle, closeArticle } = useWorkbench.getState()

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDropTarget(false)
    const dragged = event.dataTransfer.getData(DRAG_TYPE)
    if (dragged && dragged !== articleId) moveArticle(dragged, index)
  }

  return (
    <section
      className={`column${dropTarget ? ' is-drop-target' : ''}`}
      data-testid="column"
      data-article-id={articleId}
      aria-label={meta.title}
      onDragOver={(event) => {
        if (event.dataTransfer.types.includes(DRAG_TYPE)) {
          event.preventDefault()
          setDropTarget(true)
        }
      }}
      onDragLeave={() => setDropTarget(false)}
      onDrop={onDrop}
    >
      <header
        className="column-header"
        draggable
        onDragStart={(event) => {
          event.dataTransfer.setData(DRAG_TYPE, articleId)
          event.dataTransfer.effectAllowed = 'move'
          // the columns' texts are documents of their own, which would take the drag's events: let them pass to the columns
          document.body.classList.add('dragging-column')
          // until the drag ends, wherever it ends (the header itself may have been moved by the drop, or
          // closed: then the first move of the mouse with no button down says it is over)
          const ended = (event: Event) => {
            if (event.type === 'mousemove' && (event as MouseEvent).buttons !== 0) return
            document.body.classList.remove('dragging-column')
            for (const type of ['dragend', 'drop', 'mousemove']) window.removeEventListener(type, ended, true)
          }
          for (const type of ['dragend', 'drop', 'mousemove']) window.addEventListener(type, ended, true)
        }}
      >
        <div className="column-title-row">
          <h2 className="column-title">{meta.title}</h2>
          <div className="column-actions">
            <button type="button" className="icon-button" aria-label="Move left" disabled={index === 0} onClick={() => moveArticle(articleId, index - 1)}>
              ‹
            </button>
            <button
              type="button"
              className="icon-button"
              aria-label="Move right"
              disabled={index === count - 1}
              onClick={() => moveArticle(articleId, index + 1)}
            >
              ›
            </button>
            <button type="button" className="icon-button" aria-label="Close column" onClick={() => closeArticle(articleId)}>
              ×
            </button>
          </div>
        </div>
        <div className="column-meta-row">
          <ArticleBadges meta={meta} />
          <ArticleNote meta={meta} />
        </div>
      </header>
      <div className="column-body">
        {text === undefined && (
          <p className="column-loading" role="status">
            {unreadable ? 'This article could not be opened.' : 'Opening the article…'}
          </p>
        )}
        <ArticleText articleId={articleId} text={text} language={meta.language} />
      </div>
    </section>
  )
}
