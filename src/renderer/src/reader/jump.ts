import { useWorkbench } from '../state/store'
import { scrollToOffset } from './interaction'

/** Shows an annotation: opens its article if it is not open, selects it and scrolls it into view. */
export async function jumpTo(target: { id?: string; articleId: string; start: number }): Promise<void> {
  const state = useWorkbench.getState()
  if (!state.openArticles.includes(target.articleId)) await state.openArticle(target.articleId)
  if (target.id && state.layer.annotations[target.id]) state.select(target.id)
  requestAnimationFrame(() => scrollToOffset(target.articleId, target.start))
}
