import { useEffect, useMemo, useState } from 'react'
import { useShallow } from 'zustand/react/shallow'
import { differenceLabels, type Disagreement } from '../../../shared/review/disagreements'
import { countOf } from '../../../shared/wording'
import { ArticleText } from '../reader/ArticleText'
import { scrollToOffset } from '../reader/interaction'
import { columnKey } from '../reader/textIndex'
import { useWorkbench } from '../state/store'
import { ArticleSelect } from '../corpus/ArticleSelect'
import { AnnotatorChecks } from './AnnotatorChecks'
import { DisagreementPanel } from './DisagreementPanel'
import { settle } from './settle'
import { useDisagreements, useLayerNames } from './useDisagreements'

/**
 * The review: one article shown once per annotator, side by side, with the gold layer beside them;
 * where they differ is marked, and a queue steps through every difference to settle it into gold.
 */
export function ReviewView() {
  const { articles, texts, articleId, chosen } = useWorkbench(useShallow((s) => ({ articles: s.articles, texts: s.texts, articleId: s.reviewArticle, chosen: s.reviewAnnotators })))
  const decisions = useWorkbench((s) => s.gold.decisions)
  const loaded = useWorkbench((s) => (articleId ? s.loadedArticles[articleId] === true : false))
  const everyone = useLayerNames()
  const articleIds = useMemo(() => (articleId ? [articleId] : []), [articleId])
  const items = useDisagreements(articleIds)
  const queue = useMemo(() => items.filter((item) => !item.agreed), [items])
  const agreed = useMemo(() => items.filter((item) => item.agreed && !decisions[item.key]), [items, decisions])
  const [position, setPosition] = useState(0)
  const current: Disagreement | undefined = queue[Math.min(position, queue.length - 1)]
  const state = useWorkbench.getState()

  // first visit: the first article with work, everyone's layers
  useEffect(() => {
    if (!articleId && articles[0]) state.setReview({ reviewArticle: articles[0].id })
    if (chosen.length === 0 && everyone.length >= 2) state.setReview({ reviewAnnotators: everyone })
  }, [articleId, articles, chosen.length, everyone, state])
  useEffect(() => {
    if (articleId && texts[articleId] === undefined) void state.loadText(articleId)
  }, [articleId, texts, state])
  // the review holds the layers of the article under review, not the workspace's
  useEffect(() => {
    if (articleId && !loaded) state.loadArticles([articleId]).catch((error: Error) => state.notify('error', `The layers of this article could not be read: ${error.message}`))
  }, [articleId, loaded, state])
  // what the painter marks: every differing annotation, and the current item's
  useEffect(() => {
    const differing = new Set(queue.flatMap((item) => Object.values(item.versions).flat().map((a) => a.id)))
    const current = new Set(queue[Math.min(position, queue.length - 1)] ? Object.values(queue[Math.min(position, queue.length - 1)]!.versions).flat().map((a) => a.id) : [])
    for (const gold of Object.values(useWorkbench.getState().gold.annotations)) {
      const item = queue[Math.min(position, queue.length - 1)]
      if (item && gold.articleId === item.articleId && gold.start < item.end && gold.end > item.start) current.add(gold.id)
    }
    state.setReviewMarks({ differing, current })
  }, [queue, position, state, decisions])
  useEffect(() => {
    if (!current) return
    for (const name of chosen) scrollToOffset(columnKey(current.articleId, { annotator: name }), current.start)
    scrollToOffset(columnKey(current.articleId, 'gold'), current.start)
  }, [current, chosen])

  const text = articleId ? texts[articleId] : undefined
  const meta = articles.find((a) => a.id === articleId)
  const settled = queue.filter((item) => decisions[item.key]).length
  return (
    <div className="review">
      <div className="review-toolbar" role="toolbar" aria-label="Review">
        <label className="inline-field">
          Article
          <ArticleSelect
            label="Article under review"
            value={articleId ?? ''}
            onChange={(id) => {
              setPosition(0)
              state.setReview({ reviewArticle: id })
            }}
          />
        </label>
        <AnnotatorChecks everyone={everyone} chosen={chosen} />
        <span className="spacer" />
        <span className="review-progress" data-testid="review-progress">
          {countOf(queue.length, 'disagreement')} · {settled} settled · {queue.length - settled} left · {agreed.length} agreed not yet in gold
        </span>
        <button type="button" className="tool-button" disabled={agreed.length === 0} onClick={() => void settle(agreed, { kind: 'accept' }, '')}>
          Accept all agreed ({agreed.length})
        </button>
      </div>
      {chosen.length < 2 ? (
        <div className="empty-state review-empty">
          <h2>Nothing to compare yet</h2>
          <p>The review compares two or more annotators' layers. Import a colleague's export (Import…) or choose more annotators above.</p>
        </div>
      ) : (
        <div className="review-body">
          <div className="review-columns">
            {meta && text !== undefined && (
              <>
                {chosen.map((name) => (
                  <section key={name} className="column" data-testid="review-column" data-annotator={name} aria-label={`${name}'s annotations`}>
                    <header className="column-header">
                      <h2 className="column-title">{name}</h2>
                    </header>
                    <div className="column-body">
                      <ArticleText articleId={meta.id} text={text} language={meta.language} layer={{ annotator: name }} />
                    </div>
                  </section>
                ))}
                <section className="column gold-column" data-testid="review-column" data-annotator="gold" aria-label="Gold">
                  <header className="column-header">
                    <h2 className="column-title">Gold</h2>
                  </header>
                  <div className="column-body">
                    <ArticleText articleId={meta.id} text={text} language={meta.language} layer="gold" />
                  </div>
                </section>
              </>
            )}
          </div>
          <DisagreementPanel item={current} index={Math.min(position, queue.length - 1)} count={queue.length} onMove={(delta) => setPosition((p) => Math.max(0, Math.min(queue.length - 1, p + delta)))} />
        </div>
      )}
      <p className="review-legend">
        Marked: {Object.values(differenceLabels).join(', ')}. Wavy underline: the annotators differ there.
      </p>
    </div>
  )
}
